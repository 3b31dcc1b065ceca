// `.arklint.json` in the server: which one each document is linted with is
// the pipeline's LintConfigFinder (config/arklint_json.hpp, the rule `ark
// lint` follows, kept inside the workspace); this is the edge's side.
//
// Reporting. A file that can not be used (not JSON, an unknown lint, not a
// regular file, outside the workspace, too large) is linted as if absent,
// with the default settings, and reported as clangd reports a bad `.clangd`:
// diagnostics on the file itself (publishDiagnostics; a client that pulls is
// never sent those, see pull_diagnostics.cpp), plus one window/showMessage
// and a log line per new problem. When a later read finds it usable (or it
// is deleted) the diagnostics are cleared. Reads happen on the workers (the
// builds, workspace reports); each one arrives here as a LintConfigRead event,
// and a read older than the last one handled for that file is ignored.
//
// Changes. The server watches `**/.arklint.json`; a change, creation or
// deletion forgets every cached configuration and rebuilds the open
// documents, whose builds read the files again (a client that pulls is asked
// to pull again). So does a change of the workspace folders, which bound the
// search.
#include <filesystem>

#include "base/text.hpp"
#include "protocol/convert.hpp"
#include "protocol/uri.hpp"
#include "server/handlers.hpp"
#include "server/session.hpp"

namespace ark::lsp {

namespace {

void publish_config_diagnostics(Session& session, const std::string& path, json diagnostics) {
    if (!session.client_pulls_diagnostics)
        session.send(make_notification("textDocument/publishDiagnostics",
                                       {{"uri", uri_from_path(path)}, {"diagnostics", std::move(diagnostics)}}));
}

// Rebuilds every open document: their builds look their configuration up again.
void relint_open_documents(Session& session) {
    session.documents.for_each([&](const Document& document) { schedule_build(session, document); });
    // Their front-end diagnostics stay the same, so deliver_diagnostics would
    // not ask a client that pulls to pull again; its next pulls wait for
    // these builds.
    if (session.client_pulls_diagnostics && session.client_refreshes_diagnostics && session.documents.size() > 0)
        session.outgoing.send(session, "workspace/diagnostic/refresh", nullptr);
}

}  // namespace

bool is_lint_config_path(const std::string& path) {
    return std::filesystem::path(path).filename() == config::kLintConfigName;
}

std::function<void(const config::LintConfigFile&)> lint_config_reporter(Session& session) {
    return [&session, encoding = session.encoding](const config::LintConfigFile& file) {
        LintConfigRead event{file.path, file.sequence, std::nullopt, json::array()};
        if (file.error) {
            event.problem = file.error->message;
            const LineIndex lines(file.text);
            const uint32_t begin = file.error->offset.value_or(0);
            const TextRange range{begin, begin + (file.error->offset ? file.error->length : 0)};
            event.diagnostics.push_back({{"range", range_to_json(range, lines, encoding)},
                                         {"severity", 1},
                                         {"source", "ark lint"},
                                         {"message", file.error->message + "; the default lint settings apply"}});
        }
        session.events.push(std::move(event));
    };
}

void on_lint_config_read(Session& session, LintConfigRead& event) {
    Session::LintConfigReport& report = session.lint_config_reports[event.path];
    if (event.sequence < report.sequence)
        return;  // an older read, handled after a newer one
    report.sequence = event.sequence;
    if (report.problem == event.problem)
        return;
    const bool was_reported = report.problem.has_value();
    report.problem = event.problem;
    if (!event.problem) {
        if (was_reported) {
            session.log(LogLevel::Info, "`" + event.path + "` is used again");
            publish_config_diagnostics(session, event.path, json::array());
        }
        return;
    }
    const std::string message = *event.problem + "; the default lint settings apply";
    session.log(LogLevel::Warning, message);
    session.send(make_notification("window/showMessage", {{"type", static_cast<int>(LogLevel::Warning)},
                                                          {"message", message}}));
    publish_config_diagnostics(session, event.path, std::move(event.diagnostics));
}

void on_lint_configs_changed(Session& session, const std::vector<std::pair<std::string, bool>>& changes) {
    const std::shared_ptr<config::LintConfigFinder> finder = session.pipeline->lint_configs();
    finder->forget();
    for (const auto& [path, deleted] : changes) {
        const auto reported = session.lint_config_reports.find(path);
        if (reported == session.lint_config_reports.end() || !reported->second.problem)
            continue;
        // A file reported broken: its report follows it even when no open
        // document uses it any more.
        if (deleted) {
            reported->second.problem.reset();
            publish_config_diagnostics(session, path, json::array());
        } else {
            session.pipeline->scheduler().run([finder, path = path] { finder->reread(path); });
        }
    }
    relint_open_documents(session);
}

void configure_lint_configs(Session& session) {
    session.pipeline->set_lint_config_roots(session.workspace_folders,
                                            session.pipeline->configuration().run_limits().trusted_workspace);
    relint_open_documents(session);
}

}  // namespace ark::lsp
