// Parameter-name hints at calls of user functions (see inlay_hints.hpp).
#include "features/inlay_hints.hpp"

#include <algorithm>

namespace ark::lsp::features {

namespace {

using syntax::NodeKind;
using syntax::TokenKind;

// The parameters of the user function a call's head names, or nullptr.
const std::vector<std::string_view>* callee_params(const analysis::Analysis& analysis, const syntax::SyntaxNode& head) {
    const analysis::SymbolTable& table = analysis.symbols;
    for (const int index : table.references_touching(analysis.main_file, head.range.begin)) {
        const analysis::Reference& reference = table.references[index];
        if (reference.range.range != head.range || reference.kind != analysis::ReferenceKind::Resolved)
            continue;
        const analysis::Symbol& symbol = table.symbols[reference.symbol];
        return symbol.function_params ? &*symbol.function_params : nullptr;
    }
    return nullptr;
}

}  // namespace

std::vector<InlayHint> inlay_hints(const analysis::Analysis& analysis, TextRange range) {
    const syntax::SyntaxTree& tree = analysis.parse.tree;
    std::vector<InlayHint> hints;
    for (const syntax::SyntaxNode& call : tree.nodes) {
        if (call.kind != NodeKind::List || call.children.size() < 2 || call.range.end < range.begin ||
            range.end < call.range.begin)
            continue;
        const syntax::SyntaxNode& head = tree.node(call.children.front());
        if (head.kind != NodeKind::Atom || tree.tokens[head.token].kind != TokenKind::Symbol)
            continue;
        const std::vector<std::string_view>* params = callee_params(analysis, head);
        if (!params)
            continue;
        for (size_t i = 1; i < call.children.size() && i - 1 < params->size(); ++i) {
            const syntax::SyntaxNode& argument = tree.node(call.children[i]);
            const std::string_view param = (*params)[i - 1];
            if (argument.range.begin < range.begin || range.end < argument.range.begin)
                continue;
            if (argument.kind == NodeKind::Atom && tree.token_text(argument.token) == param)
                continue;
            hints.push_back({argument.range.begin, std::string(param) + ":"});
        }
    }
    std::sort(hints.begin(), hints.end(), [](const InlayHint& a, const InlayHint& b) { return a.offset < b.offset; });
    return hints;
}

}  // namespace ark::lsp::features
