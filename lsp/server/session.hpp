// The server's state for one client connection, owned by the main loop, and the
// closed set of events that drive the loop. Worker threads touch only `events`
// (to post results) and log().
#pragma once
#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "features/pull_diagnostics.hpp"
#include "protocol/jsonrpc.hpp"
#include "protocol/transport.hpp"
#include "server/documents.hpp"
#include "server/outgoing.hpp"
#include "server/pipeline.hpp"
#include "server/server.hpp"
#include "server/workspace.hpp"

namespace ark::lsp {

namespace lens {
struct Runs;
}

// Every trigger of work on the main loop. Closed on purpose: a new kind of
// work is a new alternative here and a new case in main_loop.cpp.
struct MessageArrived {
    std::string body;  // one framed JSON-RPC body, not yet parsed
};
struct InputClosed {};
struct RequestFinished {
    RequestId id;
    json reply;  // the whole response or error message
};
struct DiagnosticsReady {
    std::string uri;
    int64_t version = 0;
    json params;  // textDocument/publishDiagnostics params
    std::vector<std::string> imports;  // Snapshot::imported_paths() of the build
};
// A notification a worker wants sent (a lens run's streamed output, lsp/lens).
struct RunOutput {
    json notification;
};
// A `.arklint.json` was read (PipelineCallbacks::lint_config_read): the main
// loop reports it if it can not be used, or withdraws an earlier report
// (lint_configs.cpp).
struct LintConfigRead {
    std::string path;
    uint64_t sequence = 0;               // config::LintConfigFile::sequence
    std::optional<std::string> problem;  // nullopt: usable
    json diagnostics;                    // the problem as diagnostics on the file (publishDiagnostics)
};
using Event = std::variant<MessageArrived, InputClosed, RequestFinished, DiagnosticsReady, RunOutput, LintConfigRead>;

class EventQueue {
public:
    void push(Event event) {
        {
            std::lock_guard lock(mutex_);
            events_.push_back(std::move(event));
        }
        ready_.notify_one();
    }
    Event pop() {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [this] { return !events_.empty(); });
        Event event = std::move(events_.front());
        events_.pop_front();
        return event;
    }

private:
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<Event> events_;
};

enum class Lifecycle { Uninitialized, Initialized, ShutDown };

// window/logMessage's MessageType values.
enum class LogLevel { Error = 1, Warning = 2, Info = 3, Log = 4 };

// Writes to stderr always, and to the client as window/logMessage once it has
// been initialized. Never to stdout. Thread-safe.
class Logger {
public:
    void attach(Transport* transport) { transport_ = transport; }
    void enable_client_messages() { to_client_ = true; }
    void log(LogLevel level, std::string_view message) const;

private:
    Transport* transport_ = nullptr;
    std::atomic<bool> to_client_{false};
    mutable std::mutex stderr_mutex_;
};

struct Session {
    Session(const ServerOptions& server_options, Transport& client) : options(server_options), transport(client) {}

    // Sends one message to the client (any thread).
    void send(const json& message) { transport.write_message(serialize(message)); }
    void log(LogLevel level, std::string_view message) const { logger.log(level, message); }

    ServerOptions options;
    Transport& transport;
    Logger logger;
    EventQueue events;

    // Main-loop state.
    Lifecycle lifecycle = Lifecycle::Uninitialized;
    bool exit_requested = false;
    bool shutdown_received = false;
    PositionEncoding encoding = PositionEncoding::Utf16;
    json client_capabilities;
    // initializationOptions.debugCommand: the client's command that starts a
    // debug session on {uri}; empty when the client can not (no Debug lens).
    std::string debug_command;
    // File change events so far (BuildInput::disk_changes).
    std::shared_ptr<std::atomic<uint64_t>> disk_changes = std::make_shared<std::atomic<uint64_t>>(0);
    DocumentStore documents;
    std::unordered_map<std::string, CancelToken> pending;  // by id_key()
    // The files each open document's last build read besides itself (by URI):
    // when one of them changes, the document is rebuilt (workspace.cpp).
    std::unordered_map<std::string, std::vector<std::string>> imports_of;
    std::vector<std::string> workspace_folders;  // normalised paths
    // Pull diagnostics (pull_diagnostics.cpp). A client that pulls gets no
    // publishDiagnostics (it would show every problem twice); when an open
    // document's problems change without an edit of it (lints, an imported
    // file changed), it is asked to pull again (workspace/diagnostic/refresh).
    bool client_pulls_diagnostics = false;
    bool client_refreshes_diagnostics = false;
    std::unordered_map<std::string, std::pair<int64_t, std::string>> built_diagnostics;  // uri -> version, items
    // What the last read of each `.arklint.json` found, as reported to the
    // user (lint_configs.cpp): by path, the read's sequence and its problem.
    struct LintConfigReport {
        uint64_t sequence = 0;
        std::optional<std::string> problem;
    };
    std::unordered_map<std::string, LintConfigReport> lint_config_reports;
    // What workspace/diagnostic last reported per file (pull_diagnostics.cpp).
    std::shared_ptr<features::PulledReports> pulled_reports = std::make_shared<features::PulledReports>();
    OutgoingRequests outgoing;        // the requests the server sent and who waits for each answer
    int64_t next_progress_token = 0;  // $/progress tokens the server creates
    CancelToken stop_work;            // cancelled when the loop ends: long pool work returns early

    // Lens runs (lsp/lens, over lsp/runner). Outlives the pipeline, whose tasks submit runs.
    std::shared_ptr<lens::Runs> lens_runs;
    // The scheduler, the workspace index, the build and workspace
    // configuration (pipeline.hpp); made by initialize. Declared last so it
    // stops (joining its workers) before `events` goes away.
    std::unique_ptr<Pipeline> pipeline;
};

}  // namespace ark::lsp
