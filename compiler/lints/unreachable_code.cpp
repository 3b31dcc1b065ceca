// A105 unreachable-code: forms after one that never returns (`sys:exit`, or a
// block / `if` whose every path ends in one) in the same block.
#include "lints/lint.hpp"

namespace ark::lints {
namespace unreachable_code {

// The `(sys:exit ...)` call every path of `node` ends in, or nullptr.
const Sexp* diverges(const LintContext& ctx, const Sexp& node) {
    if (is_exit_call(node)) return ctx.from_source(node) ? &node : nullptr;
    if (node.kind == SexpKind::Brace || node.is_form(Keyword::Begin)) {
        for (size_t i = node.kind == SexpKind::Brace ? 0 : 1; i < node.children.size(); ++i)
            if (const Sexp* exit = diverges(ctx, node.children[i])) return exit;
        return nullptr;
    }
    if (node.is_form(Keyword::If) && node.children.size() == 4) {
        const Sexp* then_exit = diverges(ctx, node.children[2]);
        return then_exit && diverges(ctx, node.children[3]) ? then_exit : nullptr;
    }
    return nullptr;
}

void check_block(const LintContext& ctx, const std::vector<Sexp>& forms, size_t first, std::vector<Diagnostic>& out) {
    for (size_t i = first; i + 1 < forms.size(); ++i) {
        const Sexp* exit = diverges(ctx, forms[i]);
        if (!exit) continue;
        const Sexp& next = forms[i + 1];
        const Sexp& last = forms.back();
        if (!ctx.in_main(next.where) || last.where.file != next.where.file || !ctx.from_source(next)) return;
        SourceRange dead{next.where.file, {next.where.range.begin, last.where.range.end}};
        Diagnostic d = ctx.make("A105", dead, "unreachable code: the program exits before it runs");
        d.related.push_back({exit->where, "the program exits here"});
        d.hint = "remove it, or move it before `sys:exit`";
        uint32_t begin = forms[i].where.range.end;
        d.fixes.push_back(Fix{"remove the unreachable code", {TextEdit{SourceRange{dead.file, {begin, dead.range.end}}, ""}}});
        out.push_back(std::move(d));
        return;
    }
}

constexpr Keyword kForms[] = {Keyword::Begin};

// `{...}` and `(begin ...)` blocks.
void check(const LintContext& ctx, const NodeVisit& visit, std::vector<Diagnostic>& out) {
    check_block(ctx, visit.node.children, visit.node.kind == SexpKind::Brace ? 0 : 1, out);
}

// The top level.
void run(const LintContext& ctx, std::vector<Diagnostic>& out) { check_block(ctx, ctx.program(), 0, out); }

}  // namespace unreachable_code

extern const LintSpec kUnreachableCode{
    .code = "A105",
    .slug = "unreachable-code",
    .summary = "forms after `(sys:exit ...)` in the same block",
    .explanation =
        "`sys:exit` stops the program at once, so the forms that follow it in the same block (or after a "
        "block or an `if` whose every path exits) never run. Such code is usually left over from debugging, "
        "or the exit was meant to sit inside a condition. The fix removes the dead forms.",
    .example = "(import std.Sys)\n(print \"done\")\n(sys:exit 0)\n(print \"never printed\")",
    .default_severity = Severity::Warning,
    .visits = {.forms = unreachable_code::kForms, .blocks = true},
    .check_node = unreachable_code::check,
    .check_program = unreachable_code::run,
};

}  // namespace ark::lints
