// The imports a file's text makes and the files they name, found by parsing
// alone (no analysis): for the requests that follow imports across the
// workspace (renaming files, callers in files that import a module). A
// package is looked up from the importing file's folder, where the server
// resolves it when that file is open; imports found only in the library path
// are not workspace files and are left out.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "base/text.hpp"

namespace ark::lsp::features {

struct ImportSite {
    TextRange package_range;  // the package name token, `:*` included
    std::string package;      // without `:*`
    bool star = false;
    std::string target;  // folder/a/b/c.ark, lexically normal
};

// Every `(import a.b.c ...)` of `text` (the file at `path`) whose target
// exists (`exists(target)`; a stat, never a read).
std::vector<ImportSite> import_sites(const std::string& path, std::string_view text,
                                     bool (*exists)(const std::string& path));

// `a.b.c` -> `folder/a/b/c.ark`.
std::string package_path(const std::string& folder, std::string_view package);

}  // namespace ark::lsp::features
