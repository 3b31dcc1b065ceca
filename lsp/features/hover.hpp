//! Implementation of textDocument/hover
//! (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_hover).
#pragma once
#include <optional>
#include <string>

#include "analysis/analysis.hpp"

namespace ark::lsp::features {

// Feature: Hover
// Shows what a name is: a variable's definition, value and doc comment; a
// function's parameters; a builtin's signature and one-line doc; and for a
// dynamically resolved name, which functions bind it for their callees.
struct HoverInfo {
    TextRange range;       // the name hovered, in the main file
    std::string markdown;
};

std::optional<HoverInfo> hover(const analysis::Analysis& analysis, uint32_t offset);

}  // namespace ark::lsp::features
