// Variables around a stopped location (see inline_values.hpp).
#include "features/inline_values.hpp"

#include <algorithm>
#include <set>

namespace ark::lsp::features {

namespace {

// The symbols visible at a scope: its own and its ancestors' (globals included).
std::set<int> in_scope(const analysis::SymbolTable& table, int scope) {
    const std::vector<int> visible = table.visible_symbols(scope);
    return {visible.begin(), visible.end()};
}

}  // namespace

std::vector<InlineValue> inline_values(const analysis::Analysis& analysis, TextRange visible, TextRange stopped) {
    const analysis::SymbolTable& table = analysis.symbols;
    const FileId file = analysis.main_file;
    const LineIndex& lines = analysis.main_source().lines;
    const int scope = table.scope_at(file, stopped.begin);
    // From the enclosing function, else from the top-level form holding the
    // stop, to the end of the stopped line.
    uint32_t begin = visible.begin;
    if (scope > 0) {
        begin = std::max(begin, table.scopes[scope].range.range.begin);
    } else {
        for (const syntax::Sexp& form : analysis.expanded.program)
            if (form.where.file == file && form.where.range.begin <= stopped.begin && stopped.begin <= form.where.range.end)
                begin = std::max(begin, form.where.range.begin);
    }
    const uint32_t stopped_line = lines.to_line_column(stopped.begin, PositionEncoding::Utf8).line;
    const uint32_t end = std::min(visible.end, lines.to_offset({stopped_line + 1, 0}, PositionEncoding::Utf8));

    const std::set<int> visible_symbols = in_scope(table, scope);
    std::vector<InlineValue> values;
    const auto add = [&](int symbol, const SourceRange& where) {
        if (where.file != file || where.range.begin < begin || where.range.end > end || !visible_symbols.count(symbol))
            return;
        const analysis::Symbol& definition = table.symbols[symbol];
        if (definition.function_params)
            return;  // a function: nothing worth showing
        values.push_back({where.range, std::string(definition.name)});
    };
    for (const analysis::Reference& reference : table.references)
        if (reference.kind == analysis::ReferenceKind::Resolved)
            add(reference.symbol, reference.range);
    for (size_t symbol = 0; symbol < table.symbols.size(); ++symbol)
        add(static_cast<int>(symbol), table.symbols[symbol].name_range);
    std::sort(values.begin(), values.end(), [](const InlineValue& a, const InlineValue& b) {
        return a.range.begin < b.range.begin;
    });
    values.erase(std::unique(values.begin(), values.end(),
                             [](const InlineValue& a, const InlineValue& b) { return a.range == b.range; }),
                 values.end());
    return values;
}

}  // namespace ark::lsp::features
