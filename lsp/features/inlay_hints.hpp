//! Implementation of textDocument/inlayHint
//! (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_inlayHint).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/analysis.hpp"

namespace ark::lsp::features {

// Feature: Inlay Hints
// Parameter names before the arguments of calls to user functions,
// `(add a: 1 b: 2)`, in the requested range. No hint when the argument is
// already a name equal to the parameter, nor for builtins (their names are
// well known and their signatures are shown by signature help).
struct InlayHint {
    uint32_t offset = 0;  // where the hint is shown: the start of the argument
    std::string label;    // "a:"
};

std::vector<InlayHint> inlay_hints(const analysis::Analysis& analysis, TextRange range);

}  // namespace ark::lsp::features
