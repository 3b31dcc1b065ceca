// A110 loop-shadowed-condition: a `while` body declares (let/mut) a name its
// condition reads, and nothing in the body changes the outer variable. Since
// 4.0 a loop body is a scope: the body's `(mut i (+ i 1))` is a new variable
// of the iteration, while the condition keeps reading the outer `i`, so the
// loop never ends (or its condition never changes). In the pre-4.0 dialect
// that `mut` redeclared the outer variable; `ark migrate` rewrites it to the
// `set` it meant, this lint catches it in code written by hand.
#include <set>

#include "lints/lint.hpp"

namespace ark::lints {
namespace loop_shadowed_condition {

constexpr Keyword kForms[] = {Keyword::While};

// Every read (resp. write) reference made in `node`, outside fun literals.
void collect(const LintContext& ctx, const Sexp& node, bool writes, std::set<int>& symbols,
             std::set<std::string, std::less<>>& dynamic) {
    if (is_fun(node)) return;
    if (node.kind == SexpKind::Symbol) {
        if (const analysis::Reference* r = ctx.reference(node); r && r->is_write == writes) {
            if (r->kind == analysis::ReferenceKind::Resolved) symbols.insert(r->symbol);
            else if (r->kind == analysis::ReferenceKind::Dynamic) dynamic.emplace(r->name);
        }
    }
    for (const Sexp& child : node.children) collect(ctx, child, writes, symbols, dynamic);
}

void check(const LintContext& ctx, const NodeVisit& visit, std::vector<Diagnostic>& out) {
    const Sexp& loop = visit.node;
    if (loop.children.size() != 3 || !ctx.in_main(loop.where)) return;
    const int body_scope = ctx.scope_of_function(loop);
    if (body_scope < 0) return;
    const auto& table = ctx.symbols();
    std::set<int> read;
    std::set<std::string, std::less<>> read_dynamically;
    collect(ctx, loop.children[1], false, read, read_dynamically);
    std::set<int> written;
    std::set<std::string, std::less<>> written_dynamically;
    collect(ctx, loop.children[2], true, written, written_dynamically);
    std::set<std::string, std::less<>> reported;
    for (const int outer : read) {
        const analysis::Symbol& variable = table.symbols[outer];
        if (written.count(outer) || written_dynamically.count(variable.name)) continue;
        for (const int inner : table.scopes[body_scope].symbols) {
            const analysis::Symbol& shadow = table.symbols[inner];
            if (shadow.name != variable.name || !ctx.in_main(shadow.name_range) || ctx.text(shadow.name_range) != shadow.name) continue;
            if (!reported.emplace(shadow.name).second) break;
            Diagnostic d = ctx.make("A110", shadow.name_range,
                                    quoted(shadow.name) + " declared in the loop body is a new variable on each iteration: the condition reads the outer " +
                                        quoted(shadow.name) + ", which the body never changes");
            d.related.push_back({variable.name_range, "the variable the condition reads"});
            d.hint = "a while body is a scope (4.0+): write `(set " + std::string(shadow.name) + " ...)` to change the outer variable";
            // `(mut x v)` -> `(set x v)` when the outer variable may change
            // (a mut variable, a (mut x) parameter, a capture).
            const std::string_view form = ctx.text(shadow.form_range);
            if (variable.is_mutable && (form.starts_with("(mut ") || form.starts_with("(let "))) {
                const SourceRange keyword{shadow.form_range.file, {shadow.form_range.range.begin + 1, shadow.form_range.range.begin + 4}};
                d.fixes.push_back(Fix{"change the outer " + quoted(shadow.name) + " with `set`", {TextEdit{keyword, "set"}}});
            }
            out.push_back(std::move(d));
            break;
        }
    }
}

}  // namespace loop_shadowed_condition

extern const LintSpec kLoopShadowedCondition{
    .code = "A110",
    .slug = "loop-shadowed-condition",
    .summary = "a while body declares a name its condition reads, and never changes the outer one",
    .explanation =
        "Since ArkScript 4.0 the body of a `while` is a scope of its own, entered afresh on each iteration. "
        "A `let` or `mut` there of a name the condition reads makes a new variable: the body changes that one, "
        "and the condition goes on reading the outer variable, which nothing changes any more, so the loop "
        "never ends or its condition never moves. Before 4.0 such a `mut` redeclared the outer variable. "
        "Write `(set name ...)` to change the outer variable (the fix does, when it is mutable).",
    .example = "(mut i 0)\n(while (< i 3) {\n  (print i)\n  (mut i (+ i 1)) })",
    .default_severity = Severity::Warning,
    .visits = {.forms = loop_shadowed_condition::kForms},
    .check_node = loop_shadowed_condition::check,
};

}  // namespace ark::lints
