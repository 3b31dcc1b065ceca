//! Implementation of textDocument/rename and textDocument/prepareRename
//! (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_rename).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "analysis/analysis.hpp"

namespace ark::lsp::features {

// Feature: Rename
// Renames a variable and every use that resolves to it, across imported files.
// Refuses when the result could change meaning under dynamic scoping: when some
// name is resolved at run time with the old name (a caller's binding would be
// lost), when the new name is already in use where a use would be captured, or
// when the new name is not a legal, unreserved identifier.
struct RenameTarget {
    TextRange range;  // the name under the cursor
    std::string name;
};

struct RenameResult {
    std::vector<SourceRange> edits;  // every range to replace with the new name
    std::string error;               // set when the rename is refused
};

// nullopt (with `error` set) when nothing renameable is under the cursor.
std::optional<RenameTarget> prepare_rename(const analysis::Analysis& analysis, uint32_t offset, std::string& error);
RenameResult rename(const analysis::Analysis& analysis, uint32_t offset, const std::string& new_name);

}  // namespace ark::lsp::features
