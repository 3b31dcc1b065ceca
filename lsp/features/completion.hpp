//! Implementation of textDocument/completion
//! (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_completion).
#pragma once
#include <string>
#include <vector>

#include "analysis/analysis.hpp"

namespace ark::lsp::features {

// Feature: Completion
// The names visible at the cursor (locals and parameters of the enclosing
// functions, then globals), the keywords and the builtins, each with what it is.
// Nothing inside strings and comments.
struct CompletionEntry {
    enum class Kind { Function, Variable, Constant, Keyword, Builtin };
    std::string label;
    Kind kind = Kind::Variable;
    std::string detail;
    std::string documentation;
};

struct CompletionResult {
    TextRange replace;  // the part of the name typed so far (empty at a fresh position)
    std::vector<CompletionEntry> items;
};

CompletionResult completion(const analysis::Analysis& analysis, uint32_t offset);

}  // namespace ark::lsp::features
