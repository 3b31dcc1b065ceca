// Builds of workspace files off the main loop (see workspace_builds.hpp).
#include "server/workspace_builds.hpp"

#include "arklint_json.hpp"
#include "base/files.hpp"
#include "protocol/uri.hpp"
#include "server/handlers.hpp"
#include "server/session.hpp"

namespace ark::lsp {

std::shared_ptr<const WorkspaceBuilds> WorkspaceBuilds::of(const Session& session) {
    auto builds = std::make_shared<WorkspaceBuilds>();
    builds->folders = session.workspace_folders;
    builds->open_files = lsp::open_files(session);
    session.documents.for_each([&](const Document& document) {
        const std::string path = path_from_uri(document.uri);
        if (path.starts_with("/"))
            builds->open_versions[normal_path(path)] = document.version;
    });
    const std::vector<std::string> roots = readable_roots(session, "");
    builds->roots = std::make_shared<const std::vector<std::string>>(roots);
    builds->real_roots = real_paths(roots);
    // The documents' preamble cache, and the pass's own preambles kept alive in it.
    builds->config = session.pipeline->build_config();
    builds->config.snapshots_kept = false;
    builds->encoding = session.encoding;
    builds->lint_configs = session.pipeline->lint_configs();
    return builds;
}

std::vector<std::string> WorkspaceBuilds::files(const CancelToken& stop) const {
    std::vector<std::string> all;
    for (const std::string& folder : folders) {
        std::vector<std::string> found = ark_files_under(folder, stop);
        all.insert(all.end(), found.begin(), found.end());
    }
    return all;
}

std::optional<std::string> WorkspaceBuilds::text(const Session& session, const std::string& path) const {
    if (const auto open = open_files->find(path); open != open_files->end())
        return *open->second;
    return read_workspace_file(session, path, real_roots);
}

std::shared_ptr<const Snapshot> WorkspaceBuilds::build(const std::string& path, std::string text) const {
    const auto version = open_versions.find(path);
    const BuildInput input{uri_from_path(path), version != open_versions.end() ? version->second : 0,
                           std::make_shared<const std::string>(std::move(text)), encoding, open_files, roots, nullptr,
                           lint_configs};
    return build_snapshot(input, config);
}

std::string WorkspaceBuilds::lint_config_key(const std::string& path) const {
    if (!lint_configs)
        return std::string();
    const std::shared_ptr<const config::LintConfigFile> file = lint_configs->for_file(path);
    return file->path + '\n' + file->text;
}

}  // namespace ark::lsp
