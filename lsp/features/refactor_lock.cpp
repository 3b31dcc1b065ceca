// Wrap an expression in `(lock:with l (fun () ...))` (see refactorings.hpp).
#include "features/refactor_support.hpp"
#include "features/refactorings.hpp"
#include "vocabulary.hpp"

namespace ark::lsp::features {

namespace {

// The vocabulary's lock builtins (LANGUAGE.md "Locks").
constexpr std::string_view kLockWith = "lock:with";
constexpr std::string_view kLockNew = "lock:new";

}  // namespace

std::vector<CodeAction> wrap_in_lock(const analysis::Analysis& analysis, TextRange selection) {
    std::vector<CodeAction> actions;
    if (!language::find_builtin(kLockWith) || !language::find_builtin(kLockNew))
        return actions;
    const std::optional<Selected> selected = selected_expression(analysis, selection);
    if (!selected)
        return actions;
    const syntax::Sexp& node = selected->node();
    if (!can_move_into_a_function(node))
        return actions;
    // The locks in scope: variables bound to (lock:new) that nothing sets.
    const analysis::SymbolTable& table = analysis.symbols;
    const uint32_t at = node.where.range.begin;
    for (const int symbol : table.visible_symbols(table.scope_at(analysis.main_file, at))) {
        const analysis::Symbol& lock = table.symbols[symbol];
        if (lock.is_mutable || lock.value_range.file != analysis.main_file || !visible_at(analysis, symbol, at))
            continue;
        if (text_of(analysis, lock.value_range.range) != "(" + std::string(kLockNew) + ")")
            continue;
        const std::string body(text_of(analysis, node.where.range));
        actions.push_back({"Hold `" + std::string(lock.name) + "` while it runs (lock:with)", "refactor.rewrite",
                           {{node.where, "(" + std::string(kLockWith) + " " + std::string(lock.name) + " (fun () " + body + "))"}},
                           std::nullopt,
                           false});
    }
    return actions;
}

}  // namespace ark::lsp::features
