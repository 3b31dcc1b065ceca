// DAP requests -> debugger core calls; core events -> DAP events.
#include "session.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "base/files.hpp"
#include "features/completion.hpp"

namespace ark::dap {

namespace {

// A request the client got wrong, or one that can not be answered now.
struct RequestError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

const json& object_arguments(const json& request) {
    static const json empty = json::object();
    auto it = request.find("arguments");
    if (it == request.end() || it->is_null()) return empty;
    if (!it->is_object()) throw RequestError("arguments must be an object");
    return *it;
}

template <typename T>
T get(const json& object, const char* key, T fallback) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return fallback;
    try {
        return it->get<T>();
    } catch (const json::exception&) {
        throw RequestError(std::string("argument `") + key + "' has the wrong type");
    }
}

template <typename T>
T require(const json& object, const char* key) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) throw RequestError(std::string("argument `") + key + "' is missing");
    return get<T>(object, key, T{});
}

std::string address(uint32_t page, uint32_t pc) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>((uint64_t{page} << 20) | pc));
    return buffer;
}

}  // namespace

Session::~Session() {
    if (debugger_) {
        debugger_->terminate();
        debugger_->wait_finished();
    }
}

debugger::Debugger& Session::debugger() {
    if (!debugger_) throw RequestError("no program is running: send launch first");
    return *debugger_;
}

bool Session::handle(const std::string& body) {
    json request;
    try {
        request = json::parse(body);
    } catch (const json::exception& e) {
        channel_.fail(0, "", std::string("invalid JSON: ") + e.what());
        return true;
    }
    if (!request.is_object() || request.value("type", json()) != "request" || request_command(request).empty()) {
        channel_.fail(request.is_object() ? request_seq(request) : 0, request.is_object() ? request_command(request) : "",
                      "not a request: a DAP request is an object with \"type\": \"request\", a \"seq\" and a \"command\"");
        return true;
    }
    const std::string command = request_command(request);
    try {
        const json& arguments = object_arguments(request);
        json body = dispatch(command, arguments, request);
        if (!body.is_discarded()) channel_.respond(request, std::move(body));
    } catch (const RequestError& e) {
        channel_.fail(request_seq(request), command, e.what());
    } catch (const debugger::DebugError& e) {
        channel_.fail(request_seq(request), command, e.what());
    } catch (const std::exception& e) {
        channel_.fail(request_seq(request), command, std::string("internal error: ") + e.what());
    }
    return command != "disconnect";
}

json Session::dispatch(const std::string& command, const json& args, const json& request) {
    const json done = json::value_t::discarded;
    if (command == "initialize") {
        lines_from_1_ = get<bool>(args, "linesStartAt1", true);
        columns_from_1_ = get<bool>(args, "columnsStartAt1", true);
        json capabilities = {
            {"supportsConfigurationDoneRequest", true},
            {"supportsFunctionBreakpoints", true},
            {"supportsConditionalBreakpoints", true},
            {"supportsHitConditionalBreakpoints", true},
            {"supportsLogPoints", true},
            {"supportsEvaluateForHovers", true},
            {"supportsSetVariable", true},
            {"supportsExceptionInfoRequest", true},
            {"supportsLoadedSourcesRequest", true},
            {"supportsTerminateRequest", true},
            {"supportsRestartRequest", true},
            {"supportsDisassembleRequest", true},
            {"supportsDelayedStackTraceLoading", true},
            {"supportsSingleThreadExecutionRequests", true},
            {"supportsCompletionsRequest", true},
            {"supportTerminateDebuggee", true},
            {"exceptionBreakpointFilters",
             json::array({{{"filter", "uncaught"}, {"label", "Uncaught Errors"}, {"default", true}},
                          {{"filter", "raised"}, {"label", "Raised Errors"}, {"default", false}}})},
        };
        // Ready for configuration at once: what comes before `launch` waits
        // for the program (pending breakpoints, see set_breakpoints).
        channel_.respond(request, std::move(capabilities));
        channel_.event("initialized");
        return done;
    }
    if (command == "launch") {
        launch(args);
        channel_.respond(request);
        // The configuration sent before the program was loaded: each breakpoint
        // gets a `breakpoint` event saying where it landed.
        replay_configuration();
        if (configured_) debugger_->start();
        return done;
    }
    if (command == "restart") {
        if (!debugger_) throw RequestError("nothing to restart: send launch first");
        json launch_arguments = args.contains("arguments") && args["arguments"].is_object() ? args["arguments"] : launch_arguments_;
        quiet_ = true;
        debugger_.reset();  // terminates and waits for the old run
        quiet_ = false;
        launch(launch_arguments);
        replay_configuration();
        channel_.respond(request);
        debugger_->start();
        return done;
    }
    if (command == "setBreakpoints") return set_breakpoints(args);
    if (command == "setFunctionBreakpoints") return set_function_breakpoints(args);
    if (command == "setExceptionBreakpoints") {
        set_exception_breakpoints(args);
        return json::object();
    }
    if (command == "configurationDone") {
        if (configured_) throw RequestError("configurationDone was sent already");
        configured_ = true;
        channel_.respond(request);
        if (debugger_) debugger_->start();  // else launch starts it
        return done;
    }
    if (command == "threads") {
        json threads = json::array();
        if (debugger_)
            for (const auto& t : debugger_->threads()) threads.push_back({{"id", t.id}, {"name", t.name}});
        return {{"threads", threads}};
    }
    if (command == "stackTrace") {
        auto frames = debugger().stack_trace(require<int>(args, "threadId"));
        const size_t start = get<size_t>(args, "startFrame", 0);
        const size_t levels = get<size_t>(args, "levels", 0);
        json out = json::array();
        for (size_t i = start; i < frames.size() && (levels == 0 || i < start + levels); ++i) out.push_back(frame_json(frames[i]));
        return {{"stackFrames", out}, {"totalFrames", frames.size()}};
    }
    if (command == "scopes") {
        json out = json::array();
        for (const auto& s : debugger().scopes(require<int>(args, "frameId")))
            out.push_back({{"name", s.name},
                           {"variablesReference", s.reference},
                           {"expensive", false},
                           {"presentationHint", s.name == "Locals" ? "locals" : s.name == "Globals" ? "globals" : "arguments"}});
        return {{"scopes", out}};
    }
    if (command == "variables") {
        const std::string filter = get<std::string>(args, "filter", "");
        json out = json::array();
        auto vars = debugger().variables(require<int>(args, "variablesReference"), get<size_t>(args, "start", 0),
                                         get<size_t>(args, "count", 0));
        for (const auto& v : vars) {
            const bool indexed = !v.name.empty() && v.name[0] == '[';
            if ((filter == "indexed" && !indexed) || (filter == "named" && indexed)) continue;
            out.push_back(variable_json(v));
        }
        return {{"variables", out}};
    }
    if (command == "setVariable") {
        auto r = debugger().set_variable(require<int>(args, "variablesReference"), require<std::string>(args, "name"),
                                         require<std::string>(args, "value"));
        return {{"value", r.value}, {"type", r.type}, {"variablesReference", r.reference}};
    }
    if (command == "evaluate") {
        const std::string context = get<std::string>(args, "context", "repl");
        auto kind = context == "watch" ? debugger::EvalContext::Watch
                    : context == "hover" ? debugger::EvalContext::Hover
                                         : debugger::EvalContext::Repl;
        std::optional<int> frame;
        if (args.contains("frameId") && !args["frameId"].is_null()) frame = require<int>(args, "frameId");
        auto r = debugger().evaluate(require<std::string>(args, "expression"), frame, kind);
        return {{"result", r.value},
                {"type", r.type},
                {"variablesReference", r.reference},
                {"indexedVariables", r.indexed},
                {"namedVariables", r.named}};
    }
    if (command == "continue" || command == "next" || command == "stepIn" || command == "stepOut") {
        const int thread = require<int>(args, "threadId");
        const bool single = get<bool>(args, "singleThread", false);
        auto& d = debugger();
        if (command == "continue") {
            channel_.respond(request, {{"allThreadsContinued", !single}});
            d.continue_all(single ? std::optional<int>(thread) : std::nullopt);
        } else {
            auto kind = command == "next" ? debugger::StepKind::Over
                        : command == "stepIn" ? debugger::StepKind::In
                                              : debugger::StepKind::Out;
            channel_.respond(request);
            try {
                d.step(thread, kind, single);
            } catch (const debugger::DebugError& e) {
                output("console", std::string(e.what()) + "\n");
            }
        }
        return done;
    }
    if (command == "pause") {
        require<int>(args, "threadId");
        debugger().pause();
        return json::object();
    }
    if (command == "completions") {
        // The language server's completion (lsp/features/completion.cpp) over
        // the console text placed in the frame, as evaluate would compile it.
        const std::string text = require<std::string>(args, "text");
        const int64_t column = require<int64_t>(args, "column") - (columns_from_1_ ? 1 : 0);
        if (column < 0 || static_cast<size_t>(column) > text.size()) throw RequestError("column is outside the text");
        std::optional<int> frame;
        if (args.contains("frameId") && !args["frameId"].is_null()) frame = require<int>(args, "frameId");
        auto console = debugger().analyze_console_text(text, frame);
        auto result = lsp::features::completion(*console.analysis, console.text_offset + static_cast<uint32_t>(column));
        json targets = json::array();
        for (const auto& item : result.items) {
            if (item.label == console.hidden_name) continue;
            json target = {{"label", item.label}};
            using Kind = lsp::features::CompletionEntry::Kind;
            target["type"] = item.kind == Kind::Function || item.kind == Kind::Builtin ? "function"
                             : item.kind == Kind::Keyword                          ? "keyword"
                             : item.kind == Kind::Operator                         ? "operator"
                             : item.kind == Kind::Constant                         ? "value"
                                                                                   : "variable";
            if (!item.detail.empty()) target["detail"] = item.detail;
            if (result.replace.end > result.replace.begin && result.replace.begin >= console.text_offset) {
                target["start"] = result.replace.begin - console.text_offset + (columns_from_1_ ? 1 : 0);
                target["length"] = result.replace.length();
            }
            targets.push_back(std::move(target));
        }
        return {{"targets", targets}};
    }
    if (command == "exceptionInfo") {
        auto info = debugger().exception_info(require<int>(args, "threadId"));
        return {{"exceptionId", info.kind},
                {"description", info.message},
                {"breakMode", "unhandled"},
                {"details", {{"message", info.message}, {"typeName", info.kind}, {"stackTrace", info.trace}}}};
    }
    if (command == "loadedSources") {
        json out = json::array();
        for (const auto& path : debugger().sources())
            out.push_back({{"name", std::filesystem::path(path).filename().string()}, {"path", path}});
        return {{"sources", out}};
    }
    if (command == "source") {
        std::string path;
        if (args.contains("source") && args["source"].is_object()) path = get<std::string>(args["source"], "path", "");
        auto sources = debugger().sources();
        if (std::find(sources.begin(), sources.end(), path) == sources.end())
            throw RequestError("no source " + path + " in this program");
        FileRead read = read_regular_file(path);
        if (!read.text) throw RequestError("can not read " + path);
        return {{"content", *read.text}, {"mimeType", "text/x-arkscript"}};
    }
    if (command == "disassemble") {
        const std::string reference = require<std::string>(args, "memoryReference");
        uint64_t at = 0;
        try {
            at = std::stoull(reference, nullptr, 0);
        } catch (...) {
            throw RequestError("memoryReference " + reference + " is not an address of this adapter");
        }
        const auto page = static_cast<uint32_t>(at >> 20);
        const auto pc = static_cast<int64_t>(at & 0xfffff);
        auto lines = debugger().disassemble(page);  // lines[0] is the page's header
        const int64_t first = pc + get<int64_t>(args, "instructionOffset", 0);
        const int64_t count = require<int64_t>(args, "instructionCount");
        if (count < 0 || count > 100000) throw RequestError("instructionCount out of range");
        json out = json::array();
        for (int64_t i = first; i < first + count; ++i) {
            const bool valid = i >= 0 && static_cast<size_t>(i + 1) < lines.size();
            json ins = {{"address", address(page, valid ? static_cast<uint32_t>(i) : 0)},
                        {"instruction", valid ? lines[i + 1] : "(no instruction)"}};
            if (valid) {
                const auto& positions = debugger().program().pages[page].positions;
                if (static_cast<size_t>(i) < positions.size() && positions[i].line) {
                    ins["line"] = positions[i].line;
                    ins["location"] = {{"path", debugger().program().files[positions[i].file]}};
                }
            } else {
                ins["presentationHint"] = "invalid";
            }
            out.push_back(ins);
        }
        return {{"instructions", out}};
    }
    if (command == "terminate") {
        debugger().terminate();
        return json::object();
    }
    if (command == "disconnect") {
        if (debugger_) {
            debugger_->terminate();
            debugger_->wait_finished();
        }
        return json::object();
    }
    throw RequestError("unknown command `" + command + "'");
}

void Session::launch(const json& args) {
    if (debugger_) throw RequestError("a program is running already");
    debugger::LaunchOptions options;
    options.program = require<std::string>(args, "program");
    options.args = get<std::vector<std::string>>(args, "args", {});
    options.stop_on_entry = get<bool>(args, "stopOnEntry", false);
    options.threads = options_.threads;
    const std::string cwd = get<std::string>(args, "cwd", "");
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) throw RequestError("can not change to the folder " + cwd);
    for (auto& [name, value] : get<std::map<std::string, std::string>>(args, "env", {})) ::setenv(name.c_str(), value.c_str(), 1);
    auto library = args.find("libraryPath");
    if (library != args.end() && library->is_string()) {
        options.library_paths.push_back(library->get<std::string>());
    } else if (library != args.end() && !library->is_null()) {
        options.library_paths = get<std::vector<std::string>>(args, "libraryPath", {});
    }
    options.library_paths.insert(options.library_paths.end(), options_.library_paths.begin(), options_.library_paths.end());
    options.program = std::filesystem::absolute(options.program).string();
    debugger_ = std::make_unique<debugger::Debugger>(options, *this);
    launch_arguments_ = args;
}

void Session::replay_configuration() {
    for (auto& [path, b] : breakpoint_requests_) set_breakpoints(b, true);
    set_function_breakpoints(function_breakpoints_, true);
    set_exception_breakpoints(exception_breakpoints_);
}

std::vector<debugger::BreakpointResult> Session::pending(size_t count, const std::vector<uint32_t>& lines) {
    std::vector<debugger::BreakpointResult> results;
    for (size_t i = 0; i < count; ++i) {
        debugger::BreakpointResult r;
        r.id = next_pending_breakpoint_++;
        r.line = i < lines.size() ? lines[i] : 0;
        r.message = "pending: the program is not loaded yet (launch loads it)";
        results.push_back(r);
    }
    return results;
}

json Session::frame_json(const debugger::FrameInfo& f) const {
    json frame = {{"id", f.id},
                  {"name", f.name},
                  {"line", f.line - (lines_from_1_ ? 0 : 1)},
                  {"column", f.column - (columns_from_1_ ? 0 : 1)},
                  {"instructionPointerReference", address(f.page, f.pc)}};
    if (!f.path.empty()) frame["source"] = {{"name", std::filesystem::path(f.path).filename().string()}, {"path", f.path}};
    return frame;
}

json Session::variable_json(const debugger::VariableInfo& v) const {
    json out = {{"name", v.name}, {"value", v.value}, {"type", v.type}, {"variablesReference", v.reference}};
    if (v.indexed) out["indexedVariables"] = v.indexed;
    if (v.named) out["namedVariables"] = v.named;
    return out;
}

json Session::breakpoints_json(const std::vector<debugger::BreakpointResult>& results, const std::string& path) const {
    json out = json::array();
    for (const auto& r : results) {
        json b = {{"id", r.id}, {"verified", r.verified}};
        if (r.line) b["line"] = r.line - (lines_from_1_ ? 0 : 1);
        if (!r.message.empty()) b["message"] = r.message;
        if (!path.empty()) b["source"] = {{"path", path}};
        out.push_back(b);
    }
    return out;
}

json Session::set_breakpoints(const json& args, bool replay) {
    if (!args.contains("source") || !args["source"].is_object()) throw RequestError("argument `source' is missing");
    const std::string path = require<std::string>(args["source"], "path");
    std::vector<debugger::SourceBreakpoint> wanted;
    auto list = args.find("breakpoints");
    if (list != args.end() && !list->is_null()) {
        if (!list->is_array()) throw RequestError("argument `breakpoints' must be an array");
        for (const json& b : *list) {
            if (!b.is_object()) throw RequestError("a breakpoint must be an object");
            debugger::SourceBreakpoint s;
            s.line = static_cast<uint32_t>(require<int64_t>(b, "line") + (lines_from_1_ ? 0 : 1));
            s.condition = get<std::string>(b, "condition", "");
            s.hit_condition = get<std::string>(b, "hitCondition", "");
            s.log_message = get<std::string>(b, "logMessage", "");
            if (replay && wanted.size() < breakpoint_ids_[path].size()) s.id = breakpoint_ids_[path][wanted.size()];
            wanted.push_back(std::move(s));
        }
    }
    std::vector<debugger::BreakpointResult> results;
    if (debugger_) {
        results = debugger_->set_breakpoints(path, wanted);
    } else {
        std::vector<uint32_t> lines;
        for (const auto& b : wanted) lines.push_back(b.line);
        results = pending(wanted.size(), lines);
    }
    breakpoint_requests_[path] = args;
    breakpoint_ids_[path].clear();
    for (const auto& r : results) breakpoint_ids_[path].push_back(r.id);
    json out = breakpoints_json(results, path);
    if (replay)
        for (const json& b : out) channel_.event("breakpoint", {{"reason", "changed"}, {"breakpoint", b}});
    return {{"breakpoints", out}};
}

json Session::set_function_breakpoints(const json& args, bool replay) {
    std::vector<std::string> names;
    auto list = args.find("breakpoints");
    if (list != args.end() && !list->is_null()) {
        if (!list->is_array()) throw RequestError("argument `breakpoints' must be an array");
        for (const json& b : *list) {
            if (!b.is_object()) throw RequestError("a breakpoint must be an object");
            names.push_back(require<std::string>(b, "name"));
        }
    }
    auto results = debugger_ ? debugger_->set_function_breakpoints(names, replay ? function_breakpoint_ids_ : std::vector<int>{})
                             : pending(names.size(), {});
    function_breakpoints_ = args;
    function_breakpoint_ids_.clear();
    for (const auto& r : results) function_breakpoint_ids_.push_back(r.id);
    json out = breakpoints_json(results, "");
    if (replay)
        for (const json& b : out) channel_.event("breakpoint", {{"reason", "changed"}, {"breakpoint", b}});
    return {{"breakpoints", out}};
}

void Session::set_exception_breakpoints(const json& args) {
    auto filters = get<std::vector<std::string>>(args, "filters", {});
    bool raised = false, uncaught = false;
    for (const auto& f : filters) {
        if (f == "raised") raised = true;
        else if (f == "uncaught") uncaught = true;
        else throw RequestError("unknown exception filter `" + f + "'");
    }
    if (debugger_) debugger_->set_exception_filters(raised, uncaught);
    exception_breakpoints_ = args;
}

// ----- events from the core -----

void Session::stopped(debugger::StopReason reason, int thread, const std::string& text, const std::vector<int>& breakpoints) {
    if (quiet_) return;
    json body = {{"reason", debugger::reason_name(reason)}, {"threadId", thread}, {"allThreadsStopped", true}};
    if (!text.empty()) body["text"] = text;
    if (!text.empty()) body["description"] = text;
    if (!breakpoints.empty()) body["hitBreakpointIds"] = breakpoints;
    channel_.event("stopped", body);
}

void Session::thread_event(const std::string& reason, int thread) {
    if (quiet_) return;
    channel_.event("thread", {{"reason", reason}, {"threadId", thread}});
}

void Session::output(const std::string& category, const std::string& text) {
    if (quiet_) return;
    channel_.event("output", {{"category", category}, {"output", text}});
}

void Session::exited(int status) {
    if (quiet_) return;
    channel_.event("exited", {{"exitCode", status}});
    channel_.event("terminated");
}

// Only where no request implied it (DAP: the `continued` event): a step names
// one thread, and its response can not say that the others resumed too.
void Session::continued(int thread, bool all_threads) {
    if (quiet_) return;
    channel_.event("continued", {{"threadId", thread}, {"allThreadsContinued", all_threads}});
}

// Outside a restart (which replays every breakpoint with `changed`): what the
// core learnt about one while the program ran.
void Session::breakpoint_changed(const debugger::BreakpointResult& breakpoint, const std::string& path) {
    if (quiet_) return;
    channel_.event("breakpoint", {{"reason", "changed"}, {"breakpoint", breakpoints_json({breakpoint}, path)[0]}});
}

int run_dap(const DapOptions& options) {
    std::unique_ptr<lsp::Transport> transport;
    auto log = [](std::string_view message) { std::cerr << "ark dap: " << message << "\n"; };
    try {
        if (options.port) {
            std::string token = lsp::make_token();
            std::cerr << "ark dap: token: " << token << " (send \"Ark-Token: " << token << "\\r\\n\" first on the connection)\n";
            transport = lsp::make_tcp_transport(*options.port, token, log);
        } else {
            transport = lsp::make_stdio_transport(log);
        }
    } catch (const std::exception& e) {
        std::cerr << "ark dap: " << e.what() << "\n";
        return 1;
    }
    Channel channel(*transport);
    {
        Session session(channel, options);
        while (auto body = transport->read_message())
            if (!session.handle(*body)) break;
    }
    transport->close();
    return 0;
}

}  // namespace ark::dap
