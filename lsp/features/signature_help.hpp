//! Implementation of textDocument/signatureHelp
//! (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_signatureHelp).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/analysis.hpp"

namespace ark::lsp::features {

// Feature: Signature Help
// Inside a call `(f a b|)`, the signature of the innermost enclosing call whose
// head is a function: a builtin (its registry signature and doc) or a user
// function (its parameters and the doc comment above it), with the argument
// under the cursor as the active parameter. A variadic last parameter
// (`value...`) stays active for every further argument.
struct SignatureInfo {
    std::string label;  // "(add a b)"
    // Each parameter as a [begin, end) byte range of `label`.
    std::vector<std::pair<uint32_t, uint32_t>> parameters;
    std::string documentation;  // markdown, may be empty
    uint32_t active_parameter = 0;
};

std::optional<SignatureInfo> signature_help(const analysis::Analysis& analysis, uint32_t offset);

}  // namespace ark::lsp::features
