//! Implementation of textDocument/inlineValue
//! (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_inlineValue).
#pragma once
#include <string>
#include <vector>

#include "analysis/analysis.hpp"

namespace ark::lsp::features {

// Feature: Inline values
// While a debugger is stopped, the values to show at the end of the lines
// above the stopped location: every variable read or defined on those lines
// that is still in scope there, from the start of the enclosing function (or
// of the enclosing top-level form) down to the stopped line, within the
// visible range. The debugger looks each one up by name (an
// InlineValueVariableLookup), so functions and builtins are left out.
struct InlineValue {
    TextRange range;  // the name
    std::string name;
};

// `visible`: the range the editor shows; `stopped`: the stopped location.
std::vector<InlineValue> inline_values(const analysis::Analysis& analysis, TextRange visible, TextRange stopped);

}  // namespace ark::lsp::features
