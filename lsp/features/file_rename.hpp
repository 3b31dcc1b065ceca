//! Implementation of workspace/willRenameFiles
//! (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#workspace_willRenameFiles).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "base/text.hpp"

namespace ark::lsp::features {

// Feature: Renaming files
// When a .ark file (or a folder of them) is renamed or moved, the imports
// that name it are rewritten to name its new place: `(import lib.util)` in
// /ws/main.ark becomes `(import tools.util)` when /ws/lib/util.ark moves to
// /ws/tools/util.ark. A package is looked up from the importing file's
// folder (where the server resolves it when that file is open); an import
// the new place cannot be spelled from (outside that folder, or a component
// that is not a package name) is left alone. The moved file's own imports
// are rewritten too when they would resolve differently from its new folder.
struct FileMove {
    std::string from;  // normalised absolute paths (files or folders)
    std::string to;
};

struct ImportEdit {
    TextRange range;  // the package name
    std::string new_package;
};

// The edits to `text`, the contents of the file at `path`, for `moves`.
// `exists` says whether a path is a file (the import resolves to it).
std::vector<ImportEdit> import_edits_for_moves(const std::string& path, std::string_view text,
                                               const std::vector<FileMove>& moves,
                                               bool (*exists)(const std::string& path));

}  // namespace ark::lsp::features
