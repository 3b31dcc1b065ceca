// Building a Snapshot: the one place the server calls the front end.
#include "server/snapshot.hpp"

#include <atomic>
#include <chrono>
#include <filesystem>

#include "analysis/incremental.hpp"
#include "analysis/preamble.hpp"
#include "arklint_json.hpp"
#include "lints/lint.hpp"
#include "protocol/uri.hpp"
#include "server/preamble_cache.hpp"
#include "server/preamble_stamps.hpp"

namespace ark::lsp {

std::string normal_path(const std::string& path) {
    std::error_code error;
    const std::filesystem::path absolute = std::filesystem::absolute(path, error);
    return (error ? std::filesystem::path(path) : absolute).lexically_normal().string();
}

std::string Snapshot::uri_of(FileId file) const {
    if (!analysis || file == analysis->main_file)
        return uri;
    return uri_from_path(analysis->sources.file(file).path);
}

const LineIndex& Snapshot::lines_of(FileId file) const {
    if (!analysis || file == analysis->main_file || file >= analysis->sources.size())
        return lines;
    return analysis->sources.file(file).lines;
}

std::vector<std::string> Snapshot::imported_paths() const {
    std::vector<std::string> paths;
    if (!analysis)
        return paths;
    for (FileId file = 0; file < analysis->sources.size(); ++file)
        if (file != analysis->main_file)
            paths.push_back(normal_path(analysis->sources.file(file).path));
    return paths;
}

bool Snapshot::lint(const std::function<bool()>& cancelled) const {
    if (!analysis || text->size() > kMaxLintBytes)
        return false;
    std::lock_guard lock(lint_mutex_);
    if (!lint_findings_) {
        lints::LintConfig config = lint_config ? *lint_config : lints::LintConfig{};
        config.cancelled = cancelled;
        std::vector<Diagnostic> findings = lints::run_lints(*analysis, config);
        if (cancelled && cancelled())
            return false;
        lint_findings_ = std::move(findings);
    }
    return true;
}

std::vector<Diagnostic> Snapshot::lint_findings() const {
    std::lock_guard lock(lint_mutex_);
    return lint_findings_.value_or(std::vector<Diagnostic>{});
}

namespace {

// Imports see the editor's unsaved buffers first, then the disk.
FileRead read_import(const OpenFiles& open_files, const std::string& path) {
    if (const auto found = open_files.find(normal_path(path)); found != open_files.end())
        return FileRead(*found->second);
    return read_regular_file(path);
}

// `held` as a writable analysis, taken out of it, when it is the only
// reference (an analysis is created mutable, make_shared of the non-const
// type; only the handles are const); else null, and `held` is untouched.
std::shared_ptr<analysis::Analysis> take_if_sole(std::shared_ptr<const analysis::Analysis>& held) {
    if (!held || held.use_count() != 1) return nullptr;
    // use_count() is a relaxed load: this pairs it with the release of the
    // last other reference, so that reader's accesses happen before our writes.
    std::atomic_thread_fence(std::memory_order_acquire);
    return std::const_pointer_cast<analysis::Analysis>(std::move(held));
}

// The analysis of `previous` if it may be changed: no one else can reach the
// snapshot or its analysis.
std::shared_ptr<analysis::Analysis> recyclable_analysis(std::shared_ptr<const Snapshot>* previous, const std::string& uri) {
    if (!previous || !*previous || previous->use_count() != 1 || (*previous)->uri != uri) return nullptr;
    return take_if_sole(std::const_pointer_cast<Snapshot>(*previous)->analysis);
}

// reanalyze() from `start` when it was made over the same imports: its own
// preamble, still valid (`kept`), or none. Declined, `start` is as it was.
std::shared_ptr<analysis::Analysis> recycle(std::shared_ptr<analysis::Analysis>& start, const StampedPreamble* kept,
                                            const std::string& path, const std::string& text,
                                            const analysis::AnalysisOptions& options) {
    if (start->preamble && !(kept && start->preamble == kept->preamble))
        return nullptr;
    return analysis::reanalyze(start, path, text, options);
}

// Snapshot::recycle_base across one build. Taken from the previous snapshot
// (this document's, which only the scheduler and this build can reach), it
// goes back there unless the new snapshot keeps it.
class RecycleBase {
public:
    RecycleBase(std::shared_ptr<const Snapshot>* previous, const std::string& uri) {
        if (previous && *previous && (*previous)->uri == uri) {
            previous_ = previous;  // not a copy: recyclable_analysis() counts the references
            base_ = std::move(writable_previous()->recycle_base);
        }
    }
    ~RecycleBase() {
        if (previous_ && *previous_)
            writable_previous()->recycle_base = std::move(base_);
    }
    RecycleBase(const RecycleBase&) = delete;
    RecycleBase& operator=(const RecycleBase&) = delete;

    // The base to recycle, if no one else holds it any more (the snapshot
    // that had it as its analysis is gone).
    std::shared_ptr<analysis::Analysis> take_if_unshared() { return take_if_sole(base_); }
    void put_back(std::shared_ptr<analysis::Analysis> base) { base_ = std::move(base); }

    // For a new snapshot whose text cannot be recycled: the base it carries
    // on, or else the previous snapshot's analysis if that one can be.
    std::shared_ptr<const analysis::Analysis> keep() {
        if (base_)
            return std::move(base_);
        if (previous_ && *previous_ && (*previous_)->analysis && analysis::parse_allows_recycling(*(*previous_)->analysis))
            return (*previous_)->analysis;
        return nullptr;
    }

private:
    // The previous snapshot is the build's alone (Scheduler::Build).
    Snapshot* writable_previous() const { return std::const_pointer_cast<Snapshot>(*previous_).get(); }

    std::shared_ptr<const Snapshot>* previous_ = nullptr;
    std::shared_ptr<const analysis::Analysis> base_;
};

// A preamble that could not read some import (missing, refused) is not kept:
// the file may appear, and stamps only cover the files that were read.
bool worth_keeping(const analysis::Preamble& preamble) {
    for (const Diagnostic& d : preamble.early_diagnostics)
        if (d.code == "E0401" || d.code == "E0403" || d.code == "E0404") return false;
    return true;
}

// The previous snapshot's preamble, if the input still starts with its
// imports and every file it read is as it was.
std::shared_ptr<const StampedPreamble> kept_preamble(const BuildInput& input, const std::string& path,
                                                     const std::shared_ptr<const Snapshot>* previous) {
    if (!previous || !*previous || (*previous)->uri != input.uri || !(*previous)->preamble)
        return nullptr;
    const std::shared_ptr<const StampedPreamble>& stamped = (*previous)->preamble;
    if (!analysis::preamble_matches(*stamped->preamble, path, *input.text) || !still_valid(*stamped, input))
        return nullptr;
    return stamped;
}

// The analysis of the input on top of its preamble: `kept`, else a new one;
// the snapshot keeps it for the next build. Null when the text has no
// leading imports or the preamble cannot serve it.
std::shared_ptr<analysis::Analysis> analyze_on_preamble(Snapshot& snapshot, const BuildInput& input, const std::string& path,
                                                        const analysis::AnalysisOptions& options, const BuildConfig& config,
                                                        std::shared_ptr<const StampedPreamble> stamped) {
    bool built_here = false;
    const auto started = std::chrono::steady_clock::now();
    if (!stamped && config.preambles) {
        stamped = config.preambles->find(input, path, config.library_paths);
        if (stamped && stamped->preamble->path != path)
            snapshot.preamble_note = "`" + path + "' shares the preamble built for `" + stamped->preamble->path + "'";
    }
    if (!stamped) {
        std::shared_ptr<const analysis::Preamble> built = analysis::build_preamble(path, *input.text, options);
        if (!built) return nullptr;
        stamped = stamp_preamble(std::move(built), input);
        built_here = true;
        // (Building it parsed every imported file into trees it then dropped:
        // the scheduler hands that memory back once idle, see free_memory.hpp.)
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
        snapshot.preamble_note = "built the preamble of `" + path + "' (" + std::to_string(stamped->stamps.size()) +
                                 " imported files) in " + std::to_string(ms.count()) + " ms";
    }
    std::shared_ptr<analysis::Analysis> analysis =
        analysis::analyze_with_preamble(stamped->preamble, path, *input.text, options);
    if (analysis && worth_keeping(*stamped->preamble)) {
        if (built_here && config.preambles) config.preambles->add(stamped, input, config.library_paths, !config.snapshots_kept);
        snapshot.preamble = std::move(stamped);
    }
    return analysis;
}

}  // namespace

std::shared_ptr<const Snapshot> build_snapshot(const BuildInput& input, const BuildConfig& config,
                                               std::function<bool()> cancelled, std::shared_ptr<const Snapshot>* previous) {
    auto snapshot = std::make_shared<Snapshot>(input);
    snapshot->library_paths = config.library_paths;
    const std::string path = path_from_uri(input.uri);
    // Read here, on the worker: a configuration changed on disk is forgotten
    // by the main loop before it schedules the builds that should see it.
    if (input.lint_configs && path.starts_with("/"))
        snapshot->lint_config = input.lint_configs->for_file(normal_path(path))->config;
    analysis::AnalysisOptions options;
    options.library_paths = config.library_paths;
    if (input.import_roots)
        options.allowed_import_roots = *input.import_roots;
    if (input.open_files) {
        options.read_file = [open_files = input.open_files](const std::string& path) {
            return read_import(*open_files, path);
        };
    }
    options.cancelled = std::move(cancelled);
    std::shared_ptr<const StampedPreamble> kept = kept_preamble(input, path, previous);
    // Whatever this build does not keep of the previous snapshot's
    // recycle_base goes back there: the scheduler frees that snapshot off the
    // path to the diagnostics, or keeps it if this build is abandoned.
    RecycleBase base(previous, input.uri);
    if (std::shared_ptr<analysis::Analysis> recycled = recyclable_analysis(previous, input.uri)) {
        snapshot->analysis = recycle(recycled, kept.get(), path, *input.text, options);
        if (recycled) {
            // Declined and untouched: back into the old snapshot, which the
            // caller releases (off the path to the diagnostics).
            std::const_pointer_cast<Snapshot>(*previous)->analysis = std::move(recycled);
        } else {
            previous->reset();
        }
    }
    if (!snapshot->analysis)
        if (std::shared_ptr<analysis::Analysis> start = base.take_if_unshared()) {
            snapshot->analysis = recycle(start, kept.get(), path, *input.text, options);
            if (start)
                base.put_back(std::move(start));
        }
    if (snapshot->analysis) {
        snapshot->recycled = true;
        snapshot->preamble = std::move(kept);
        return snapshot;
    }
    if (options.cancelled && options.cancelled())
        return nullptr;
    snapshot->analysis = analyze_on_preamble(*snapshot, input, path, options, config, kept);
    if (!snapshot->analysis) {
        if (options.cancelled && options.cancelled())
            return nullptr;
        snapshot->analysis = analysis::analyze(path, *input.text, options);
        if (!snapshot->analysis && options.cancelled && options.cancelled())
            return nullptr;
    }
    if (snapshot->analysis && !analysis::parse_allows_recycling(*snapshot->analysis))
        snapshot->recycle_base = base.keep();
    return snapshot;
}

}  // namespace ark::lsp
