//! Implementation of textDocument/documentSymbol
//! (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_documentSymbol).
#pragma once
#include <string>
#include <vector>

#include "analysis/analysis.hpp"

namespace ark::lsp::features {

// Feature: Document Symbols (outline)
// The file's globals, with the local variables of each function nested under it.
struct DocumentSymbolNode {
    enum class Kind { Function, Variable, Constant };
    std::string name;
    std::string detail;  // "(fun (a b))", "mut", a constant's value
    Kind kind = Kind::Variable;
    TextRange range;      // the whole definition form
    TextRange selection;  // the name
    std::vector<DocumentSymbolNode> children;
};

std::vector<DocumentSymbolNode> document_symbols(const analysis::Analysis& analysis);

}  // namespace ark::lsp::features
