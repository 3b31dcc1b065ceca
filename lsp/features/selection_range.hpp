//! Implementation of textDocument/selectionRange
//! (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_selectionRange).
#pragma once
#include <vector>

#include "analysis/analysis.hpp"

namespace ark::lsp::features {

// Feature: Expand Selection
// From the token under the cursor outwards through each enclosing form to the file.
// Returns the ranges innermost first, each strictly larger than the previous.
std::vector<TextRange> selection_ranges(const analysis::Analysis& analysis, uint32_t offset);

}  // namespace ark::lsp::features
