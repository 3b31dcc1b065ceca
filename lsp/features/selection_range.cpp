// Expand selection along the lossless tree (see selection_range.hpp).
#include "features/selection_range.hpp"

namespace ark::lsp::features {

std::vector<TextRange> selection_ranges(const analysis::Analysis& analysis, uint32_t offset) {
    const syntax::SyntaxTree& tree = analysis.parse.tree;
    std::vector<TextRange> ranges;
    auto add = [&](TextRange range) {
        if (ranges.empty() || (range.begin <= ranges.back().begin && ranges.back().end <= range.end &&
                               !(range == ranges.back())))
            ranges.push_back(range);
    };
    if (!tree.tokens.empty()) {
        const syntax::Token& token = tree.tokens[tree.token_at(offset)];
        if (!token.is_trivia() && token.range.touches(offset))
            add(token.range);
    }
    if (!tree.nodes.empty())
        for (uint32_t node = tree.node_at(offset); node != syntax::kNoToken; node = tree.node(node).parent)
            add(tree.node(node).range);
    add({0, static_cast<uint32_t>(tree.text.size())});
    if (ranges.empty())
        ranges.push_back({offset, offset});
    return ranges;
}

}  // namespace ark::lsp::features
