//! Implementation of textDocument/references
//! (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_references).
#pragma once
#include <vector>

#include "analysis/analysis.hpp"

namespace ark::lsp::features {

// Feature: Find All References
// Every use of the variable under the cursor that resolves to it lexically
// (redeclarations with `mut` in the same scope count as the same variable),
// with or without its definitions.
struct ReferencesConfig {
    bool include_declaration = true;
};

std::vector<SourceRange> references(const analysis::Analysis& analysis, uint32_t offset, ReferencesConfig config);

}  // namespace ark::lsp::features
