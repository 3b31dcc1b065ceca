// Top-level definitions and fuzzy matching for workspace/symbol (see workspace_symbol.hpp).
#include "features/workspace_symbol.hpp"

#include <cctype>

namespace ark::lsp::features {

namespace {

using syntax::NodeKind;
using syntax::TokenKind;

bool is_symbol_atom(const syntax::SyntaxTree& tree, const syntax::SyntaxNode& node) {
    return node.kind == NodeKind::Atom && tree.tokens[node.token].kind == TokenKind::Symbol;
}

char fold(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

}  // namespace

std::vector<FileSymbol> file_symbols(const syntax::SyntaxTree& tree) {
    std::vector<FileSymbol> symbols;
    if (tree.nodes.empty())
        return symbols;
    for (const uint32_t index : tree.root().children) {
        const syntax::SyntaxNode& form = tree.node(index);
        if (form.kind != NodeKind::List || form.children.size() < 2)
            continue;
        const syntax::SyntaxNode& head = tree.node(form.children[0]);
        const syntax::SyntaxNode& name = tree.node(form.children[1]);
        if (!is_symbol_atom(tree, head) || !is_symbol_atom(tree, name))
            continue;
        const std::string_view keyword = tree.token_text(head.token);
        if (keyword != "let" && keyword != "mut")
            continue;
        FileSymbol symbol{std::string(tree.token_text(name.token)),
                          keyword == "mut" ? FileSymbol::Kind::Variable : FileSymbol::Kind::Constant, form.range,
                          name.range};
        if (form.children.size() >= 3) {
            const syntax::SyntaxNode& value = tree.node(form.children[2]);
            if (value.kind == NodeKind::List && !value.children.empty() &&
                is_symbol_atom(tree, tree.node(value.children[0])) &&
                tree.token_text(tree.node(value.children[0]).token) == "fun")
                symbol.kind = FileSymbol::Kind::Function;
        }
        symbols.push_back(std::move(symbol));
    }
    return symbols;
}

bool fuzzy_match(std::string_view query, std::string_view name, size_t& score) {
    size_t at = 0, first = std::string_view::npos, gaps = 0;
    for (const char wanted : query) {
        const size_t found_at = at;
        while (at < name.size() && fold(name[at]) != fold(wanted))
            ++at;
        if (at == name.size())
            return false;
        if (first == std::string_view::npos)
            first = at;
        else
            gaps += at - found_at;
        ++at;
    }
    // Prefix matches first, then tight ones, then short names.
    score = (first == 0 || query.empty() ? 0 : 1'000'000) + gaps * 1000 + name.size();
    return true;
}

}  // namespace ark::lsp::features
