// A108 if-without-else-as-value: `(if c x)` whose value is used (bound,
// passed, tested): it is nil whenever the condition is false.
#include "lints/lint.hpp"

namespace ark::lints {
namespace if_without_else {

constexpr Keyword kForms[] = {Keyword::If};

void check(const LintContext& ctx, const NodeVisit& visit, std::vector<Diagnostic>& out) {
    const Sexp& node = visit.node;
    if (visit.use != Use::Used || node.children.size() != 3) return;
        if (!ctx.in_main(node.where) || !ctx.from_source(node)) return;
        Diagnostic d = ctx.make("A108", node.where, "`if' without an else branch is used as a value: it is nil when the condition is false");
        d.hint = "add an else branch, e.g. `nil` if that is what you want";
        std::string_view text = ctx.text(node.where);
        if (!text.empty() && text.back() == ')') {
            SourceRange at{node.where.file, {node.where.range.end - 1, node.where.range.end - 1}};
            d.fixes.push_back(Fix{"add an explicit `nil` else branch", {TextEdit{at, " nil"}}});
        }
        out.push_back(std::move(d));
}

}  // namespace if_without_else

extern const LintSpec kIfWithoutElseAsValue{
    .code = "A108",
    .slug = "if-without-else-as-value",
    .summary = "`(if c x)` whose value is used",
    .explanation =
        "An `if` without an else branch is `nil` when its condition is false. Used as a statement that is "
        "fine; used as a value (bound with `let`, passed to a function, put in a list) it silently produces "
        "`nil`, which later fails far from here (and crashed upstream's VM). Write the else branch, "
        "`nil` if that is really the intended value; the fix adds an explicit `nil`, which keeps the meaning.",
    .example = "(let n 5)\n(let label (if (> n 0) \"positive\"))",
    .default_severity = Severity::Warning,
    .visits = {.forms = if_without_else::kForms},
    .check_node = if_without_else::check,
    .safe_fixes = true,
};

}  // namespace ark::lints
