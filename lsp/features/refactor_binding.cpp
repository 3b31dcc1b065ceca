// `let` <-> `mut` (see refactorings.hpp).
#include "features/cursor.hpp"
#include "features/refactor_support.hpp"
#include "features/refactorings.hpp"

namespace ark::lsp::features {

namespace {

using language::Keyword;
using syntax::Sexp;

// A `mut` may become a `let` when nothing can set it: no `set` resolved to
// it, no `set` of its name resolved at run time, and no redeclaration.
bool never_set(const analysis::Analysis& analysis, int symbol) {
    const analysis::SymbolTable& table = analysis.symbols;
    if (symbol_group(table, symbol).size() != 1)
        return false;
    const std::string_view name = table.symbols[symbol].name;
    for (const analysis::Reference& reference : table.references)
        if (reference.is_write && (reference.symbol == symbol || (reference.kind != analysis::ReferenceKind::Resolved &&
                                                                   reference.name == name)))
            return false;
    return true;
}

}  // namespace

std::optional<CodeAction> toggle_let_mut(const analysis::Analysis& analysis, TextRange selection) {
    const std::vector<const Sexp*> path = nodes_containing(analysis, {selection.begin, selection.begin});
    for (auto it = path.rbegin(); it != path.rend(); ++it) {
        const Sexp& form = **it;
        const bool is_let = form.is_form(Keyword::Let);
        if ((!is_let && !form.is_form(Keyword::Mut)) || form.children.size() != 3 || !form.children[1].is_symbol())
            continue;
        // Offered on the keyword and the name, not inside the value.
        if (selection.begin > form.children[1].where.range.end)
            return std::nullopt;
        const int symbol = analysis.symbols.facts(form.children[1]).definition;
        if (symbol < 0 || (!is_let && !never_set(analysis, symbol)))
            return std::nullopt;
        const std::string name = form.children[1].text;
        return CodeAction{is_let ? "Make `" + name + "` mutable (mut)" : "Make `" + name + "` constant (let)",
                          "refactor.rewrite",
                          {{form.children[0].where, is_let ? "mut" : "let"}},
                          std::nullopt,
                          false};
    }
    return std::nullopt;
}

}  // namespace ark::lsp::features
