//! Implementation of textDocument/formatting and textDocument/rangeFormatting
//! (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_formatting).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/analysis.hpp"

namespace ark::lsp::features {

// Feature: Formatting
// The same formatter as `ark fmt` (ark::format), as the smallest edit that
// turns the text into its formatted form, so the cursor and unchanged lines
// stay put. Never formats text with syntax errors, and refuses (as a second
// line of defence behind the formatter's own guarantee) any result whose
// comments differ from the original's: a comment is never lost.
struct FormatTextEdit {
    uint32_t begin = 0;  // byte range of the original text to replace
    uint32_t end = 0;
    std::string new_text;
};

struct FormatResult {
    std::vector<FormatTextEdit> edits;  // empty when already formatted
    std::string error;                  // set when formatting is refused
};

// `analysis` is the text's analysis: its lossless tree is what is formatted
// (the text is parsed here only when there is none).
FormatResult format_document(std::string_view text, const analysis::Analysis* analysis);
// Formats the top-level forms covering [begin, end).
FormatResult format_range(std::string_view text, const analysis::Analysis* analysis, uint32_t begin, uint32_t end);

}  // namespace ark::lsp::features
