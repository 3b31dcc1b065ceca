//! Implementation of textDocument/completion
//! (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_completion).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/analysis.hpp"

namespace ark::lsp::features {

// Feature: Completion
// The names visible at the cursor (locals and parameters of the enclosing
// functions, then globals), the keywords and the builtins, each with what it is.
// Nothing inside strings and comments.
//
// A big program has thousands of names in scope; sending them all on every
// keystroke costs more than computing them. So when there are more than
// `limit` candidates, only the names matching what is typed so far (its
// characters in order, the first one first, ignoring case; names that start
// with it come first) are kept, at most `limit` of them, and the result says
// it is incomplete: the client asks again as the user types on (what
// rust-analyzer does). Details and documentation are made for kept names only.
// The language's own names (language/vocabulary.def) are about 110, so a
// small program stays under the limit and gets the complete list.
//
// The first list leaves out what costs a lookup per name (the doc comments,
// the functions' and builtins' signatures): `resolve` fills them for the one
// item the user looks at (completionItem/resolve), as clangd and
// rust-analyzer do. A constant's value stays in the list (it is its detail).
struct CompletionConfig {
    size_t limit = 250;
    bool details = false;  // fill every entry's signature and documentation now
};

struct CompletionEntry {
    enum class Kind { Function, Variable, Constant, Keyword, Builtin, Operator };
    std::string label;
    Kind kind = Kind::Variable;
    std::string detail;
    std::string documentation;
};

struct CompletionResult {
    TextRange replace;  // the part of the name typed so far (empty at a fresh position)
    std::vector<CompletionEntry> items;
    bool incomplete = false;  // filtered by the typed prefix and/or cut at the limit
};

CompletionResult completion(const analysis::Analysis& analysis, uint32_t offset, const CompletionConfig& config = {});

// The entry named `label` at `offset` with its signature and documentation,
// or nullopt when no such name is offered there (the text changed since).
std::optional<CompletionEntry> resolve_completion(const analysis::Analysis& analysis, uint32_t offset,
                                                  std::string_view label);

}  // namespace ark::lsp::features
