// A303 unawaited-future: an `(async ...)` whose future is discarded, or bound
// to a variable that nothing ever reads (so nothing can await it).
#include "lints/lint.hpp"

namespace ark::lints {
namespace unawaited_future {

constexpr std::string_view kCalls[] = {"async"};

// An `(async ...)` whose value is dropped.
void check(const LintContext& ctx, const NodeVisit& visit, std::vector<Diagnostic>& out) {
    const Sexp& node = visit.node;
    if (visit.use != Use::Discarded || !ctx.in_main(node.where) || !ctx.from_source(node)) return;
        Diagnostic d = ctx.make("A303", node.where, "the future of this `async' is discarded: it is never awaited");
        d.hint = "await it (errors in the task are lost otherwise), or bind it and await it later";
        d.fixes.push_back(Fix{"await it here", {TextEdit{SourceRange{node.where.file, {node.where.range.begin, node.where.range.begin}}, "(await "},
                                                 TextEdit{SourceRange{node.where.file, {node.where.range.end, node.where.range.end}}, ")"}}});
        out.push_back(std::move(d));
}

// A future bound to a variable nobody reads.
void run(const LintContext& ctx, std::vector<Diagnostic>& out) {
    const auto& table = ctx.symbols();
    for (size_t i = ctx.first_own_symbol(); i < table.symbols.size(); ++i) {
        const analysis::Symbol& s = table.symbols[i];
        const Sexp* value = ctx.value_of(static_cast<int>(i));
        if (!value || !is_call(*value, "async") || !ctx.in_main(s.name_range) || s.name.starts_with("_")) continue;
        if (ctx.text(s.name_range) != s.name || ctx.is_read(static_cast<int>(i))) continue;
        Diagnostic d = ctx.make("A303", s.name_range, "future " + quoted(s.name) + " is never awaited");
        d.related.push_back({value->where, "the task is started here"});
        d.hint = "await it: otherwise its errors are lost and its work races the rest of the program";
        out.push_back(std::move(d));
    }
}

}  // namespace unawaited_future

extern const LintSpec kUnawaitedFuture{
    .code = "A303",
    .slug = "unawaited-future",
    .summary = "a future that is never awaited",
    .explanation =
        "`async` starts a task and returns a future; `await` is the only way to get its result and its "
        "error. A future that is discarded, or bound to a variable that nothing reads, is fire-and-forget: "
        "an error in the task is only reported at program end, and the task's side effects (printing, "
        "files) race the rest of the program. Await the future where its work must be finished. If "
        "fire-and-forget is really intended, suppress the finding with `# ark-lint: disable=A303`.",
    .example = "(async (fun () (print \"in the background\")))\n(print \"main\")",
    .default_severity = Severity::Warning,
    .visits = {.calls = unawaited_future::kCalls},
    .check_node = unawaited_future::check,
    .check_program = unawaited_future::run,
};

}  // namespace ark::lints
