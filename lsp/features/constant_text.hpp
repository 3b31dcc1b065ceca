// How features show the value of a constant bound to a literal (hover, and the details of
// completion items and document symbols). A string is shown as it is written: the value
// re-printed between quotes reads as another string when the literal was raw (`r"C:\new"`,
// 4.8, would show as "C:\new", whose `\n` is a line break). Anything else, a number or a string
// that a macro made (its range is the macro call's), keeps the re-printed value.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/analysis.hpp"
#include "syntax/tree.hpp"

namespace ark::lsp::features {

inline std::optional<std::string> constant_text(const analysis::Analysis& analysis, const analysis::Symbol& symbol) {
    if (!symbol.constant_value) return std::nullopt;
    const SourceRange& where = symbol.value_range;
    if (where.file >= analysis.sources.size()) return symbol.constant_value;
    const std::string_view text = analysis.sources.file(where.file).text;
    if (where.range.end < where.range.begin || where.range.end > text.size()) return symbol.constant_value;
    const std::string_view literal = text.substr(where.range.begin, where.range.length());
    std::vector<Diagnostic> diagnostics;
    const std::vector<syntax::Token> tokens = syntax::lex(literal, where.file, diagnostics);
    // One string token whose value is the constant's: the literal itself, not a call around it.
    if (tokens.size() == 1 && tokens[0].kind == syntax::TokenKind::String &&
        "\"" + syntax::decode_string(literal) + "\"" == *symbol.constant_value)
        return std::string(literal);
    return symbol.constant_value;
}

}  // namespace ark::lsp::features
