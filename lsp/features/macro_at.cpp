// Macros under the cursor (see macro_at.hpp).
#include "features/macro_at.hpp"

namespace ark::lsp::features {

namespace {

// The NAME of a `(macro NAME ...)` definition.
SourceRange definition_name(const analysis::Analysis&, const expand::MacroRecord& macro) { return macro.name_where; }

// The symbol token under the cursor (or just before it: `foo|` means foo).
std::optional<uint32_t> symbol_token_at(const syntax::SyntaxTree& tree, uint32_t offset) {
    if (tree.tokens.empty())
        return std::nullopt;
    uint32_t index = tree.token_at(offset);
    if (tree.tokens[index].kind != syntax::TokenKind::Symbol && index > 0 && tree.tokens[index].range.begin == offset)
        --index;
    if (tree.tokens[index].kind != syntax::TokenKind::Symbol)
        return std::nullopt;
    return index;
}

}  // namespace

std::optional<MacroPrimitiveTarget> macro_primitive_at(const analysis::Analysis& analysis, uint32_t offset) {
    const syntax::SyntaxTree& tree = analysis.parse.tree;
    const auto index = symbol_token_at(tree, offset);
    if (!index)
        return std::nullopt;
    const language::MacroPrimitiveInfo* info = language::find_macro_primitive(tree.token_text(*index));
    if (!info)
        return std::nullopt;
    return MacroPrimitiveTarget{info, {analysis.main_file, tree.tokens[*index].range}};
}

std::optional<MacroTarget> macro_at(const analysis::Analysis& analysis, uint32_t offset) {
    const syntax::SyntaxTree& tree = analysis.parse.tree;
    const auto found = symbol_token_at(tree, offset);
    if (!found)
        return std::nullopt;
    const uint32_t index = *found;
    const syntax::Token& token = tree.tokens[index];
    const std::string_view name = tree.token_text(index);
    const expand::MacroRecord* best = nullptr;
    for (const expand::MacroRecord& macro : analysis.expanded.macros) {
        if (macro.name != name)
            continue;
        const bool in_main = macro.where.file == analysis.main_file;
        if (in_main && macro.where.range.begin > token.range.begin)
            continue;  // defined after this use: not the one it means
        // Prefer the main file's latest definition over an imported one.
        if (!best || in_main || best->where.file != analysis.main_file)
            best = &macro;
    }
    if (!best)
        return std::nullopt;
    return MacroTarget{best, {analysis.main_file, token.range}, definition_name(analysis, *best)};
}

}  // namespace ark::lsp::features
