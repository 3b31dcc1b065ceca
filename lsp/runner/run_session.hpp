// Running user code for the code lenses: each run compiles its own Program from
// a snapshot and executes it on its own vm::Machine (Runtime, context, task pool)
// on its own thread, with limits, cancellation and captured output. Knows no
// JSON and nothing of the server: the glue in lsp/lens/ hands it each run's
// source and settings and turns outcomes into protocol messages.
// The design is explained at the top of run_session.cpp.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/analysis.hpp"

namespace ark::lsp::runner {

// The limits of one run, given with each job (the server owns the workspace
// configuration they come from); see protocol/extensions.hpp for the setting names.
struct RunSettings {
    std::chrono::milliseconds timeout{10'000};
    // VM ticks (calls + back-jumps) of the program and all its tasks together; 0 = no budget
    uint64_t instruction_budget = 2'000'000'000;
    uint32_t max_call_depth = 10'000;
    size_t max_concurrent = 4;                 // runs beyond this wait in a queue (the newest job's setting holds)
    // What a run produces: its output (with the notes on unawaited failures),
    // and its result and error each; the rest is dropped and `truncated` set.
    size_t max_output_bytes = size_t{1} << 20;
    uint64_t max_memory_bytes = uint64_t{512} << 20;  // the run's allocation budget (vm/allocation_budget.hpp); 0 = none
    // Whether runs may touch files and start processes (io:*, sys:exec).
    // Only initializationOptions.trustedWorkspace sets it: never a setting
    // read from the workspace itself, which an untrusted project controls.
    bool trusted_workspace = false;
};

enum class RunKind {
    File,      // the whole file
    Function,  // the file, then (function)
    Async,     // the file, then (await (async function))
    Example,   // the file, then `call`, compared with `expected`
};

enum class RunStatus { Ok, Error, Exit, Timeout, Budget, Memory, Stopped, Cancelled };
const char* status_name(RunStatus status);

struct RunError {
    struct Frame {
        std::string function;
        std::string location;
    };
    std::string kind;  // TypeError, VMError, CompileError, MemoryError, ...
    std::string message;
    std::vector<Frame> traceback;   // innermost first
    std::vector<Frame> awaited_at;  // for errors re-raised by await
};

struct ExampleCheck {
    std::string call;
    std::string expected;
    std::string actual;  // empty when the call raised
    bool passed = false;
};

struct RunOutcome {
    std::string run_id;
    RunStatus status = RunStatus::Ok;
    std::optional<std::string> result;  // printed value of the call (Function/Async/Example)
    double duration_ms = 0;
    std::string output;
    bool truncated = false;
    std::optional<int> exit_code;
    std::optional<RunError> error;
    std::optional<ExampleCheck> example;
};

// The document a run executes: its text as the editor has it and the
// analysis the server built of it.
struct RunSource {
    std::shared_ptr<const std::string> text;
    std::shared_ptr<const analysis::Analysis> analysis;  // null: the text could not be analysed
    std::shared_ptr<const std::vector<std::string>> import_roots;  // where its imports may be read
};

struct RunJob {
    std::string run_id;
    RunKind kind = RunKind::File;
    std::string uri;
    RunSettings settings;
    std::optional<RunSource> source;  // may come later: attach_source()
    std::string function;  // Function, Async
    std::string call;      // Example
    std::string expected;  // Example
    std::vector<std::string> library_paths;
    std::function<bool()> cancelled;  // true once the client cancelled the command; polled by the monitor
    // Chunks of output, in order, coalesced. Called from runner threads, never
    // concurrently for one run, never after on_finished.
    std::function<void(std::string_view chunk)> on_output;
    // Called exactly once, from a runner thread (or from stop() for a queued run).
    std::function<void(RunOutcome outcome)> on_finished;
};

class Runner {
public:
    Runner();
    // Stops every run and waits (briefly) for their threads.
    ~Runner();
    Runner(const Runner&) = delete;
    Runner& operator=(const Runner&) = delete;

    // Queues the run; it starts once it has its source and fewer than
    // job.settings.max_concurrent runs are going. False (and nothing queued)
    // if a run with the same id is queued or running.
    bool submit(RunJob job);
    // The source of a submitted run; nullopt if the document closed meanwhile
    // (the run then ends with an error). Ignored for unknown or stopped runs.
    void attach_source(std::string_view run_id, std::optional<RunSource> source);
    // Stops matching runs (queued or running); returns how many.
    size_t stop_run(std::string_view run_id);
    size_t stop_uri(std::string_view uri);
    size_t stop_all();

    struct Core;  // shared with the run threads (run_session.cpp)

private:
    std::shared_ptr<Core> core_;
};

}  // namespace ark::lsp::runner
