// initialize, initialized, shutdown, exit and $/cancelRequest: the handlers that
// change the session's lifecycle or its table of pending requests.
#include <algorithm>
#include <thread>

#include "protocol/convert.hpp"
#include "protocol/uri.hpp"
#include "server/dispatch.hpp"
#include "server/handlers.hpp"
#include "server/preamble_cache.hpp"
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
// which the user trusted a folder: its trustedWorkspace is ignored unless the
// server was started with --allow-trusted-workspace. Over stdio the client is
// the editor that started the server.
bool trusted_workspace_allowed(const Session& session, const json& params) {
    if (!session.options.port || session.options.allow_trusted_workspace)
        return true;
    const json options = params.value("initializationOptions", json());
    if (options.is_object() && options.contains("trustedWorkspace"))
        session.log(LogLevel::Warning, "ignored initializationOptions.trustedWorkspace: over TCP it takes effect only "
                                       "with `ark lsp --port N --allow-trusted-workspace`");
    return false;
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

    PipelineOptions pipeline_options;
    pipeline_options.scheduler = scheduler_options(params.value("initializationOptions", json()));
    pipeline_options.build = BuildConfig{session.options.library_paths, std::make_shared<PreambleCache>()};
    pipeline_options.encoding = session.encoding;
    session.pipeline = std::make_unique<Pipeline>(std::move(pipeline_options), pipeline_callbacks(session));
    session.pipeline->configuration().initialize(params.value("initializationOptions", json()),
                                                 trusted_workspace_allowed(session, params));
    configure_lint_configs(session);
    session.lifecycle = Lifecycle::Initialized;

    json capabilities = advertised_capabilities();
    capabilities["positionEncoding"] = encoding_name(session.encoding);
    return json{{"capabilities", std::move(capabilities)},
                {"serverInfo", {{"name", "ark-lsp"}, {"version", "0.1.0"}}}};
}

void on_initialized(Session& session, const json&) {
    session.logger.enable_client_messages();
    start_workspace(session);
    request_workspace_configuration(session);
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
