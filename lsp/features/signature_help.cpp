// Signature help from the lossless tree and the symbol table (see signature_help.hpp).
#include "features/signature_help.hpp"

#include <string_view>

#include "vocabulary.hpp"

namespace ark::lsp::features {

namespace {

using syntax::NodeKind;
using syntax::SyntaxNode;
using syntax::SyntaxTree;
using syntax::TokenKind;

// Splits "(name p1 p2...)" into its label and the ranges of its parameters.
SignatureInfo from_signature(std::string label) {
    SignatureInfo info;
    info.label = std::move(label);
    const std::string& text = info.label;
    size_t position = text.find(' ');
    while (position != std::string::npos && position < text.size()) {
        const size_t begin = text.find_first_not_of(' ', position);
        if (begin == std::string::npos || text[begin] == ')')
            break;
        size_t end = text.find_first_of(" )", begin);
        if (end == std::string::npos)
            end = text.size();
        info.parameters.emplace_back(static_cast<uint32_t>(begin), static_cast<uint32_t>(end));
        position = end;
    }
    return info;
}

// The signature of the function named by the head atom of a call, if known.
std::optional<SignatureInfo> signature_of(const analysis::Analysis& analysis, const SyntaxTree& tree,
                                          const SyntaxNode& head) {
    if (head.kind != NodeKind::Atom || tree.tokens[head.token].kind != TokenKind::Symbol)
        return std::nullopt;
    const std::string name(tree.token_text(head.token));
    const analysis::SymbolTable& table = analysis.symbols;
    for (const int index : table.references_touching(analysis.main_file, head.range.begin)) {
        const analysis::Reference& reference = table.references[index];
        if (reference.range.range != head.range || reference.kind != analysis::ReferenceKind::Resolved)
            continue;
        const analysis::Symbol& symbol = table.symbols[reference.symbol];
        if (symbol.builtin) {
            // std's `(let find builtin__string:find)`: the builtin's parameters under std's name.
            const language::BuiltinInfo& spec = language::builtins()[*symbol.builtin];
            SignatureInfo info = from_signature("(" + std::string(symbol.name) + (spec.params.empty() ? "" : " ") + std::string(spec.params) + ")");
            std::string doc = analysis::doc_comment_before(analysis.sources.file(symbol.form_range.file), symbol.form_range.range.begin);
            info.documentation = doc.empty() ? std::string(spec.doc) : doc;
            return info;
        }
        if (!symbol.function_params)
            return std::nullopt;
        std::string label = "(" + std::string(symbol.name);
        for (const std::string_view param : *symbol.function_params) {
            label += ' ';
            label += param;
        }
        SignatureInfo info = from_signature(label + ")");
        if (symbol.kind == analysis::SymbolKind::Global || symbol.kind == analysis::SymbolKind::Local)
            info.documentation = analysis::doc_comment_before(analysis.sources.file(symbol.form_range.file),
                                                              symbol.form_range.range.begin);
        return info;
    }
    if (const auto id = language::find_builtin(name)) {
        const language::BuiltinInfo& spec = language::builtins()[*id];
        SignatureInfo info = from_signature(std::string(spec.signature));
        info.documentation = std::string(spec.doc);
        return info;
    }
    return std::nullopt;
}

// The bracketed nodes the offset lies inside, outermost first. An unclosed
// list (half-typed code) extends to the end of its parent.
std::vector<uint32_t> enclosing_lists(const SyntaxTree& tree, uint32_t offset) {
    std::vector<uint32_t> chain;
    uint32_t at = 0;
    while (true) {
        uint32_t inner = syntax::kNoToken;
        for (const uint32_t child : tree.node(at).children) {
            const SyntaxNode& node = tree.node(child);
            if (node.range.begin >= offset)
                break;
            const bool bracketed = node.kind == NodeKind::List || node.kind == NodeKind::Bracket || node.kind == NodeKind::Brace;
            if (bracketed && (node.close_token == syntax::kNoToken || offset <= tree.tokens[node.close_token].range.begin))
                inner = child;
        }
        if (inner == syntax::kNoToken)
            return chain;
        chain.push_back(inner);
        at = inner;
    }
}

}  // namespace

std::optional<SignatureInfo> signature_help(const analysis::Analysis& analysis, uint32_t offset) {
    const SyntaxTree& tree = analysis.parse.tree;
    if (tree.nodes.empty())
        return std::nullopt;
    if (!tree.tokens.empty()) {
        const syntax::Token& token = tree.tokens[tree.token_at(offset)];
        if ((token.kind == TokenKind::String || token.kind == TokenKind::Comment) && token.range.contains(offset) &&
            token.range.begin < offset)
            return std::nullopt;
    }
    const std::vector<uint32_t> chain = enclosing_lists(tree, offset);
    for (auto index = chain.rbegin(); index != chain.rend(); ++index) {
        const SyntaxNode& call = tree.node(*index);
        if (call.kind != NodeKind::List || call.children.empty())
            continue;
        std::optional<SignatureInfo> info = signature_of(analysis, tree, tree.node(call.children.front()));
        if (!info)
            continue;
        uint32_t active = 0;
        for (size_t i = 1; i < call.children.size(); ++i) {
            const TextRange& argument = tree.node(call.children[i]).range;
            if (argument.touches(offset)) {
                active = static_cast<uint32_t>(i - 1);
                break;
            }
            if (argument.end < offset)
                active = static_cast<uint32_t>(i);
        }
        const auto n_params = static_cast<uint32_t>(info->parameters.size());
        const auto parameter = [&](uint32_t i) {
            const auto [begin, end] = info->parameters[i];
            return std::string_view(info->label).substr(begin, end - begin);
        };
        const auto is_variadic = [&] { return parameter(n_params - 1).ends_with("..."); };
        if (n_params > 0 && active >= n_params && is_variadic()) {
            // A repeated group, `[key value]...` (dict): the arguments cycle through it.
            uint32_t group = n_params - 1;
            if (parameter(group).ends_with("]..."))
                while (group > 0 && !parameter(group).starts_with("["))
                    --group;
            active = parameter(group).starts_with("[") ? group + (active - group) % (n_params - group) : n_params - 1;
        }
        info->active_parameter = active;
        return info;
    }
    return std::nullopt;
}

}  // namespace ark::lsp::features
