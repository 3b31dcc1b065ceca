// Find all references (see references.hpp).
#include "features/references.hpp"

#include "features/cursor.hpp"

namespace ark::lsp::features {

std::vector<SourceRange> references(const analysis::Analysis& analysis, uint32_t offset, ReferencesConfig config) {
    const std::optional<CursorTarget> target = target_at(analysis, offset);
    if (!target || target->symbol < 0)
        return {};
    std::vector<SourceRange> result;
    for (const Occurrence& occurrence : occurrences(analysis, target->symbol))
        if (config.include_declaration || !occurrence.is_definition)
            result.push_back(occurrence.where);
    return result;
}

}  // namespace ark::lsp::features
