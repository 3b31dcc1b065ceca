//! Implementation of workspace/symbol
//! (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#workspace_symbol).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "syntax/tree.hpp"

namespace ark::lsp::features {

// Feature: Workspace Symbols
// The top-level `let`/`mut` definitions of every .ark file of the workspace
// (open buffers as typed, other files as on disk), found by a fuzzy query:
// the query's characters must appear in order in the name, ignoring case.
// Matches by prefix rank first, then shorter names, then by name.
struct FileSymbol {
    enum class Kind { Function, Variable, Constant };
    std::string name;
    Kind kind = Kind::Variable;
    TextRange range;      // the whole definition form
    TextRange selection;  // the name
};

// The top-level definitions of one parsed file, from its lossless tree only
// (cheap enough to index a whole workspace; no imports are followed).
std::vector<FileSymbol> file_symbols(const syntax::SyntaxTree& tree);

// True when every character of `query` appears in `name` in order (ASCII case
// folded); sets `score` (lower is better) when it does.
bool fuzzy_match(std::string_view query, std::string_view name, size_t& score);

}  // namespace ark::lsp::features
