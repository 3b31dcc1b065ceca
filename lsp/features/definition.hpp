//! Implementation of textDocument/definition
//! (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_definition).
#pragma once
#include <vector>

#include "analysis/analysis.hpp"

namespace ark::lsp::features {

// Feature: Go to Definition
// From a use of a name to the `let`/`mut`/parameter that binds it lexically,
// also across imports. A dynamically resolved name goes to every local binding
// of that name (the candidates a caller could provide). Builtins have none.
std::vector<SourceRange> definition(const analysis::Analysis& analysis, uint32_t offset);

}  // namespace ark::lsp::features
