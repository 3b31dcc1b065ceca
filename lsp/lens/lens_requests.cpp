// JSON glue for the run lenses (see lens_requests.hpp). Everything here runs
// on the main loop except the snapshot task, which only hands the run its
// source, and the run callbacks, which only post events.
#include "lens/lens_requests.hpp"

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

namespace ark::lsp::lens {

using namespace runner;

// The session's lens runs (Session::lens_runs), made by the first run command.
struct Runs {
    Runner runner;
};

namespace {

// ---------------------------------------------------------------- runs

Runner& runner_of(Session& session) {
    if (!session.lens_runs)
        session.lens_runs = std::make_shared<Runs>();
    return session.lens_runs->runner;
}

// The limits the workspace configuration (owned by the server) gives a run
// starting now.
RunSettings run_settings(const RunLimitSettings& limits) {
    RunSettings settings;
    settings.timeout = limits.timeout;
    settings.instruction_budget = limits.instruction_budget;
    settings.max_call_depth = limits.max_call_depth;
    settings.max_concurrent = limits.max_concurrent;
    settings.max_output_bytes = limits.max_output_bytes;
    settings.max_memory_bytes = limits.max_memory_bytes;
    settings.trusted_workspace = limits.trusted_workspace;
    return settings;
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
    if (!session.pipeline)
        throw RpcError(ErrorCode::RequestFailed, "request failed: the runner is not available");
    Runner& runner = runner_of(session);

    if (command == extensions::kStopRunCommand) {
        session.send(make_response(request.id, {{"stopped", stop_runs(runner, argument)}}));
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
    job.library_paths = session.pipeline->build_config().library_paths;
    job.settings = run_settings(session.pipeline->configuration().run_limits());
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
    const CancelToken cancel;
    job.cancelled = [cancel] { return cancel.cancelled(); };
    // Registered at once, so ark.stopRun and $/cancelRequest reach it while its snapshot builds.
    if (!runner.submit(std::move(job)))
        throw RpcError(ErrorCode::InvalidParams, "invalid params: a run with id `" + run_id + "` is already going");
    session.pending.insert_or_assign(id_key(request.id), cancel);
    stream.started(title);
    session.pipeline->scheduler().run_with_snapshot(
        uri, [runs = session.lens_runs, run_id](std::shared_ptr<const Snapshot> snapshot) {
            std::optional<RunSource> source;
            if (snapshot)
                source = RunSource{snapshot->text, snapshot->analysis, snapshot->import_roots};
            runs->runner.attach_source(run_id, std::move(source));
        });
}

}  // namespace ark::lsp::lens
