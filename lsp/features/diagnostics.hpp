//! Implementation of textDocument/publishDiagnostics
//! (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_publishDiagnostics).
#pragma once
#include <vector>

#include "analysis/analysis.hpp"

namespace ark::lsp::features {

// Feature: Diagnostics
// Every problem the front end found in the open file, as it would print them
// for `ark lint`. A problem inside an imported file is reported on the import
// form that brought the file in, so the user sees why the import is broken.
std::vector<Diagnostic> diagnostics(const analysis::Analysis& analysis);

}  // namespace ark::lsp::features
