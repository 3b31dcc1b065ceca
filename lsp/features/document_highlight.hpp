//! Implementation of textDocument/documentHighlight
//! (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_documentHighlight).
#pragma once
#include <vector>

#include "analysis/analysis.hpp"

namespace ark::lsp::features {

// Feature: Highlight Related
// The occurrences of the variable under the cursor in this file: definitions
// and `set`/`del`/in-place list operations as writes, other uses as reads.
struct Highlight {
    TextRange range;
    bool is_write = false;
};

std::vector<Highlight> document_highlight(const analysis::Analysis& analysis, uint32_t offset);

}  // namespace ark::lsp::features
