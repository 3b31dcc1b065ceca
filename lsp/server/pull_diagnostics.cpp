// textDocument/diagnostic and workspace/diagnostic (features/pull_diagnostics.hpp).
//
// A document's report is built from its snapshot, linted: what the second
// publishDiagnostics sends. The workspace report covers every .ark file of
// the workspace folders, open or not, on the pool: an open file is built from
// its buffer, the others from the disk, read under the server's rules (inside
// the workspace, regular files only; read_workspace_file), each with the
// import roots and library path of a real build. A file whose inputs have not
// changed since the last workspace report is not analysed again.
#include "features/pull_diagnostics.hpp"
#include "protocol/uri.hpp"
#include "protocol/values.hpp"
#include "server/handlers.hpp"
#include "server/requests.hpp"
#include "server/session.hpp"

namespace ark::lsp {

namespace {

json diagnostics_json(const Snapshot& snapshot) {
    json items = json::array();
    for (const Diagnostic& diagnostic : all_diagnostics(snapshot))
        items.push_back(diagnostic_json(snapshot, diagnostic));
    return items;
}

// A full report, or `unchanged` when the client holds this result id.
json report_json(const std::string& result_id, const std::string& items, const std::string& previous) {
    if (result_id == previous)
        return json{{"kind", "unchanged"}, {"resultId", result_id}};
    return json{{"kind", "full"}, {"resultId", result_id}, {"items", json::parse(items)}};
}

std::map<std::string, std::string> previous_result_ids(const json& params) {
    std::map<std::string, std::string> previous;
    if (const auto ids = params.find("previousResultIds"); ids != params.end() && ids->is_array())
        for (const json& id : *ids)
            if (id.is_object() && id.contains("uri") && id.contains("value") && id["uri"].is_string() &&
                id["value"].is_string())
                previous[id["uri"].get<std::string>()] = id["value"].get<std::string>();
    return previous;
}

// What the worker needs from the main loop: the open buffers with their
// versions, the folders, and how a build reads files.
struct WorkspacePull {
    std::vector<std::string> folders;
    std::shared_ptr<const OpenFiles> open_files;
    std::map<std::string, int64_t> open_versions;  // by path
    std::shared_ptr<const std::vector<std::string>> roots;
    std::vector<std::string> real_roots;
    BuildConfig config;
    PositionEncoding encoding;
    std::map<std::string, std::string> previous;  // result ids by URI
};

std::optional<std::string> current_text(const Session& session, const WorkspacePull& pull, const std::string& path) {
    if (const auto open = pull.open_files->find(path); open != pull.open_files->end())
        return *open->second;
    return read_workspace_file(session, path, pull.real_roots);
}

// The report of one file, from the last one when its inputs are the same.
features::PulledReports::Report file_report(const Session& session, const WorkspacePull& pull, const std::string& path,
                                            std::string text) {
    features::PulledReports& reports = *session.pulled_reports;
    const std::optional<features::PulledReports::Report> last = reports.find(path);
    if (last) {
        std::vector<std::optional<std::string>> import_texts;
        for (const std::string& imported : last->imports)
            import_texts.push_back(current_text(session, pull, imported));
        if (features::input_fingerprint(text, import_texts) == last->fingerprint)
            return *last;
    }
    const std::string uri = uri_from_path(path);
    auto shared_text = std::make_shared<const std::string>(std::move(text));
    const auto version = pull.open_versions.find(path);
    const BuildInput input{uri, version != pull.open_versions.end() ? version->second : 0, shared_text, pull.encoding,
                           pull.open_files, pull.roots};
    const std::shared_ptr<const Snapshot> snapshot = build_snapshot(input, pull.config);
    snapshot->lint();
    features::PulledReports::Report report;
    report.items = diagnostics_json(*snapshot).dump();
    report.result_id = features::result_id_of(report.items);
    report.imports = snapshot->imported_paths();
    std::vector<std::optional<std::string>> import_texts;
    for (const std::string& imported : report.imports)
        import_texts.push_back(current_text(session, pull, imported));
    report.fingerprint = features::input_fingerprint(*shared_text, import_texts);
    reports.store(path, report);
    return report;
}

}  // namespace

void advertise_diagnostic(json& capabilities) {
    capabilities["diagnosticProvider"] = {
        {"identifier", "ark"}, {"interFileDependencies", true}, {"workspaceDiagnostics", true}};
}

json on_document_diagnostic(const Snapshot& snapshot, const json& params, const CancelToken&) {
    analysis_of(snapshot);
    snapshot.lint();
    const std::string items = diagnostics_json(snapshot).dump();
    return report_json(features::result_id_of(items), items, params.value("previousResultId", std::string()));
}

void on_workspace_diagnostic(Session& session, const Request& request) {
    auto pull = std::make_shared<WorkspacePull>();
    pull->folders = session.workspace_folders;
    pull->open_files = open_files(session);
    session.documents.for_each([&](const Document& document) {
        const std::string path = path_from_uri(document.uri);
        if (path.starts_with("/"))
            pull->open_versions[normal_path(path)] = document.version;
    });
    const std::vector<std::string> roots = readable_roots(session, "");
    pull->roots = std::make_shared<const std::vector<std::string>>(roots);
    pull->real_roots = real_paths(roots);
    pull->config = BuildConfig{session.options.library_paths};
    pull->encoding = session.encoding;
    pull->previous = previous_result_ids(request.params);

    const CancelToken cancel;
    session.pending.insert_or_assign(id_key(request.id), cancel);
    session.scheduler->run([&session, pull, cancel, id = request.id, stop = session.stop_work] {
        json items = json::array();
        try {
            for (const std::string& folder : pull->folders) {
                for (const std::string& path : ark_files_under(folder, stop)) {
                    if (cancel.cancelled() || stop.cancelled())
                        return;
                    std::optional<std::string> text = current_text(session, *pull, path);
                    if (!text)
                        continue;
                    const features::PulledReports::Report report = file_report(session, *pull, path, std::move(*text));
                    const std::string uri = uri_from_path(path);
                    const auto previous = pull->previous.find(uri);
                    json item = report_json(report.result_id, report.items,
                                            previous != pull->previous.end() ? previous->second : std::string());
                    item["uri"] = uri;
                    const auto version = pull->open_versions.find(path);
                    item["version"] = version != pull->open_versions.end() ? json(version->second) : json(nullptr);
                    items.push_back(std::move(item));
                }
            }
        } catch (...) {
            const ErrorReply error = error_reply_for(std::current_exception());
            session.log(LogLevel::Error, "workspace/diagnostic: " + error.message);
            session.events.push(RequestFinished{id, make_error(id, error.code, error.message)});
            return;
        }
        session.events.push(RequestFinished{id, make_response(id, {{"items", std::move(items)}})});
    });
}

}  // namespace ark::lsp
