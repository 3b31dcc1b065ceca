// Cursor -> symbol, and symbol -> every occurrence (see cursor.hpp).
#include "features/cursor.hpp"

#include <algorithm>
#include <string_view>

namespace ark::lsp::features {

using analysis::ReferenceKind;

std::optional<CursorTarget> target_at(const analysis::Analysis& analysis, uint32_t offset) {
    const analysis::SymbolTable& table = analysis.symbols;
    const FileId file = analysis.main_file;
    const std::vector<int> references = table.references_touching(file, offset);
    const std::vector<int> symbols = table.symbols_touching(file, offset);
    // Prefer the token that contains the offset over one that merely ends there.
    for (const bool strict : {true, false}) {
        for (const int i : references) {
            const analysis::Reference& reference = table.references[i];
            if (!strict || reference.range.range.contains(offset))
                return CursorTarget{i, reference.kind == ReferenceKind::Resolved ? reference.symbol : -1, reference.range};
        }
        for (const int i : symbols) {
            const analysis::Symbol& symbol = table.symbols[i];
            if (!strict || symbol.name_range.range.contains(offset))
                return CursorTarget{-1, i, symbol.name_range};
        }
    }
    return std::nullopt;
}

std::vector<int> symbol_group(const analysis::SymbolTable& table, int symbol) {
    const analysis::Symbol& target = table.symbols[symbol];
    std::vector<int> group;
    for (const int candidate : table.scopes[target.scope].symbols)
        if (table.symbols[candidate].name == target.name)
            group.push_back(candidate);
    if (std::find(group.begin(), group.end(), symbol) == group.end())
        group.push_back(symbol);
    return group;
}

std::vector<Occurrence> occurrences(const analysis::Analysis& analysis, int symbol) {
    const analysis::SymbolTable& table = analysis.symbols;
    std::vector<Occurrence> result;
    for (const int member : symbol_group(table, symbol)) {
        result.push_back({table.symbols[member].name_range, true, true});
        for (const analysis::Reference* reference : table.references_to(member))
            result.push_back({reference->range, false, reference->is_write});
    }
    std::sort(result.begin(), result.end(), [](const Occurrence& a, const Occurrence& b) {
        return a.where.file != b.where.file ? a.where.file < b.where.file : a.where.range.begin < b.where.range.begin;
    });
    result.erase(std::unique(result.begin(), result.end(),
                             [](const Occurrence& a, const Occurrence& b) { return a.where == b.where; }),
                 result.end());
    return result;
}

std::string capture_field_name(const analysis::Analysis& analysis, const analysis::Symbol& capture) {
    const std::string_view text = analysis.sources.file(capture.name_range.file).text;
    const TextRange range = capture.name_range.range;
    if (range.end > text.size() || range.begin >= range.end)
        return std::string(capture.name);
    std::string_view written = text.substr(range.begin, range.length());
    if (written.starts_with('&'))
        written.remove_prefix(1);
    return std::string(written.empty() ? capture.name : written);
}

}  // namespace ark::lsp::features
