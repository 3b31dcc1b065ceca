// Workspace folders, the symbol index and the import graph (see workspace.hpp).
//
// The index holds each file's top-level definitions with positions already in
// the client's encoding, so workspace/symbol is a filter over plain structs.
// Files enter it three ways: the startup scan of the workspace folders
// (Pipeline::index_folders, on the pool, with $/progress), every fresh build
// of an open document (its buffer, not the disk), and didChangeWatchedFiles
// for files that are not open.
//
// Lint configurations. `**/.arklint.json` is watched too; its changes go to
// lint_configs.cpp.
//
// Imports. Each build records which files it read (Session::imports_of). When
// a file changes, in a buffer or on disk, every open document whose last build
// read it is rebuilt with the current buffers, so its diagnostics follow the
// module they import. A change to an open file on disk is ignored: the buffer
// is what the user sees and what the builds read.
#include "server/workspace.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>

#include "base/files.hpp"
#include "protocol/convert.hpp"
#include "protocol/uri.hpp"
#include "protocol/values.hpp"
#include "server/handlers.hpp"
#include "server/session.hpp"

namespace ark::lsp {

namespace {

bool is_ark_file(const std::string& path) { return path.size() > 4 && path.ends_with(".ark"); }

}  // namespace

// Every .ark entry under a folder, skipping hidden folders, node_modules and
// build trees (copies of sources would show every symbol twice). Symlinked
// folders are not entered; what an entry is, is read_workspace_file's business.
std::vector<std::string> ark_files_under(const std::string& folder, const CancelToken& stop) {
    namespace fs = std::filesystem;
    constexpr size_t kMaxFiles = 20'000;
    std::vector<std::string> files;
    std::error_code error;
    fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, error);
    for (; !error && it != fs::recursive_directory_iterator() && files.size() < kMaxFiles && !stop.cancelled();
         it.increment(error)) {
        const std::string name = it->path().filename().string();
        if (it->is_directory(error)) {
            if (name.starts_with(".") || name == "node_modules" || name.starts_with("build"))
                it.disable_recursion_pending();
            continue;
        }
        const std::string path = it->path().string();
        if (is_ark_file(path))
            files.push_back(normal_path(path));
    }
    std::sort(files.begin(), files.end());
    return files;
}

namespace {

bool client_supports(const json& capabilities, std::initializer_list<const char*> path) {
    const json* at = &capabilities;
    for (const char* key : path) {
        if (!at->is_object() || !at->contains(key))
            return false;
        at = &(*at)[key];
    }
    return at->is_boolean() && at->get<bool>();
}

}  // namespace

// ---------------------------------------------------------------- index

void WorkspaceIndex::set_file(const std::string& path, const syntax::SyntaxTree& tree, const LineIndex& lines,
                              PositionEncoding encoding) {
    std::vector<Entry> entries;
    for (features::FileSymbol& symbol : features::file_symbols(tree)) {
        const LineColumn start = lines.to_line_column(symbol.range.begin, encoding);
        const LineColumn end = lines.to_line_column(symbol.range.end, encoding);
        entries.push_back({std::move(symbol), start, end});
    }
    std::lock_guard lock(mutex_);
    files_.insert_or_assign(path, std::move(entries));
}

void WorkspaceIndex::begin_update() {
    std::lock_guard lock(mutex_);
    ++n_updating_;
}

void WorkspaceIndex::end_update() {
    {
        std::lock_guard lock(mutex_);
        --n_updating_;
    }
    updated_.notify_all();
}

bool WorkspaceIndex::first_skip(const std::string& path) {
    std::lock_guard lock(mutex_);
    return skipped_.insert(path).second;
}

void WorkspaceIndex::remove_file(const std::string& path) {
    std::lock_guard lock(mutex_);
    files_.erase(path);
}

void WorkspaceIndex::remove_under(const std::string& folder) {
    const std::string prefix = folder.ends_with("/") ? folder : folder + "/";
    std::lock_guard lock(mutex_);
    std::erase_if(files_, [&](const auto& file) { return file.first.starts_with(prefix); });
}

size_t WorkspaceIndex::n_files() const {
    std::lock_guard lock(mutex_);
    return files_.size();
}

std::vector<WorkspaceIndex::Match> WorkspaceIndex::query(std::string_view query, size_t limit,
                                                         const CancelToken& cancel) const {
    struct Scored {
        size_t score;
        const std::string* path;
        const Entry* entry;
    };
    std::vector<Match> matches;
    std::unique_lock lock(mutex_);
    updated_.wait_for(lock, std::chrono::seconds(1), [this] { return n_updating_ == 0; });
    std::vector<Scored> scored;
    for (const auto& [path, entries] : files_) {
        if (cancel.cancelled())
            return matches;
        for (const Entry& entry : entries) {
            size_t score = 0;
            if (features::fuzzy_match(query, entry.symbol.name, score))
                scored.push_back({score, &path, &entry});
        }
    }
    const auto better = [](const Scored& a, const Scored& b) {
        if (a.score != b.score)
            return a.score < b.score;
        if (a.entry->symbol.name != b.entry->symbol.name)
            return a.entry->symbol.name < b.entry->symbol.name;
        return *a.path < *b.path;
    };
    const size_t n = std::min(limit, scored.size());
    std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(n), scored.end(), better);
    for (size_t i = 0; i < n; ++i)
        matches.push_back({uri_from_path(*scored[i].path), *scored[i].entry});
    return matches;
}

void index_text(WorkspaceIndex& index, const std::string& path, std::string_view text, PositionEncoding encoding) {
    const syntax::ParseResult parsed = syntax::parse(text, 0);
    index.set_file(path, parsed.tree, LineIndex(text), encoding);
}

// ---------------------------------------------------------------- lifecycle

std::set<std::string> open_document_paths(const Session& session) {
    std::set<std::string> paths;
    session.documents.for_each([&](const Document& document) {
        const std::string path = path_from_uri(document.uri);
        if (path.starts_with("/"))
            paths.insert(normal_path(path));
    });
    return paths;
}

void start_workspace(Session& session) {
    if (client_supports(session.client_capabilities, {"workspace", "didChangeWatchedFiles", "dynamicRegistration"})) {
        // Sources (the index, importers) and lint configurations (lint_configs.cpp).
        const json registration{
            {"id", "ark/watch-ark-files"},
            {"method", "workspace/didChangeWatchedFiles"},
            {"registerOptions",
             {{"watchers", {{{"globPattern", "**/*.ark"}}, {{"globPattern", "**/" + std::string(config::kLintConfigName)}}}}}}};
        session.outgoing.send(session, "client/registerCapability", {{"registrations", {registration}}});
    }
    index_workspace_folders(session, session.workspace_folders);
}

std::optional<std::string> read_workspace_file(const Session& session, const std::string& path,
                                               const std::vector<std::string>& real_roots) {
    FileRead read = read_file_within(path, real_roots);
    if (read.problem != FileProblem::None && read.problem != FileProblem::Missing &&
        session.pipeline->index()->first_skip(path))
        session.log(LogLevel::Warning, "skipped `" + path + "': " + describe(read.problem));
    return std::move(read.text);
}

std::vector<std::string> readable_roots(const Session& session, const std::string& document_path) {
    std::vector<std::string> roots = session.workspace_folders;
    roots.insert(roots.end(), session.options.library_paths.begin(), session.options.library_paths.end());
    if (!document_path.empty()) {
        const std::string folder = std::filesystem::path(document_path).parent_path().string();
        const bool in_workspace = std::any_of(session.workspace_folders.begin(), session.workspace_folders.end(),
                                              [&](const std::string& root) { return is_within(folder, root); });
        if (!in_workspace)
            roots.push_back(folder);
    }
    return roots;
}

void rebuild_dependents(Session& session, const std::string& path, bool also_unreported) {
    for (const auto& [uri, imports] : session.imports_of) {
        if (std::find(imports.begin(), imports.end(), path) == imports.end())
            continue;
        if (const Document* document = session.documents.find(uri))
            schedule_build(session, *document);
    }
    // An open document whose first build has not reported yet may import the
    // file too: its imports are unknown, so it is built again. (Requests on a
    // snapshot can be answered before the build's DiagnosticsReady reaches
    // the main loop: the client may already act on what it saw.) Only for a
    // change on disk: rare, unlike opening and editing buffers.
    if (!also_unreported)
        return;
    session.documents.for_each([&](const Document& document) {
        if (!session.imports_of.count(document.uri) && normal_path(path_from_uri(document.uri)) != path)
            schedule_build(session, document);
    });
}

// ---------------------------------------------------------------- handlers

void advertise_workspace(json& capabilities) {
    capabilities["workspace"] = {{"workspaceFolders", {{"supported", true}, {"changeNotifications", true}}}};
}

void advertise_workspace_symbol(json& capabilities) { capabilities["workspaceSymbolProvider"] = true; }

json on_workspace_symbol(const WorkspaceIndex& index, const json& params, const CancelToken& cancel) {
    constexpr size_t kLimit = 500;
    const std::string query = params.value("query", std::string());
    json symbols = json::array();
    for (const WorkspaceIndex::Match& match : index.query(query, kLimit, cancel)) {
        using Kind = features::FileSymbol::Kind;
        const Kind kind = match.entry.symbol.kind;
        const std::string path = path_from_uri(match.uri);
        symbols.push_back(
            {{"name", match.entry.symbol.name},
             {"kind", kind == Kind::Function ? 12 : kind == Kind::Constant ? 14 : 13},
             {"containerName", std::filesystem::path(path).filename().string()},
             {"location", location_json(match.uri, match.entry.start, match.entry.end)}});
    }
    return symbols;
}

void on_did_change_watched_files(Session& session, const json& params) {
    session.disk_changes->fetch_add(1, std::memory_order_release);
    const std::set<std::string> open = open_document_paths(session);
    std::vector<std::pair<std::string, bool>> lint_configs;  // path, deleted
    for (const json& change : params.at("changes")) {
        const std::string path = normal_path(path_from_uri(change.at("uri").get<std::string>()));
        if (is_lint_config_path(path)) {
            lint_configs.emplace_back(path, change.value("type", 2) == 3);
            continue;
        }
        if (open.count(path))
            continue;  // the buffer wins over the disk
        if (is_ark_file(path)) {
            if (change.value("type", 2) == 3) {
                session.pipeline->index()->remove_file(path);
            } else {
                session.pipeline->scheduler().run([&session, path, roots = real_paths(session.workspace_folders),
                                        index = session.pipeline->index(), encoding = session.encoding] {
                    if (const auto text = read_workspace_file(session, path, roots))
                        index_text(*index, path, *text, encoding);
                    else
                        index->remove_file(path);
                });
            }
        }
        rebuild_dependents(session, path, true);
    }
    if (!lint_configs.empty())
        on_lint_configs_changed(session, lint_configs);
}

void on_did_change_workspace_folders(Session& session, const json& params) {
    const json& event = params.at("event");
    std::vector<std::string> added;
    for (const json& folder : event.value("removed", json::array())) {
        const std::string path = normal_path(path_from_uri(folder.at("uri").get<std::string>()));
        std::erase(session.workspace_folders, path);
        session.pipeline->index()->remove_under(path);
    }
    for (const json& folder : event.value("added", json::array())) {
        const std::string path = normal_path(path_from_uri(folder.at("uri").get<std::string>()));
        if (std::find(session.workspace_folders.begin(), session.workspace_folders.end(), path) ==
            session.workspace_folders.end()) {
            session.workspace_folders.push_back(path);
            added.push_back(path);
        }
    }
    index_workspace_folders(session, std::move(added));
    configure_lint_configs(session);  // the folders bound where `.arklint.json` is looked for
}

}  // namespace ark::lsp
