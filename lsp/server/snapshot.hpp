// An immutable view of one document at one version, plus the front end's
// Analysis of it. Built on a worker, shared read-only by every request.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "analysis/analysis.hpp"
#include "base/text.hpp"
#include "protocol/values.hpp"

namespace ark::config {
class LintConfigFinder;  // arklint_json.hpp
}
namespace ark::lints {
struct LintConfig;  // lints/lint.hpp
}

namespace ark::lsp {

// An absolute, lexically normal path: the key of files in OpenFiles, the
// workspace index and the import graph.
std::string normal_path(const std::string& path);

// Texts of the open editor buffers by path: imports read these instead of disk.
using OpenFiles = std::map<std::string, std::shared_ptr<const std::string>>;

// What a build needs: the document as it was when the build was scheduled.
struct BuildInput {
    std::string uri;
    int64_t version = 0;
    std::shared_ptr<const std::string> text;
    PositionEncoding encoding = PositionEncoding::Utf16;
    std::shared_ptr<const OpenFiles> open_files;
    // Folders imports may be read from (analysis::AnalysisOptions::
    // allowed_import_roots): the workspace folders and the library path.
    // Null: unrestricted (`ark lsp --check FILE`, which a user runs by hand).
    std::shared_ptr<const std::vector<std::string>> import_roots;
    // How many file change events (didChangeWatchedFiles) the workspace has
    // had: a preamble stamped before the latest one compares what it read
    // from disk with the disk again, since a rewrite may keep size and mtime.
    // Null: none counted (`ark lsp --check`).
    std::shared_ptr<const std::atomic<uint64_t>> disk_changes;
    // Where the document's `.arklint.json` is found (the pipeline's finder,
    // which knows the workspace folders and trust). Null: the default lint
    // settings.
    std::shared_ptr<config::LintConfigFinder> lint_configs;
};

struct StampedPreamble;  // preamble_stamps.hpp

// A FileView: protocol/values.hpp turns its analysis' ranges into LSP JSON.
struct Snapshot : FileView {
    explicit Snapshot(const BuildInput& input)
        : FileView(input.encoding),
          uri(input.uri),
          version(input.version),
          text(input.text),
          lines(*input.text),
          import_roots(input.import_roots) {}

    std::string uri;
    int64_t version;
    std::shared_ptr<const std::string> text;
    LineIndex lines;
    // The build's import roots, for anything that analyses the text again (lens runs).
    std::shared_ptr<const std::vector<std::string>> import_roots;
    // The library folders imports were looked up in (BuildConfig), for the
    // features that name std modules.
    std::vector<std::string> library_paths;
    // Null only if the front end failed unexpectedly (it promises not to).
    std::shared_ptr<const analysis::Analysis> analysis;
    // The document's imports analysed once, for the next builds while the
    // imports and the files they read stay as they are (null: none to keep).
    std::shared_ptr<const StampedPreamble> preamble;
    // While this text has a lexer error (a `"` typed and not yet closed),
    // which analysis::reanalyze() cannot start from: the document's last
    // analysis before it that could be, for the build that closes the
    // string. Read and moved only by the document's next build.
    std::shared_ptr<const analysis::Analysis> recycle_base;
    // Whether the analysis was made by recycling an earlier one (reanalyze)
    // rather than from nothing.
    bool recycled = false;
    // Set when this build built a preamble or took one another file's build
    // made (BuildConfig::preambles): one line for the server's log, as
    // clangd logs its preamble builds.
    std::string preamble_note;
    // The lint settings in force when it was built (its `.arklint.json`),
    // which lint() applies. Null: the defaults.
    std::shared_ptr<const lints::LintConfig> lint_config;

    uint32_t offset_of(LineColumn position) const { return lines.to_offset(position, encoding); }
    LineColumn position_of(uint32_t offset) const { return lines.to_line_column(offset, encoding); }
    // The URI and line index of any file of the analysis (imports included).
    std::string uri_of(FileId file) const override;
    const LineIndex& lines_of(FileId file) const override;
    // The normalised paths of every file the analysis read besides the main
    // one (imports, transitively): a change to any of them makes it stale.
    std::vector<std::string> imported_paths() const;

    // Lints are several times slower than the front end, so the server
    // publishes the front end's diagnostics first and lints afterwards: lint()
    // runs run_lints() with `lint_config` once (thread-safe; later calls wait
    // for or reuse the result) and returns false when it is skipped (no
    // analysis, or a text over kMaxLintBytes) or stopped by `cancelled` (polled between lints; a
    // stopped run keeps nothing, a later call starts again). lint_findings()
    // is empty until lint() has run.
    static constexpr size_t kMaxLintBytes = 512 * 1024;
    bool lint(const std::function<bool()>& cancelled = {}) const;
    std::vector<Diagnostic> lint_findings() const;

private:
    mutable std::mutex lint_mutex_;
    mutable std::optional<std::vector<Diagnostic>> lint_findings_;
};

class PreambleCache;  // preamble_cache.hpp

struct BuildConfig {
    std::vector<std::string> library_paths;
    // Shared by every build of the session: a document's build looks there
    // for a preamble another document made (same folder, same imports)
    // before making its own. Null: each build makes its own.
    std::shared_ptr<PreambleCache> preambles;
    // False for builds whose snapshot nobody keeps (workspace passes): the
    // cache then keeps their small preambles alive for the next file.
    bool snapshots_kept = true;
};

// Runs the front end over one document. Never throws on any source text.
// Returns null only when `cancelled` (polled between the front end's phases)
// returned true: the caller no longer wants this build.
//
// `previous`, when given, is the document's snapshot before this input. If
// nothing else references it or its analysis, its analysis may be recycled
// into the new one (analysis::reanalyze, a fraction of a full build's time):
// then `previous` is reset. Otherwise it is left for the caller to release.
// A document that starts with imports is analysed on top of its preamble
// (analysis::analyze_with_preamble): `previous`'s, while still valid, else a
// new one, which the new snapshot keeps for the next build.
std::shared_ptr<const Snapshot> build_snapshot(const BuildInput& input, const BuildConfig& config,
                                               std::function<bool()> cancelled = {},
                                               std::shared_ptr<const Snapshot>* previous = nullptr);

// Set by the main loop when the client cancels; checked by long-running work.
class CancelToken {
public:
    CancelToken() : flag_(std::make_shared<std::atomic<bool>>(false)) {}
    bool cancelled() const { return flag_->load(std::memory_order_relaxed); }
    void cancel() const { flag_->store(true, std::memory_order_relaxed); }

private:
    std::shared_ptr<std::atomic<bool>> flag_;
};

}  // namespace ark::lsp
