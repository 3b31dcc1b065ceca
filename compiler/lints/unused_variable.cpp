// A101 unused-variable: a local variable (let/mut inside a function) whose
// value is never read, bound by a statement (a binding whose own value is
// used is kept for that value). Globals are a file's interface and are not
// reported.
#include "lints/lint.hpp"
#include "lints/rename.hpp"

namespace ark::lints {
namespace unused_variable {

constexpr Keyword kForms[] = {Keyword::Let, Keyword::Mut};

void check(const LintContext& ctx, const NodeVisit& visit, std::vector<Diagnostic>& out) {
    // A binding whose value is used (passed on, returned: 4.4+) is there for
    // that value; its name not being read is no sign of dead code.
    if (visit.use != Use::Discarded || visit.node.children.size() != 3) return;
    const int index = ctx.defined_symbol(visit.node.children[1]);
    if (index < 0) return;
    const analysis::Symbol& s = ctx.symbols().symbols[index];
    if (s.kind != analysis::SymbolKind::Local || !ctx.in_main(s.name_range) || s.name.starts_with("_")) return;
    if (ctx.text(s.name_range) != s.name || ctx.is_read(index)) return;
    // A future bound and never awaited is A303's finding, with a better message.
    const Sexp* value = ctx.value_of(index);
    if (value && is_call(*value, "async")) return;
    bool written = ctx.is_written(index);
    Diagnostic d = ctx.make("A101", s.name_range,
                            "variable " + quoted(s.name) + (written ? " is assigned but never read" : " is never read"));
    d.hint = "remove it, or prefix its name with `_` if it is unused on purpose";
    if (auto fix = underscore_fix(ctx, index)) d.fixes.push_back(std::move(*fix));
    out.push_back(std::move(d));
}

}  // namespace unused_variable

extern const LintSpec kUnusedVariable{
    .code = "A101",
    .slug = "unused-variable",
    .summary = "a local variable whose value is never read",
    .explanation =
        "A `let` or `mut` inside a function whose value nothing reads is dead code, or the sign of a typo: "
        "another name was used where this one was meant. Reads through dynamic scoping count (a function "
        "called from here that reads the same name), so only variables that no code can reach are reported. "
        "Top-level variables are not reported, since other files may import them. Prefix a name with `_` to "
        "keep an unused variable on purpose; the fix does exactly that.",
    .example = "(let area (fun (w h) {\n  (let perimeter (* 2 (+ w h)))\n  (* w h) }))",
    .default_severity = Severity::Warning,
    .visits = {.forms = unused_variable::kForms},
    .check_node = unused_variable::check,
    .safe_fixes = true,
};

}  // namespace ark::lints
