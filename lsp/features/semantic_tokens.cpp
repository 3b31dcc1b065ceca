// Semantic tokens from the lexer's tokens and the symbol table (see semantic_tokens.hpp).
#include "features/semantic_tokens.hpp"

#include <set>
#include <unordered_map>


namespace ark::lsp::features {

namespace {

using analysis::ReferenceKind;
using analysis::SymbolKind;
using syntax::TokenKind;

SemanticToken classify_symbol(const analysis::Symbol& symbol, TextRange range, uint32_t modifiers) {
    TokenType type = TokenType::Variable;
    if (symbol.function_params)
        type = TokenType::Function;
    else if (symbol.kind == SymbolKind::Parameter || symbol.kind == SymbolKind::Capture)
        type = TokenType::Parameter;
    if (!symbol.is_mutable)
        modifiers |= Readonly;
    return {range, type, modifiers};
}

SemanticToken classify_builtin(const std::string& name, TextRange range) {
    if (language::is_keyword(name))
        return {range, TokenType::Keyword, 0};
    if (language::find_constant(name))
        return {range, TokenType::Variable, Readonly | DefaultLibrary};
    if ((language::find_operator(name) || language::is_in_place_list_op(name)) && !language::find_builtin(name))
        return {range, TokenType::Operator, DefaultLibrary};
    return {range, TokenType::Function, DefaultLibrary};
}

}  // namespace

std::vector<SemanticToken> semantic_tokens(const analysis::Analysis& analysis) {
    const analysis::SymbolTable& table = analysis.symbols;
    const FileId main = analysis.main_file;
    // Index by start offset once: a lookup per token stays logarithmic-free.
    std::unordered_map<uint32_t, const analysis::Reference*> references;
    for (const analysis::Reference& reference : table.references)
        if (reference.range.file == main)
            references.emplace(reference.range.range.begin, &reference);
    std::unordered_map<uint32_t, const analysis::Symbol*> definitions;
    for (const analysis::Symbol& symbol : table.symbols)
        if (symbol.name_range.file == main)
            definitions.emplace(symbol.name_range.range.begin, &symbol);
    std::set<std::string> macros;
    for (const expand::MacroRecord& macro : analysis.expanded.macros)
        macros.insert(macro.name);

    const syntax::SyntaxTree& tree = analysis.parse.tree;
    std::vector<SemanticToken> result;
    for (uint32_t index = 0; index < tree.tokens.size(); ++index) {
        const syntax::Token& token = tree.tokens[index];
        switch (token.kind) {
        case TokenKind::Comment: result.push_back({token.range, TokenType::Comment, 0}); continue;
        case TokenKind::String: result.push_back({token.range, TokenType::String, 0}); continue;
        case TokenKind::Number: result.push_back({token.range, TokenType::Number, 0}); continue;
        case TokenKind::Symbol:
        case TokenKind::Capture:
        case TokenKind::Field:
        case TokenKind::Spread: break;
        default: continue;
        }
        // A token may hold several names (a.b.c): colour each part the table knows.
        const std::string_view text = tree.token_text(index);
        bool coloured = false;
        for (uint32_t offset = token.range.begin; offset < token.range.end; ++offset) {
            if (const auto definition = definitions.find(offset); definition != definitions.end()) {
                result.push_back(classify_symbol(*definition->second, definition->second->name_range.range, Declaration));
                coloured = true;
            } else if (const auto found = references.find(offset); found != references.end()) {
                const analysis::Reference& reference = *found->second;
                const TextRange range = reference.range.range;
                switch (reference.kind) {
                case ReferenceKind::Resolved:
                    result.push_back(classify_symbol(table.symbols[reference.symbol], range, 0));
                    break;
                case ReferenceKind::Builtin: result.push_back(classify_builtin(std::string(reference.name), range)); break;
                case ReferenceKind::Field: result.push_back({range, TokenType::Property, 0}); break;
                case ReferenceKind::Dynamic: result.push_back({range, TokenType::Variable, 0}); break;
                case ReferenceKind::Unbound: result.push_back({range, TokenType::Variable, Unresolved}); break;
                }
                coloured = true;
            } else {
                continue;
            }
            if (result.back().range.end > offset + 1)
                offset = result.back().range.end - 1;  // skip the rest of this name
        }
        if (!coloured && token.kind == TokenKind::Symbol) {
            // Names the expanded program no longer holds: special-form heads and macros.
            const std::string name(text);
            if (macros.count(name) || name.starts_with("$"))
                result.push_back({token.range, TokenType::Macro, 0});
            else if (language::is_keyword(name))
                result.push_back({token.range, TokenType::Keyword, 0});
        }
    }
    // Macro output can point several references at one range: keep the first of each.
    std::vector<SemanticToken> unique;
    for (const SemanticToken& token : result)
        if (unique.empty() || token.range.begin >= unique.back().range.end)
            unique.push_back(token);
    return unique;
}

}  // namespace ark::lsp::features
