// Go to definition (see definition.hpp).
#include "features/definition.hpp"

#include "features/cursor.hpp"
#include "features/macro_at.hpp"

namespace ark::lsp::features {

std::vector<SourceRange> definition(const analysis::Analysis& analysis, uint32_t offset) {
    if (const auto macro = macro_at(analysis, offset))  // before the table: see hover()
        return {macro->name_range};
    const std::optional<CursorTarget> target = target_at(analysis, offset);
    if (!target)
        return {};
    const analysis::SymbolTable& table = analysis.symbols;
    if (target->symbol >= 0)
        return {table.symbols[target->symbol].name_range};
    const analysis::Reference& reference = table.references[target->reference];
    std::vector<SourceRange> result;
    if (reference.kind == analysis::ReferenceKind::Dynamic)
        for (const analysis::Symbol& symbol : table.symbols)
            if (symbol.name == reference.name)
                result.push_back(symbol.name_range);
    return result;
}

}  // namespace ark::lsp::features
