//! Implementation of textDocument/documentLink
//! (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_documentLink).
#pragma once
#include <string>
#include <vector>

#include "analysis/analysis.hpp"

namespace ark::lsp::features {

// Feature: Document links
// The package name of every `(import a.b.c)` of the main file links to the
// file the import read (the one whose definitions it spliced in). An import
// that found no file has no link.
struct DocumentLink {
    TextRange range;   // the package name
    std::string path;  // the imported file, as the import resolved it
};

std::vector<DocumentLink> document_links(const analysis::Analysis& analysis);

}  // namespace ark::lsp::features
