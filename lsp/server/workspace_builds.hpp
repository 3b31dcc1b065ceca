// Building files of the workspace that may not be open, off the main loop:
// what workspace/diagnostic, callHierarchy/incomingCalls and
// workspace/willRenameFiles share. Made on the main loop (a copy of the open
// buffers, the folders and the build configuration), then used on the pool.
// Files are read as the index reads them (read_workspace_file: inside the
// workspace or the library path, regular files only, FIFOs never block); an
// open file is its buffer.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/snapshot.hpp"

namespace ark::lsp {

struct Session;

struct WorkspaceBuilds {
    std::vector<std::string> folders;
    std::shared_ptr<const OpenFiles> open_files;
    std::map<std::string, int64_t> open_versions;  // by normalised path
    std::shared_ptr<const std::vector<std::string>> roots;
    std::vector<std::string> real_roots;
    BuildConfig config;
    PositionEncoding encoding = PositionEncoding::Utf16;
    // Each file's `.arklint.json`, as an open document's build finds it.
    std::shared_ptr<config::LintConfigFinder> lint_configs;

    // Main loop only.
    static std::shared_ptr<const WorkspaceBuilds> of(const Session& session);

    // Every .ark file of the workspace folders.
    std::vector<std::string> files(const CancelToken& stop) const;
    // The buffer of an open file, else its text on disk if it may be read.
    std::optional<std::string> text(const Session& session, const std::string& path) const;
    // The snapshot of a file with this text, as a build of the open document would make it.
    std::shared_ptr<const Snapshot> build(const std::string& path, std::string text) const;
    // What the lint settings of a file are made of (its configuration file's
    // path and text), for a fingerprint of the inputs of its report.
    std::string lint_config_key(const std::string& path) const;
};

}  // namespace ark::lsp
