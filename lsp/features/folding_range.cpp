// Folding ranges from the lossless tree (see folding_range.hpp).
#include "features/folding_range.hpp"

#include <algorithm>

namespace ark::lsp::features {

std::vector<Fold> folding_ranges(const analysis::Analysis& analysis) {
    const syntax::SyntaxTree& tree = analysis.parse.tree;
    const LineIndex& lines = analysis.main_source().lines;
    auto line_of = [&](uint32_t offset) { return lines.to_line_column(offset, PositionEncoding::Utf8).line; };

    std::vector<Fold> folds;
    for (const syntax::SyntaxNode& node : tree.nodes) {
        if (node.kind != syntax::NodeKind::List && node.kind != syntax::NodeKind::Bracket &&
            node.kind != syntax::NodeKind::Brace)
            continue;
        const uint32_t start = line_of(node.range.begin);
        const uint32_t end = line_of(node.range.end > node.range.begin ? node.range.end - 1 : node.range.begin);
        if (end > start)
            folds.push_back({start, end, false});
    }
    // Runs of comment lines: comments separated only by whitespace on consecutive lines.
    std::optional<Fold> run;
    for (const syntax::Token& token : tree.tokens) {
        if (token.kind == syntax::TokenKind::Whitespace)
            continue;
        if (token.kind == syntax::TokenKind::Comment) {
            const uint32_t line = line_of(token.range.begin);
            if (run && line == run->end_line + 1) {
                run->end_line = line;
                continue;
            }
            if (run && run->end_line > run->start_line)
                folds.push_back(*run);
            run = Fold{line, line, true};
            continue;
        }
        if (run && run->end_line > run->start_line)
            folds.push_back(*run);
        run.reset();
    }
    if (run && run->end_line > run->start_line)
        folds.push_back(*run);
    std::sort(folds.begin(), folds.end(), [](const Fold& a, const Fold& b) {
        return a.start_line != b.start_line ? a.start_line < b.start_line : a.end_line > b.end_line;
    });
    return folds;
}

}  // namespace ark::lsp::features
