// Inline variable (see refactorings.hpp).
#include <algorithm>

#include "features/cursor.hpp"
#include "features/refactor_support.hpp"
#include "features/refactorings.hpp"
#include "vocabulary.hpp"

namespace ark::lsp::features {

namespace {

using language::Keyword;
using syntax::Sexp;
using syntax::SexpKind;

bool written_anywhere(const analysis::SymbolTable& table, int symbol) {
    const std::string_view name = table.symbols[symbol].name;
    for (const analysis::Reference& reference : table.references)
        if (reference.is_write && (reference.symbol == symbol ||
                                   (reference.kind == analysis::ReferenceKind::Dynamic && reference.name == name)))
            return true;
    return false;
}

// The range to delete with a statement: its whole line when nothing else is
// on it, else the form and the blanks after it.
TextRange statement_line(std::string_view text, TextRange form) {
    uint32_t begin = form.begin;
    while (begin > 0 && (text[begin - 1] == ' ' || text[begin - 1] == '\t'))
        --begin;
    uint32_t end = form.end;
    while (end < text.size() && (text[end] == ' ' || text[end] == '\t'))
        ++end;
    const bool starts_line = begin == 0 || text[begin - 1] == '\n';
    if (starts_line && end < text.size() && text[end] == '\n')
        return {begin, end + 1};
    return {form.begin, end};
}

}  // namespace

std::optional<CodeAction> inline_variable(const analysis::Analysis& analysis, TextRange selection) {
    const std::optional<CursorTarget> target = target_at(analysis, selection.begin);
    if (!target || target->symbol < 0)
        return std::nullopt;
    const analysis::SymbolTable& table = analysis.symbols;
    const int symbol = target->symbol;
    const analysis::Symbol& definition = table.symbols[symbol];
    if (definition.is_mutable || definition.name_range.file != analysis.main_file ||
        (definition.kind != analysis::SymbolKind::Global && definition.kind != analysis::SymbolKind::Local) ||
        symbol_group(table, symbol).size() != 1)
        return std::nullopt;
    // The `let` must be a statement whose value nobody uses: a top-level form
    // or a block's child other than its last.
    const std::vector<const Sexp*> path = nodes_containing(analysis, definition.name_range.range);
    if (path.size() < 2)
        return std::nullopt;
    const Sexp& form = *path[path.size() - 2];
    if (!form.is_form(Keyword::Let) || form.children.size() != 3 || form.where != definition.form_range)
        return std::nullopt;
    if (path.size() > 2) {
        const Sexp& block = *path[path.size() - 3];
        if (!(block.kind == SexpKind::Brace || block.is_form(Keyword::Begin)) || &block.children.back() == &form)
            return std::nullopt;
    }
    const Sexp& value = form.children[2];
    if (!is_pure(value) || !is_user_node(analysis, value))
        return std::nullopt;
    const std::vector<const analysis::Reference*> uses = table.references_to(symbol);
    if (uses.empty())
        return std::nullopt;
    // A use found at run time through the callers would lose its binding.
    for (const analysis::Reference& reference : table.references)
        if (reference.name == definition.name && reference.kind == analysis::ReferenceKind::Dynamic)
            return std::nullopt;
    // Every name the value reads must mean the same at each use.
    for (const int index : references_within(analysis, value.where.range)) {
        const analysis::Reference& inner = table.references[index];
        if (inner.kind == analysis::ReferenceKind::Builtin)
            continue;
        if (inner.kind != analysis::ReferenceKind::Resolved || written_anywhere(table, inner.symbol))
            return std::nullopt;
        for (const analysis::Reference* use : uses)
            if (!visible_at(analysis, inner.symbol, use->range.range.begin))
                return std::nullopt;
    }
    const std::string value_text(text_of(analysis, value.where.range));
    const FileId file = analysis.main_file;
    CodeAction action{"Inline `" + std::string(definition.name) + "`", "refactor.inline", {}, std::nullopt, false};
    for (const analysis::Reference* use : uses) {
        // A capture `&x` reads x too, but names the closure's own x: it can not become a value.
        if (use->is_write || use->range.file != file || text_of(analysis, use->range.range).starts_with('&'))
            return std::nullopt;
        action.edits.push_back({use->range, value_text});
    }
    action.edits.push_back({{file, statement_line(analysis.parse.tree.text, form.where.range)}, ""});
    return action;
}

}  // namespace ark::lsp::features
