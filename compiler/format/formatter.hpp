// The formatter: lossless syntax tree -> canonical text. Comments are never
// dropped or reordered, strings and numbers are printed as written. It knows
// nothing about files, the CLI or LSP: `ark fmt` and rangeFormatting call it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "syntax/tree.hpp"

namespace ark::format {

struct FormatOptions {
    int indent = 2;       // spaces per nesting level of a body
    int max_width = 100;  // a form longer than this on one line is broken
};

// Clients that have an analysis format its lossless tree (analysis::Analysis::
// parse.tree), which they pass with `syntax_clean` (Analysis::syntax_clean()):
// broken code is never formatted, and nullopt says so.

// The whole file, formatted. Invariant: format(format(x)) == format(x), and
// the result lowers to the same S-expressions as the input.
std::optional<std::string> format_tree(const syntax::SyntaxTree& tree, bool syntax_clean, const FormatOptions& options);
// The same from text, for callers without an analysis (tests, fuzzing).
std::optional<std::string> format_source(std::string_view text, const FormatOptions& options);

// Replace [begin, end) of the original text by new_text.
struct FormatEdit {
    uint32_t begin = 0;
    uint32_t end = 0;
    std::string new_text;
};

// The edit that formats the smallest run of whole top-level forms covering
// [begin, end) (for LSP rangeFormatting); an empty edit at `begin` when the
// range covers no form; nullopt when the text has syntax errors.
std::optional<FormatEdit> format_tree_range(const syntax::SyntaxTree& tree, bool syntax_clean, uint32_t begin,
                                            uint32_t end, const FormatOptions& options);
std::optional<FormatEdit> format_range(std::string_view text, uint32_t begin, uint32_t end,
                                       const FormatOptions& options);

}  // namespace ark::format
