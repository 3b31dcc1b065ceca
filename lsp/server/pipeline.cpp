// The server's core (see pipeline.hpp).
#include "server/pipeline.hpp"

#include <chrono>

#include "protocol/uri.hpp"

namespace ark::lsp {

Pipeline::Pipeline(PipelineOptions options, PipelineCallbacks callbacks)
    : options_(std::move(options)), callbacks_(std::move(callbacks)) {
    // Until initialize gives the folders: nothing outside the document's own folder.
    lint_configs_ = std::make_shared<config::LintConfigFinder>(config::LintConfigSearch{{}, std::vector<std::string>{}, true});
    lint_configs_->on_read([this](const config::LintConfigFile& file) {
        if (callbacks_.lint_config_read)
            callbacks_.lint_config_read(file);
    });
    scheduler_ = std::make_unique<Scheduler>(
        options_.scheduler,
        [config = options_.build](const BuildInput& input, const Scheduler::Superseded& superseded,
                                  std::shared_ptr<const Snapshot>& previous) {
            return build_snapshot(input, config, superseded, &previous);
        },
        [this](std::shared_ptr<const Snapshot> snapshot, const Scheduler::Superseded& superseded) {
            on_fresh(std::move(snapshot), superseded);
        },
        [this](std::shared_ptr<const Snapshot> snapshot, const Scheduler::Superseded& superseded) {
            on_quiet(std::move(snapshot), superseded);
        });
}

Pipeline::~Pipeline() {
    scheduler_.reset();
    lint_configs_->on_read({});  // a finder kept elsewhere no longer calls us
}

void Pipeline::set_lint_config_roots(std::vector<std::string> folders, bool trusted) {
    lint_configs_->reset(config::LintConfigSearch{{}, std::move(folders), !trusted});
}

// The front end's diagnostics go out first: the workspace index can wait for
// them (queries wait for it), the lints until the user pauses (on_quiet).
void Pipeline::on_fresh(std::shared_ptr<const Snapshot> snapshot, const Scheduler::Superseded& superseded) {
    const std::string path = path_from_uri(snapshot->uri);
    const bool indexed = snapshot->analysis && path.starts_with("/");
    if (indexed)
        index_->begin_update();
    struct EndUpdate {
        WorkspaceIndex* index;
        ~EndUpdate() {
            if (index)
                index->end_update();
        }
    } end_update{indexed ? index_.get() : nullptr};
    if (callbacks_.built)
        callbacks_.built(snapshot);
    // A newer build will update the index: stop here so it can start (and
    // recycle this snapshot) at once.
    if (superseded() || !indexed)
        return;
    index_->set_file(normal_path(path), snapshot->analysis->parse.tree, snapshot->lines, snapshot->encoding);
}

// Once the user pauses, again with the lint findings (see Snapshot::lint),
// unless the text changes meanwhile: the lints stop, and the next pause lints
// the newer text.
void Pipeline::on_quiet(std::shared_ptr<const Snapshot> snapshot, const Scheduler::Superseded& superseded) {
    if (snapshot->lint(superseded) && !snapshot->lint_findings().empty() && !superseded() && callbacks_.linted)
        callbacks_.linted(snapshot);
}

void Pipeline::index_folders(std::vector<std::string> folders, std::set<std::string> skip, ReadFile read,
                             OnIndexing progress, CancelToken stop) {
    if (folders.empty())
        return;
    scheduler_->run([this, folders = std::move(folders), skip = std::move(skip), read = std::move(read),
                     progress = std::move(progress), stop = std::move(stop)] {
        using Clock = std::chrono::steady_clock;
        const auto started = Clock::now();
        auto report = [&](IndexingProgress value) {
            if (progress)
                progress(value);
        };
        report({IndexingProgress::Stage::Begin, 0, 0, 0, "listing .ark files"});
        std::vector<std::string> files;
        for (const std::string& folder : folders) {
            std::vector<std::string> found = ark_files_under(folder, stop);
            files.insert(files.end(), found.begin(), found.end());
        }
        int last_percentage = 0;
        for (size_t i = 0; i < files.size() && !stop.cancelled(); ++i) {
            if (!skip.count(files[i]))
                if (const auto text = read(files[i]))
                    index_text(*index_, files[i], *text, options_.encoding);
            const int percentage = static_cast<int>((i + 1) * 100 / files.size());
            if (percentage >= last_percentage + 10 || i + 1 == files.size()) {
                last_percentage = percentage;
                report({IndexingProgress::Stage::Report, i + 1, files.size(), percentage,
                        std::to_string(i + 1) + "/" + std::to_string(files.size()) + " files"});
            }
        }
        const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
        report({IndexingProgress::Stage::End, files.size(), files.size(), 100,
                "indexed " + std::to_string(files.size()) + " files in " + std::to_string(elapsed.count()) + " ms"});
    });
}

}  // namespace ark::lsp
