// textDocument/diagnostic and workspace/diagnostic (features/pull_diagnostics.hpp).
//
// A document's report is built from its snapshot, linted: what the second
// publishDiagnostics sends. The workspace report covers every .ark file of
// the workspace folders, open or not, on the pool: an open file is built from
// its buffer, the others from the disk, read under the server's rules (inside
// the workspace, regular files only; read_workspace_file), each with the
// import roots and library path of a real build, and linted with the
// `.arklint.json` its build would find. A file whose inputs (its text, its
// imports' texts, its lint configuration) have not changed since the last
// workspace report is not analysed again.
#include "features/pull_diagnostics.hpp"
#include "protocol/uri.hpp"
#include "protocol/values.hpp"
#include "server/handlers.hpp"
#include "server/requests.hpp"
#include "server/session.hpp"
#include "server/workspace_builds.hpp"

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

// The report of one file, from the last one when its inputs are the same.
features::PulledReports::Report file_report(const Session& session, const WorkspaceBuilds& builds,
                                            const std::string& path, std::string text) {
    features::PulledReports& reports = *session.pulled_reports;
    // The lint settings are an input too: their file's path and text.
    const std::string lint_config = builds.lint_config_key(path);
    const auto fingerprint = [&](std::string_view file_text, const std::vector<std::string>& imports) {
        std::vector<std::optional<std::string>> inputs;
        for (const std::string& imported : imports)
            inputs.push_back(builds.text(session, imported));
        inputs.push_back(lint_config);
        return features::input_fingerprint(file_text, inputs);
    };
    const std::optional<features::PulledReports::Report> last = reports.find(path);
    if (last && fingerprint(text, last->imports) == last->fingerprint)
        return *last;
    const std::shared_ptr<const Snapshot> snapshot = builds.build(path, std::move(text));
    snapshot->lint();
    features::PulledReports::Report report;
    report.items = diagnostics_json(*snapshot).dump();
    report.result_id = features::result_id_of(report.items);
    report.imports = snapshot->imported_paths();
    report.fingerprint = fingerprint(*snapshot->text, report.imports);
    reports.store(path, report);
    return report;
}

}  // namespace

void configure_pull_diagnostics(Session& session) {
    const json& capabilities = session.client_capabilities;
    const auto at = [&](std::initializer_list<const char*> path) -> const json* {
        const json* value = &capabilities;
        for (const char* key : path) {
            if (!value->is_object() || !value->contains(key))
                return nullptr;
            value = &(*value)[key];
        }
        return value;
    };
    const json* pull = at({"textDocument", "diagnostic"});
    session.client_pulls_diagnostics = pull && pull->is_object();
    const json* refresh = at({"workspace", "diagnostics", "refreshSupport"});
    session.client_refreshes_diagnostics = refresh && refresh->is_boolean() && refresh->get<bool>();
}

void deliver_diagnostics(Session& session, const std::string& uri, int64_t version, const json& params) {
    if (!session.client_pulls_diagnostics)
        return session.send(make_notification("textDocument/publishDiagnostics", params));
    // The lint findings of a version come after its first build, but a pull
    // always waits for them (on_document_diagnostic lints): they never call
    // for a refresh. The front end's problems changing at the same version do.
    json front_end = json::array();
    for (const json& diagnostic : params.value("diagnostics", json::array()))
        if (diagnostic.value("source", std::string()) != "ark lint")
            front_end.push_back(diagnostic);
    std::string items = front_end.dump();
    auto [known, added] = session.built_diagnostics.try_emplace(uri, version, items);
    if (added)
        return;
    const bool changed_without_edit = known->second.first == version && known->second.second != items;
    known->second = {version, std::move(items)};
    // After an edit the client pulls by itself; otherwise it must be told.
    if (changed_without_edit && session.client_refreshes_diagnostics)
        session.outgoing.send(session, "workspace/diagnostic/refresh", nullptr);
}

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
    const std::shared_ptr<const WorkspaceBuilds> builds = WorkspaceBuilds::of(session);
    const CancelToken cancel;
    session.pending.insert_or_assign(id_key(request.id), cancel);
    session.pipeline->scheduler().run([&session, builds, previous = previous_result_ids(request.params), cancel, id = request.id,
                            stop = session.stop_work] {
        json items = json::array();
        try {
            for (const std::string& path : builds->files(stop)) {
                if (cancel.cancelled() || stop.cancelled())
                    return;
                std::optional<std::string> text = builds->text(session, path);
                if (!text)
                    continue;
                const features::PulledReports::Report report = file_report(session, *builds, path, std::move(*text));
                const std::string uri = uri_from_path(path);
                const auto held = previous.find(uri);
                json item = report_json(report.result_id, report.items,
                                        held != previous.end() ? held->second : std::string());
                item["uri"] = uri;
                const auto version = builds->open_versions.find(path);
                item["version"] = version != builds->open_versions.end() ? json(version->second) : json(nullptr);
                items.push_back(std::move(item));
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
