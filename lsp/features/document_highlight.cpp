// Highlight related occurrences (see document_highlight.hpp).
#include "features/document_highlight.hpp"

#include "features/cursor.hpp"

namespace ark::lsp::features {

std::vector<Highlight> document_highlight(const analysis::Analysis& analysis, uint32_t offset) {
    const std::optional<CursorTarget> target = target_at(analysis, offset);
    if (!target)
        return {};
    std::vector<Highlight> result;
    if (target->symbol >= 0) {
        for (const Occurrence& occurrence : occurrences(analysis, target->symbol))
            if (occurrence.where.file == analysis.main_file)
                result.push_back({occurrence.where.range, occurrence.is_write});
        return result;
    }
    // Builtins, dynamic and unbound names: every use of the same name in the same role.
    const analysis::Reference& under = analysis.symbols.references[target->reference];
    for (const analysis::Reference& reference : analysis.symbols.references)
        if (reference.range.file == analysis.main_file && reference.kind == under.kind && reference.name == under.name)
            result.push_back({reference.range.range, reference.is_write});
    return result;
}

}  // namespace ark::lsp::features
