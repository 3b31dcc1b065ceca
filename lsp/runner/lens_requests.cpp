// JSON glue for the run lenses (see lens_requests.hpp). Everything here runs
// on the main loop except the snapshot task, which only submits the run, and
// the run callbacks, which only post events.
#include "runner/lens_requests.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>

#include "features/code_lens.hpp"
#include "protocol/convert.hpp"
#include "protocol/extensions.hpp"
#include "protocol/uri.hpp"
#include "runner/run_session.hpp"
#include "server/dispatch.hpp"
#include "server/session.hpp"
#include "syntax/tree.hpp"

namespace ark::lsp::runner {

namespace {

// ---------------------------------------------------------------- settings

std::optional<double> number_at(const json& object, std::string_view key) {
    const auto found = object.find(key);
    if (found == object.end() || !found->is_number())
        return std::nullopt;
    const double value = found->get<double>();
    return std::isfinite(value) ? std::optional<double>(value) : std::nullopt;
}

// Reads {timeoutMs, instructionBudget, ...} over `base`; ignores what it cannot use.
RunSettings settings_from_json(const json& object, RunSettings base) {
    if (!object.is_object())
        return base;
    auto clamped = [](double value, double low, double high) { return std::clamp(std::floor(value), low, high); };
    if (auto value = number_at(object, "timeoutMs"))
        base.timeout = std::chrono::milliseconds(static_cast<int64_t>(clamped(*value, 0, 86'400'000)));
    for (const std::string_view key : {"instructionLimit", "instructionBudget"})
        if (auto value = number_at(object, key))
            base.instruction_budget = static_cast<uint64_t>(clamped(*value, 0, 1e18));
    if (auto value = number_at(object, "maxCallDepth"))
        base.max_call_depth = static_cast<uint32_t>(clamped(*value, 1, 100'000));
    if (auto value = number_at(object, "maxConcurrent"))
        base.max_concurrent = static_cast<size_t>(clamped(*value, 1, 64));
    if (auto value = number_at(object, "maxOutputBytes"))
        base.max_output_bytes = static_cast<size_t>(clamped(*value, 0, 256.0 * 1024 * 1024));
    if (auto value = number_at(object, "maxMemoryMb"))
        base.max_memory_bytes = static_cast<uint64_t>(clamped(*value, 0, 1 << 20)) << 20;
    return base;
}

// initializationOptions: {"run": {...}} or dotted keys {"run.timeoutMs": ...}.
RunSettings settings_from_initialization_options(const json& options, RunSettings base) {
    if (!options.is_object())
        return base;
    if (const auto trusted = options.find("trustedWorkspace"); trusted != options.end() && trusted->is_boolean())
        base.trusted_workspace = trusted->get<bool>();
    if (const auto run = options.find("run"); run != options.end())
        base = settings_from_json(*run, base);
    json dotted = json::object();
    for (const auto& [key, value] : options.items())
        if (key.starts_with("run."))
            dotted[key.substr(4)] = value;
    return settings_from_json(dotted, base);
}

// A limit where 0 means "none": the stricter of two.
template <typename T>
T stricter_of(T ceiling, T requested) {
    if (ceiling == T{})
        return requested;
    if (requested == T{})
        return ceiling;
    return std::min(ceiling, requested);
}

// `requested` (from workspace configuration) within `ceiling` (from
// initializationOptions): a project's settings may lower a limit, never raise
// or remove one, and never change trust.
RunSettings within_ceiling(const RunSettings& ceiling, RunSettings requested) {
    requested.timeout = stricter_of(ceiling.timeout, requested.timeout);
    requested.instruction_budget = stricter_of(ceiling.instruction_budget, requested.instruction_budget);
    requested.max_memory_bytes = stricter_of(ceiling.max_memory_bytes, requested.max_memory_bytes);
    // These have no "no limit" value.
    requested.max_call_depth = std::min(ceiling.max_call_depth, requested.max_call_depth);
    requested.max_concurrent = std::min(ceiling.max_concurrent, requested.max_concurrent);
    requested.max_output_bytes = std::min(ceiling.max_output_bytes, requested.max_output_bytes);
    requested.trusted_workspace = ceiling.trusted_workspace;
    return requested;
}

// Applies run settings from workspace configuration (workspace/configuration,
// workspace/didChangeConfiguration) over the current ones, within the ceiling.
void configure_from_workspace(Session& session, const json& object) {
    if (!session.runner)
        return;
    const RunSettings requested = settings_from_json(object, session.runner->settings());
    session.runner->configure(within_ceiling(session.run_ceiling ? *session.run_ceiling : RunSettings{}, requested));
}

bool client_can_configure(const Session& session) {
    const json& capabilities = session.client_capabilities;
    if (!capabilities.is_object())
        return false;
    const auto workspace = capabilities.find("workspace");
    return workspace != capabilities.end() && workspace->is_object() && workspace->value("configuration", false) == true;
}

std::atomic<uint64_t> next_run_id{1};

// ---------------------------------------------------------------- lenses

// `debug_command`: the client's own command that starts a debug session.
json lens_command(const features::CodeLensEntry& lens, const std::string& uri, const std::string& debug_command) {
    using Kind = features::CodeLensEntry::Kind;
    switch (lens.kind) {
    case Kind::RunFile:
        return {{"title", "Run"}, {"command", std::string(extensions::kRunCommand)}, {"arguments", {{{"uri", uri}}}}};
    case Kind::DebugFile:
        return {{"title", "Debug"}, {"command", debug_command}, {"arguments", {{{"uri", uri}}}}};
    case Kind::RunFunction:
        return {{"title", "Run"},
                {"command", std::string(extensions::kRunCommand)},
                {"arguments", {{{"uri", uri}, {"function", lens.function}}}}};
    case Kind::RunAsync:
        return {{"title", "Run async"},
                {"command", std::string(extensions::kRunAsyncCommand)},
                {"arguments", {{{"uri", uri}, {"function", lens.function}}}}};
    case Kind::RunExample:
        return {{"title", "Run example"},
                {"command", std::string(extensions::kRunExampleCommand)},
                {"arguments", {{{"uri", uri}, {"call", lens.call}, {"expected", lens.expected}}}}};
    }
    return nullptr;
}

// ---------------------------------------------------------------- commands

bool is_identifier(const std::string& name) {
    if (name.empty() || !syntax::is_identifier_start(name[0]))
        return false;
    return std::all_of(name.begin() + 1, name.end(), [](char c) { return syntax::is_identifier_char(c); });
}

std::string required_string(const json& argument, const char* key, std::string_view command) {
    const auto found = argument.find(key);
    if (found == argument.end() || !found->is_string() || found->get<std::string>().empty())
        throw RpcError(ErrorCode::InvalidParams, "invalid params: `" + std::string(command) + "` needs a `" + key +
                                                     "` string in its first argument");
    return found->get<std::string>();
}

json frames_json(const std::vector<RunError::Frame>& frames) {
    json out = json::array();
    for (const RunError::Frame& frame : frames)
        out.push_back({{"function", frame.function}, {"location", frame.location}});
    return out;
}

json outcome_json(const RunOutcome& outcome, std::string_view command) {
    json result{{"runId", outcome.run_id},
                {"command", std::string(command)},
                {"status", status_name(outcome.status)},
                {"result", outcome.result ? json(*outcome.result) : json(nullptr)},
                {"durationMs", std::round(outcome.duration_ms * 1000) / 1000},
                {"output", outcome.output},
                {"truncated", outcome.truncated},
                {"timedOut", outcome.status == RunStatus::Timeout},
                {"cancelled", outcome.status == RunStatus::Stopped || outcome.status == RunStatus::Cancelled}};
    if (outcome.exit_code)
        result["exitCode"] = *outcome.exit_code;
    if (outcome.error)
        result["error"] = {{"kind", outcome.error->kind},
                           {"message", outcome.error->message},
                           {"traceback", frames_json(outcome.error->traceback)},
                           {"awaitedAt", frames_json(outcome.error->awaited_at)}};
    if (outcome.example)
        result["example"] = {{"call", outcome.example->call},
                             {"expected", outcome.example->expected},
                             {"actual", outcome.example->actual},
                             {"passed", outcome.example->passed}};
    return result;
}

// One line for the log: "ok in 3 ms", "error: TypeError: ...\n  at f (x.ark:2:3)".
std::string summary(const RunOutcome& outcome) {
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.0f ms", outcome.duration_ms);
    std::string text = std::string(status_name(outcome.status)) + " in " + duration;
    if (outcome.exit_code)
        text += " (exit code " + std::to_string(*outcome.exit_code) + ")";
    if (outcome.result)
        text += ", result: " + *outcome.result;
    if (outcome.example)
        text += outcome.example->passed ? ", example passed" : ", example failed";
    if (outcome.error) {
        text += "\n" + outcome.error->kind + ": " + outcome.error->message;
        for (const RunError::Frame& frame : outcome.error->traceback)
            text += "\n  at " + frame.function + (frame.location.empty() ? "" : " (" + frame.location + ")");
        for (const RunError::Frame& frame : outcome.error->awaited_at)
            text += "\n  awaited at " + frame.function + (frame.location.empty() ? "" : " (" + frame.location + ")");
    }
    return text;
}

// Where a run's stream goes: $/progress on the client's token, else window/logMessage.
struct Stream {
    EventQueue* events;
    std::string run_id;
    json progress_token;  // null: use window/logMessage

    void post(json notification) const { events->push(RunOutput{std::move(notification)}); }
    void log(std::string_view event, std::string_view text, std::string_view message) const {
        post(make_notification("window/logMessage", {{"type", static_cast<int>(LogLevel::Log)},
                                                     {"message", "[" + run_id + "] " + std::string(message)},
                                                     {"runId", run_id},
                                                     {"event", event},
                                                     {"text", text}}));
    }
    void progress(json value) const {
        post(make_notification("$/progress", {{"token", progress_token}, {"value", std::move(value)}}));
    }
    void started(const std::string& title) const {
        if (progress_token.is_null())
            log("started", "", "started: " + title);
        else
            progress({{"kind", "begin"}, {"title", title}, {"cancellable", true}, {"message", run_id}});
    }
    void output(std::string_view chunk) const {
        if (progress_token.is_null())
            log("output", chunk, chunk);
        else
            progress({{"kind", "report"}, {"message", std::string(chunk)}});
    }
    void finished(const RunOutcome& outcome) const {
        const std::string text = summary(outcome);
        if (progress_token.is_null())
            log("finished", text, "finished: " + text);
        else
            progress({{"kind", "end"}, {"message", text}});
    }
};

std::string run_title(RunKind kind, const std::string& uri, const std::string& function, const std::string& call) {
    switch (kind) {
    case RunKind::File: {
        const std::string path = path_from_uri(uri);
        return "Run " + path.substr(path.find_last_of('/') + 1);
    }
    case RunKind::Function: return "Run " + function;
    case RunKind::Async: return "Run async " + function;
    case RunKind::Example: return "Run example " + call;
    }
    return "Run";
}

size_t stop_runs(Runner& runner, const json& argument) {
    if (const auto id = argument.find("runId"); id != argument.end() && id->is_string())
        return runner.stop_run(id->get<std::string>());
    if (const auto uri = argument.find("uri"); uri != argument.end() && uri->is_string())
        return runner.stop_uri(uri->get<std::string>());
    return runner.stop_all();
}

}  // namespace

// ---------------------------------------------------------------- requests

void advertise_code_lens(json& capabilities) { capabilities["codeLensProvider"] = {{"resolveProvider", false}}; }

void on_code_lens(Session& session, const Request& request) {
    const std::string uri = request.params.at("textDocument").at("uri").get<std::string>();
    answer_with_snapshot(session, request, uri,
                         [debug_command = session.debug_command](const Snapshot& snapshot, const json&, const CancelToken&) {
                             json lenses = json::array();
                             if (!snapshot.analysis)
                                 return lenses;
                             for (const features::CodeLensEntry& lens :
                                  features::code_lenses(*snapshot.analysis, !debug_command.empty()))
                                 lenses.push_back({{"range", range_to_json(lens.range, snapshot.lines, snapshot.encoding)},
                                                   {"command", lens_command(lens, snapshot.uri, debug_command)}});
                             return lenses;
                         });
}

void advertise_execute_command(json& capabilities) {
    json commands = json::array();
    for (const std::string_view command : extensions::kCommands)
        commands.push_back(std::string(command));
    capabilities["executeCommandProvider"] = {{"commands", std::move(commands)}};
}

void on_execute_command(Session& session, const Request& request) {
    const json& params = request.params;
    if (!params.is_object() || !params.contains("command") || !params["command"].is_string())
        throw RpcError(ErrorCode::InvalidParams, "invalid params: workspace/executeCommand needs a `command` string");
    const std::string command = params["command"].get<std::string>();
    json argument = json::object();
    if (const auto arguments = params.find("arguments"); arguments != params.end() && !arguments->is_null()) {
        if (!arguments->is_array())
            throw RpcError(ErrorCode::InvalidParams, "invalid params: `arguments` must be an array");
        if (!arguments->empty())
            argument = (*arguments)[0];
        if (!argument.is_object())
            throw RpcError(ErrorCode::InvalidParams, "invalid params: the first argument of `" + command +
                                                         "` must be an object such as {\"uri\": ...}");
    }
    if (!session.runner)
        throw RpcError(ErrorCode::RequestFailed, "request failed: the runner is not available");

    if (command == extensions::kStopRunCommand) {
        session.send(make_response(request.id, {{"stopped", stop_runs(*session.runner, argument)}}));
        return;
    }

    RunJob job;
    if (command == extensions::kRunCommand) {
        job.kind = argument.contains("function") ? RunKind::Function : RunKind::File;
    } else if (command == extensions::kRunAsyncCommand) {
        job.kind = RunKind::Async;
    } else if (command == extensions::kRunExampleCommand) {
        job.kind = RunKind::Example;
    } else {
        throw RpcError(ErrorCode::InvalidParams, "invalid params: unknown command `" + command +
                                                     "`; hint: the server runs ark.run, ark.runAsync, "
                                                     "ark.runExample and ark.stopRun");
    }
    job.uri = required_string(argument, "uri", command);
    if (job.kind == RunKind::Function || job.kind == RunKind::Async) {
        job.function = required_string(argument, "function", command);
        if (!is_identifier(job.function))
            throw RpcError(ErrorCode::InvalidParams, "invalid params: `" + job.function + "` is not a function name");
    }
    if (job.kind == RunKind::Example) {
        job.call = required_string(argument, "call", command);
        job.expected = required_string(argument, "expected", command);
        if (job.call.front() != '(')
            throw RpcError(ErrorCode::InvalidParams, "invalid params: an example call starts with `(`");
    }
    if (const auto id = argument.find("runId"); id != argument.end() && id->is_string() && !id->get<std::string>().empty())
        job.run_id = id->get<std::string>();
    else
        job.run_id = "run-" + std::to_string(next_run_id++);
    job.library_paths = session.options.library_paths;
    if (!session.documents.find(job.uri))
        throw RpcError(ErrorCode::InvalidParams,
                       "invalid params: the document is not open; send textDocument/didOpen first");

    const Stream stream{&session.events, job.run_id, params.value("workDoneToken", json())};
    job.on_output = [stream](std::string_view chunk) { stream.output(chunk); };
    job.on_finished = [stream, id = request.id, command](RunOutcome outcome) {
        stream.finished(outcome);
        stream.events->push(RequestFinished{id, make_response(id, outcome_json(outcome, command))});
    };
    const std::string run_id = job.run_id;
    const std::string uri = job.uri;
    const std::string title = run_title(job.kind, job.uri, job.function, job.call);
    const CancelToken cancel = job.cancel;
    // Registered at once, so ark.stopRun and $/cancelRequest reach it while its snapshot builds.
    if (!session.runner->submit(std::move(job)))
        throw RpcError(ErrorCode::InvalidParams, "invalid params: a run with id `" + run_id + "` is already going");
    session.pending.insert_or_assign(id_key(request.id), cancel);
    stream.started(title);
    session.scheduler->run_with_snapshot(uri, [runner = session.runner, run_id](std::shared_ptr<const Snapshot> snapshot) {
        runner->attach_snapshot(run_id, std::move(snapshot));
    });
}

// ---------------------------------------------------------------- settings

void start_runner(Session& session, const json& initialize_params) {
    const json options = initialize_params.is_object() ? initialize_params.value("initializationOptions", json()) : json();
    const RunSettings settings = settings_from_initialization_options(options, RunSettings{});
    session.run_ceiling = std::make_shared<const RunSettings>(settings);
    session.runner = std::make_shared<Runner>(settings);
}

void request_run_settings(Session& session) {
    if (!client_can_configure(session))
        return;
    session.outgoing.send(session, "workspace/configuration",
                          {{"items", {{{"section", std::string(extensions::kRunSettingsSection)}}}}},
                          [](Session& session, const Response& response) {
                              if (!response.error.is_null())
                                  session.log(LogLevel::Warning, "workspace/configuration failed: " + response.error.dump());
                              else if (response.result.is_array() && !response.result.empty())
                                  configure_from_workspace(session, response.result[0]);
                          });
}

void on_did_change_configuration(Session& session, const json& params) {
    if (session.runner && params.is_object()) {
        const json settings = params.value("settings", json());
        if (settings.is_object()) {
            if (const auto ark = settings.find("ark"); ark != settings.end() && ark->is_object() && ark->contains("run"))
                configure_from_workspace(session, (*ark)["run"]);
            if (const auto section = settings.find(std::string(extensions::kRunSettingsSection)); section != settings.end())
                configure_from_workspace(session, *section);
        }
    }
    request_run_settings(session);
}

}  // namespace ark::lsp::runner
