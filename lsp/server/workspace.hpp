// The workspace beyond the open documents: its folders, an index of every
// .ark file's top-level definitions (for workspace/symbol, built at startup
// with $/progress and kept current from builds and file-watcher events), and
// the import graph that keeps a file and the modules it imports in step.
#pragma once
#include <condition_variable>
#include <mutex>
#include <optional>
#include <set>
#include <string_view>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/text.hpp"
#include "features/workspace_symbol.hpp"
#include "protocol/jsonrpc.hpp"
#include "server/snapshot.hpp"

namespace ark::lsp {

struct Session;

// Thread-safe: written by workers (indexing, builds), read by workspace/symbol.
class WorkspaceIndex {
public:
    struct Entry {
        features::FileSymbol symbol;
        LineColumn start, end;  // the definition form, in the session's encoding
    };
    struct Match {
        std::string uri;
        Entry entry;
    };

    // Replaces what is known about one file (by normalised path).
    void set_file(const std::string& path, const syntax::SyntaxTree& tree, const LineIndex& lines,
                  PositionEncoding encoding);
    void remove_file(const std::string& path);
    // Forgets every file under a folder (a workspace folder was removed).
    void remove_under(const std::string& folder);
    size_t n_files() const;
    // The best `limit` matches of a fuzzy query, best first.
    std::vector<Match> query(std::string_view query, size_t limit, const CancelToken& cancel) const;

    // An open document's update is announced before its diagnostics go out
    // (begin_update) and ended once set_file is done or given up: a query
    // first waits (a second at most) for the announced updates, so a client
    // that asks right after the diagnostics sees the buffer they are about.
    void begin_update();
    void end_update();

    // True the first time a file is skipped (not a regular file, too large,
    // outside the workspace): each is logged once, not at every rescan.
    bool first_skip(const std::string& path);

private:
    mutable std::mutex mutex_;
    mutable std::condition_variable updated_;
    size_t n_updating_ = 0;
    std::unordered_map<std::string, std::vector<Entry>> files_;
    std::unordered_set<std::string> skipped_;
};

// The text of a file of the workspace on disk, if it may be read: a regular
// file of at most kMaxSourceFileBytes whose real path is inside `real_roots`
// (base/files.hpp). A FIFO, a device, /proc/self/fd/0 or a symlink leaving
// the workspace is skipped and logged (once per file). Any thread.
std::optional<std::string> read_workspace_file(const Session& session, const std::string& path,
                                               const std::vector<std::string>& real_roots);

// The folders the server reads files from for a document at `document_path`
// (a normalised path, or ""): the workspace folders, the library path, and
// the document's own folder when it lies outside every workspace folder (a
// file opened on its own). Imports are refused outside them.
std::vector<std::string> readable_roots(const Session& session, const std::string& document_path);

// Every .ark file under a folder (normalised paths, sorted; at most 20,000),
// without hidden folders, node_modules and build trees. Stops early when
// `stop` is cancelled.
std::vector<std::string> ark_files_under(const std::string& folder, const CancelToken& stop);

// Parses `text` and indexes it as `path`.
void index_text(WorkspaceIndex& index, const std::string& path, std::string_view text, PositionEncoding encoding);

// The normalised paths of the open documents that are files.
std::set<std::string> open_document_paths(const Session& session);

// On `initialized`: asks the client to watch *.ark files and indexes the
// workspace folders on the pool, reporting $/progress.
void start_workspace(Session& session);
// The file at `path` (normalised) changed: rebuild the open documents whose
// last build read it, with the current open buffers (`also_unreported`: and
// the open documents whose first build has not reported its imports yet).
void rebuild_dependents(Session& session, const std::string& path, bool also_unreported = false);

json on_workspace_symbol(const WorkspaceIndex& index, const json& params, const CancelToken& cancel);
void on_did_change_watched_files(Session& session, const json& params);
void on_did_change_workspace_folders(Session& session, const json& params);
void advertise_workspace(json& capabilities);
void advertise_workspace_symbol(json& capabilities);

}  // namespace ark::lsp
