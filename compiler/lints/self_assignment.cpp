// A107 self-assignment: `(set x x)` changes nothing.
#include "lints/lint.hpp"

namespace ark::lints {
namespace self_assignment {

constexpr Keyword kForms[] = {Keyword::Set};

void check(const LintContext& ctx, const NodeVisit& visit, std::vector<Diagnostic>& out) {
    const auto& [node, use, parent] = visit;
    if (node.children.size() != 3 || !ctx.in_main(node.where)) return;
        const Sexp& name = node.children[1];
        const Sexp& value = node.children[2];
        if (!name.is_symbol() || !value.is_symbol(name.text) || !ctx.from_source(node) || !ctx.from_source(value)) return;
        Diagnostic d = ctx.make("A107", node.where, quoted(name.text) + " is assigned to itself");
        d.hint = "this `set` does nothing; was another variable or value meant?";
        // Deleting it is safe only where it stands as a statement of a block.
        bool in_block = !parent || parent->kind == SexpKind::Brace || parent->is_form(Keyword::Begin);
        if (use == Use::Discarded && in_block) {
            TextRange range = deletion_range(ctx.analysis().main_source().text, node.where.range);
            d.fixes.push_back(Fix{"remove the self-assignment", {TextEdit{SourceRange{node.where.file, range}, ""}}});
        }
        out.push_back(std::move(d));
}

}  // namespace self_assignment

extern const LintSpec kSelfAssignment{
    .code = "A107",
    .slug = "self-assignment",
    .summary = "`(set x x)`, which changes nothing",
    .explanation =
        "`(set x x)` finds the nearest binding of `x` and stores its own value back: it has no effect. It is "
        "almost always a typo for another variable or an unfinished expression such as `(set x (+ x 1))`. "
        "When the form is a statement of a block, the fix removes it.",
    .example = "(mut count 0)\n(set count count)",
    .default_severity = Severity::Warning,
    .visits = {.forms = self_assignment::kForms},
    .check_node = self_assignment::check,
    .safe_fixes = true,
};

}  // namespace ark::lints
