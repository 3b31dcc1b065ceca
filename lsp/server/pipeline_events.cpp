// The edge's side of the Pipeline (pipeline.hpp): what the server does with
// each callback. Workers call these; they only turn results into protocol
// messages and post them to the main loop or the client.
#include "protocol/convert.hpp"
#include "server/handlers.hpp"
#include "server/progress.hpp"
#include "server/requests.hpp"
#include "server/session.hpp"

namespace ark::lsp {

namespace {

// Built or linted: the snapshot's diagnostics go to the main loop, which
// publishes them if the document is still at that version (main_loop.cpp).
void post_diagnostics(Session& session, const std::shared_ptr<const Snapshot>& snapshot) {
    session.events.push(DiagnosticsReady{snapshot->uri, snapshot->version, publish_diagnostics_params(*snapshot),
                                         snapshot->imported_paths()});
}

json progress_value(const IndexingProgress& progress) {
    switch (progress.stage) {
    case IndexingProgress::Stage::Begin:
        return {{"kind", "begin"}, {"title", "Indexing"}, {"message", progress.message},
                {"percentage", progress.percentage}, {"cancellable", false}};
    case IndexingProgress::Stage::Report:
        return {{"kind", "report"}, {"message", progress.message}, {"percentage", progress.percentage}};
    case IndexingProgress::Stage::End: return {{"kind", "end"}, {"message", progress.message}};
    }
    return nullptr;
}

}  // namespace

PipelineCallbacks pipeline_callbacks(Session& session) {
    PipelineCallbacks callbacks;
    callbacks.built = [&session](const std::shared_ptr<const Snapshot>& snapshot) {
        post_diagnostics(session, snapshot);
        if (!snapshot->preamble_note.empty()) session.log(LogLevel::Log, snapshot->preamble_note);
    };
    callbacks.linted = [&session](const std::shared_ptr<const Snapshot>& snapshot) { post_diagnostics(session, snapshot); };
    callbacks.lint_config_read = lint_config_reporter(session);
    return callbacks;
}

void index_workspace_folders(Session& session, std::vector<std::string> folders) {
    if (folders.empty() || !session.pipeline)
        return;
    std::shared_ptr<WorkDoneProgress> progress = WorkDoneProgress::create(session, "ark/indexing");
    session.pipeline->index_folders(
        std::move(folders), open_document_paths(session),
        [&session, roots = real_paths(session.workspace_folders)](const std::string& path) {
            return read_workspace_file(session, path, roots);
        },
        [&session, progress](const IndexingProgress& indexing) {
            progress->report(progress_value(indexing));
            if (indexing.stage == IndexingProgress::Stage::End)
                session.log(LogLevel::Info, indexing.message);
        },
        session.stop_work);
}

}  // namespace ark::lsp
