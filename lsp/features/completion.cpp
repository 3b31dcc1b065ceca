// Completion of names (see completion.hpp).
#include "features/completion.hpp"

#include <set>

#include "builtins/registry.hpp"

namespace ark::lsp::features {

namespace {

using syntax::TokenKind;

// LANGUAGE.md §1 "Reserved words": the special forms a user types.
constexpr const char* keywords[] = {"let", "mut", "set", "fun", "if", "while", "begin", "import", "del", "and", "or"};

}  // namespace

CompletionResult completion(const analysis::Analysis& analysis, uint32_t offset) {
    CompletionResult result{{offset, offset}, {}};
    const syntax::SyntaxTree& tree = analysis.parse.tree;
    if (!tree.tokens.empty()) {
        const uint32_t token_index = tree.token_at(offset > 0 ? offset - 1 : 0);
        const syntax::Token& token = tree.tokens[token_index];
        const bool inside = token.range.begin < offset && offset <= token.range.end;
        if (inside && (token.kind == TokenKind::String || token.kind == TokenKind::Comment) &&
            !(token.kind == TokenKind::String && offset == token.range.end && token.range.length() > 1))
            return result;  // no names to complete in text
        if (inside && (token.kind == TokenKind::Symbol || token.kind == TokenKind::Capture))
            result.replace = {token.kind == TokenKind::Capture ? token.range.begin + 1 : token.range.begin, offset};
    }

    std::set<std::string> seen;
    const analysis::SymbolTable& table = analysis.symbols;
    const int scope = table.scope_at(analysis.main_file, offset);
    for (const int index : table.visible_symbols(scope)) {
        const analysis::Symbol& symbol = table.symbols[index];
        if (!seen.insert(symbol.name).second)
            continue;
        CompletionEntry entry{symbol.name, CompletionEntry::Kind::Variable, {}, {}};
        if (symbol.function_params) {
            entry.kind = CompletionEntry::Kind::Function;
            std::string params;
            for (const std::string& param : *symbol.function_params)
                params += (params.empty() ? "" : " ") + param;
            entry.detail = "(fun (" + params + "))";
        } else if (!symbol.is_mutable && symbol.kind != analysis::SymbolKind::Parameter) {
            entry.kind = CompletionEntry::Kind::Constant;
            entry.detail = symbol.constant_value.value_or("");
        }
        if (symbol.kind == analysis::SymbolKind::Global || symbol.kind == analysis::SymbolKind::Local)
            entry.documentation = analysis::doc_comment_before(analysis.sources.file(symbol.form_range.file),
                                                                symbol.form_range.range.begin);
        result.items.push_back(std::move(entry));
    }
    for (const char* keyword : keywords)
        if (seen.insert(keyword).second)
            result.items.push_back({keyword, CompletionEntry::Kind::Keyword, "keyword", {}});
    for (const vm::BuiltinSpec& spec : vm::builtin_table())
        if (seen.insert(std::string(spec.name)).second)
            result.items.push_back({std::string(spec.name), CompletionEntry::Kind::Builtin,
                                    std::string(spec.signature), std::string(spec.doc)});
    for (const char* constant : {"true", "false", "nil"})
        if (seen.insert(constant).second)
            result.items.push_back({constant, CompletionEntry::Kind::Constant, "builtin constant", {}});
    return result;
}

}  // namespace ark::lsp::features
