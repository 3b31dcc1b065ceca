// The server's core, the role of clangd's ClangdServer (the LSP edge, what
// parses messages, dispatches them and builds JSON, is the rest of server/,
// as ClangdLSPServer is clangd's): the Pipeline owns the scheduler that
// builds documents and runs work off the main loop, the workspace index, the
// build configuration and the workspace configuration. It knows no JSON-RPC
// and no session: it tells the edge what happened through named callbacks.
//
//   edge (main loop)                    Pipeline (workers)
//   didOpen/didChange ── update() ───►  debounced build of the newest text
//                     ◄── built ──────  front-end diagnostics to publish; then the index learns it
//                     ◄── linted ─────  the same snapshot with its lint findings, once the user paused
//   initialized ── index_folders() ─►  every .ark file of the workspace into the index
//                     ◄── progress ───  begin, every 10 %, end
//   (any build or workspace report)     reads a `.arklint.json` (lint_configs())
//                     ◄── lint_config_read  what it found: usable, or why not
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "arklint_json.hpp"
#include "server/configuration.hpp"
#include "server/scheduler.hpp"
#include "server/snapshot.hpp"
#include "server/workspace.hpp"

namespace ark::lsp {

// Called on a worker. Each snapshot is a build of its document's newest
// version; a newer version's callbacks come later, an older one's never.
struct PipelineCallbacks {
    // The front end's diagnostics are ready. Called before the workspace
    // index takes the snapshot's definitions, and workspace queries wait for
    // that, so what a client asks after the diagnostics sees this version.
    std::function<void(const std::shared_ptr<const Snapshot>& snapshot)> built;
    // The snapshot's lint findings are ready (Snapshot::lint_findings), once
    // the document stayed unchanged SchedulerOptions::quiet_delay. Not called
    // when the lints found nothing or the text changed meanwhile.
    std::function<void(const std::shared_ptr<const Snapshot>& snapshot)> linted;
    // A `.arklint.json` was read (on the worker that needed it: a build, a
    // workspace report): the edge reports a file that can not be used and
    // withdraws the report once it can.
    std::function<void(const config::LintConfigFile& file)> lint_config_read;
};

// How far background indexing is: one Begin, Reports, one End.
struct IndexingProgress {
    enum class Stage { Begin, Report, End } stage = Stage::Begin;
    size_t done = 0;   // files indexed
    size_t total = 0;  // files found (0 while listing them)
    int percentage = 0;
    std::string message;  // "listing .ark files", "3/10 files", "indexed 10 files in 4 ms"
};

struct PipelineOptions {
    SchedulerOptions scheduler;
    BuildConfig build;
    PositionEncoding encoding = PositionEncoding::Utf16;
};

class Pipeline {
public:
    Pipeline(PipelineOptions options, PipelineCallbacks callbacks);
    // Stops the scheduler (joining its workers): no callback runs afterwards.
    ~Pipeline();
    Pipeline(const Pipeline&) = delete;
    Pipeline& operator=(const Pipeline&) = delete;

    Scheduler& scheduler() { return *scheduler_; }
    // Shared with the work that reads it on the pool (workspace/symbol).
    const std::shared_ptr<WorkspaceIndex>& index() const { return index_; }
    const BuildConfig& build_config() const { return options_.build; }
    PositionEncoding encoding() const { return options_.encoding; }
    WorkspaceConfiguration& configuration() { return configuration_; }
    // Where each document's `.arklint.json` is, read once and cached until
    // forget() (a configuration file changed) or set_lint_config_roots().
    // Shared with the builds, which read through it on the pool.
    const std::shared_ptr<config::LintConfigFinder>& lint_configs() const { return lint_configs_; }
    // The workspace folders the search stays in, and whether the workspace is
    // trusted (an untrusted one is never read outside its folders, symlinks
    // included): arklint_json.hpp's discovery rule. Forgets what was cached.
    void set_lint_config_roots(std::vector<std::string> folders, bool trusted);

    // Reads a workspace file for the index; nullopt: skip it.
    using ReadFile = std::function<std::optional<std::string>(const std::string& path)>;
    using OnIndexing = std::function<void(const IndexingProgress& progress)>;
    // Indexes every .ark file under `folders` on the pool, except `skip`
    // (open documents: their builds index their buffers), reporting through
    // `progress` (on the worker). Stops early once `stop` is cancelled.
    void index_folders(std::vector<std::string> folders, std::set<std::string> skip, ReadFile read, OnIndexing progress,
                       CancelToken stop);

private:
    void on_fresh(std::shared_ptr<const Snapshot> snapshot, const Scheduler::Superseded& superseded);
    void on_quiet(std::shared_ptr<const Snapshot> snapshot, const Scheduler::Superseded& superseded);

    PipelineOptions options_;
    PipelineCallbacks callbacks_;
    std::shared_ptr<WorkspaceIndex> index_ = std::make_shared<WorkspaceIndex>();
    WorkspaceConfiguration configuration_;
    std::shared_ptr<config::LintConfigFinder> lint_configs_;
    // Last: its workers use everything above, and stop first.
    std::unique_ptr<Scheduler> scheduler_;
};

}  // namespace ark::lsp
