// initialize, initialized, shutdown, exit and $/cancelRequest: the handlers that
// change the session's lifecycle or its table of pending requests.
#include <algorithm>
#include <thread>

#include "protocol/convert.hpp"
#include "protocol/uri.hpp"
#include "runner/lens_requests.hpp"
#include "server/dispatch.hpp"
#include "server/handlers.hpp"
#include "server/requests.hpp"
#include "server/session.hpp"

namespace ark::lsp {

namespace {

// LSP 3.17 `general.positionEncodings`: UTF-8 when the client offers it (no
// transcoding), else the mandatory UTF-16.
PositionEncoding negotiate_encoding(const json& capabilities) {
    const json* offered = nullptr;
    if (capabilities.is_object()) {
        const auto general = capabilities.find("general");
        if (general != capabilities.end() && general->is_object()) {
            const auto encodings = general->find("positionEncodings");
            if (encodings != general->end() && encodings->is_array())
                offered = &*encodings;
        }
    }
    if (offered && std::find(offered->begin(), offered->end(), json("utf-8")) != offered->end())
        return PositionEncoding::Utf8;
    return PositionEncoding::Utf16;
}

// initializationOptions: { "debounceMs": N } fixes the debounce delay at N ms
// (default: adaptive, see DebouncePolicy).
SchedulerOptions scheduler_options(const json& initialization_options) {
    SchedulerOptions options;
    options.n_workers = std::clamp<size_t>(std::thread::hardware_concurrency(), 2, 4);
    if (initialization_options.is_object()) {
        const auto debounce = initialization_options.find("debounceMs");
        if (debounce != initialization_options.end() && debounce->is_number_integer()) {
            const int64_t milliseconds = std::clamp<int64_t>(debounce->get<int64_t>(), 0, 600'000);
            options.debounce.min = options.debounce.max = std::chrono::milliseconds(milliseconds);
        }
    }
    return options;
}

// initializationOptions: { "debugCommand": "arkscript.debugFile" } says the
// client can start a debug session on a file with that command of its own:
// the Debug lens runs it (protocol/extensions.hpp).
std::string debug_command(const json& initialization_options) {
    if (!initialization_options.is_object())
        return {};
    const auto command = initialization_options.find("debugCommand");
    return command != initialization_options.end() && command->is_string() ? command->get<std::string>() : std::string();
}

// workspaceFolders, else rootUri, else rootPath (deprecated but still sent).
std::vector<std::string> workspace_folders(const json& params) {
    std::vector<std::string> folders;
    auto add = [&](const std::string& path) {
        if (path.starts_with("/"))
            folders.push_back(normal_path(path));
    };
    if (const auto found = params.find("workspaceFolders"); found != params.end() && found->is_array()) {
        for (const json& folder : *found)
            if (folder.is_object() && folder.contains("uri") && folder["uri"].is_string())
                add(path_from_uri(folder["uri"].get<std::string>()));
    } else if (const auto root = params.find("rootUri"); root != params.end() && root->is_string()) {
        add(path_from_uri(root->get<std::string>()));
    } else if (const auto root_path = params.find("rootPath"); root_path != params.end() && root_path->is_string()) {
        add(root_path->get<std::string>());
    }
    return folders;
}

// Over TCP the client is whoever had the token, which is not the editor in
// which the user trusted a folder: its trustedWorkspace is dropped unless the
// server was started with --allow-trusted-workspace. Over stdio the client is
// the editor that started the server.
json without_untrusted_trust(const Session& session, const json& params) {
    if (!session.options.port || session.options.allow_trusted_workspace || !params.is_object())
        return params;
    const auto options = params.find("initializationOptions");
    if (options == params.end() || !options->is_object() || !options->contains("trustedWorkspace"))
        return params;
    json checked = params;
    checked["initializationOptions"].erase("trustedWorkspace");
    session.log(LogLevel::Warning, "ignored initializationOptions.trustedWorkspace: over TCP it takes effect only "
                                   "with `ark lsp --port N --allow-trusted-workspace`");
    return checked;
}

}  // namespace

json on_initialize(Session& session, const json& params) {
    if (session.lifecycle != Lifecycle::Uninitialized)
        throw RpcError(ErrorCode::InvalidRequest, "invalid request: `initialize` may only be sent once");
    if (!params.is_object())
        throw RpcError(ErrorCode::InvalidParams, "invalid params: `initialize` needs an InitializeParams object");
    session.client_capabilities = params.value("capabilities", json::object());
    session.encoding = negotiate_encoding(session.client_capabilities);
    session.workspace_folders = workspace_folders(params);
    configure_pull_diagnostics(session);
    session.debug_command = debug_command(params.value("initializationOptions", json()));

    const BuildConfig config{session.options.library_paths};
    session.scheduler = std::make_unique<Scheduler>(
        scheduler_options(params.value("initializationOptions", json())),
        [config](const BuildInput& input, const Scheduler::Superseded& superseded,
                 std::shared_ptr<const Snapshot>& previous) {
            return build_snapshot(input, config, superseded, &previous);
        },
        [&session, index = session.workspace](std::shared_ptr<const Snapshot> snapshot,
                                              const Scheduler::Superseded& superseded) {
            // The front end's diagnostics go out first: the workspace index
            // can wait for them (queries wait for it), the lints until the
            // user pauses (below).
            const std::string path = path_from_uri(snapshot->uri);
            const bool indexed = snapshot->analysis && path.starts_with("/");
            if (indexed)
                index->begin_update();
            struct EndUpdate {
                WorkspaceIndex* index;
                ~EndUpdate() {
                    if (index)
                        index->end_update();
                }
            } end_update{indexed ? index.get() : nullptr};
            session.events.push(DiagnosticsReady{snapshot->uri, snapshot->version,
                                                 publish_diagnostics_params(*snapshot), snapshot->imported_paths()});
            // A newer build will update the index: stop here so it can start
            // (and recycle this snapshot) at once.
            if (superseded() || !indexed)
                return;
            index->set_file(normal_path(path), snapshot->analysis->parse.tree, snapshot->lines, snapshot->encoding);
        },
        [&session](std::shared_ptr<const Snapshot> snapshot, const Scheduler::Superseded& superseded) {
            // Once the user pauses, again with the lint findings (see
            // Snapshot::lint), unless the text changes meanwhile: the lints
            // stop, and the next pause lints the newer text.
            if (snapshot->lint(superseded) && !snapshot->lint_findings().empty() && !superseded())
                session.events.push(DiagnosticsReady{snapshot->uri, snapshot->version,
                                                     publish_diagnostics_params(*snapshot), snapshot->imported_paths()});
        });
    runner::start_runner(session, without_untrusted_trust(session, params));
    session.lifecycle = Lifecycle::Initialized;

    json capabilities = advertised_capabilities();
    capabilities["positionEncoding"] = encoding_name(session.encoding);
    return json{{"capabilities", std::move(capabilities)},
                {"serverInfo", {{"name", "ark-lsp"}, {"version", "0.1.0"}}}};
}

void on_initialized(Session& session, const json&) {
    session.logger.enable_client_messages();
    start_workspace(session);
    runner::request_run_settings(session);
    session.log(LogLevel::Info, std::string("ark language server ready (positions in ") +
                                    encoding_name(session.encoding) + ")");
}

json on_shutdown(Session& session, const json&) {
    session.lifecycle = Lifecycle::ShutDown;
    session.shutdown_received = true;
    return nullptr;
}

void on_exit(Session& session, const json&) { session.exit_requested = true; }

void on_cancel_request(Session& session, const json& params) {
    if (!params.is_object() || !params.contains("id"))
        return;
    const RequestId& id = params["id"];
    const auto found = session.pending.find(id_key(id));
    if (found == session.pending.end())
        return;  // already answered: nothing to do (the spec allows either outcome)
    found->second.cancel();
    session.pending.erase(found);
    session.send(make_error(id, ErrorCode::RequestCancelled, "request cancelled"));
}

}  // namespace ark::lsp
