// Lens runs: isolated contexts, limits, cancellation, captured output.
//
// The server never blocks on user code (DESIGN.md). A run is submitted with
// the settings the workspace configuration gives it, its source (the text and
// analysis of the document the command refers to) is attached from a worker
// once built, and both return at once; everything else happens on threads
// this file owns.
//
// Isolation. Each run compiles its own Program (for a function or an example,
// the document's text plus one appended form binding the call's value, through
// the one front end) and executes it on its own vm::Machine (vm/host.hpp: a
// Runtime, ExecutionContext and TaskPool of its own), on its own thread with a
// large stack (recursion through builtins uses the C++ stack). Nothing is shared with other runs or with the server but
// the immutable builtin table. `input` fails (MachineOptions::allow_input is false),
// `sys:exit` ends the run with an exit status, output goes to the run's sink.
//
// Concurrency. At most RunSettings::max_concurrent runs go at once; the others
// wait in a FIFO queue and start as runs end. A run is queued as soon as its
// command arrives (so Stop and $/cancelRequest reach it at once) and becomes
// ready when its source is attached. Each run's wall-time budget starts when
// it leaves the queue.
//
// Limits. Each run has its own: a wall-time deadline, an instruction budget
// shared by the program and all its tasks (vm::RunLimits), an allocation
// budget its values are charged against (vm/allocation_budget.hpp: an
// allocation over it is a MemoryError in the task that made it), and an output cap that holds for
// everything the run produces (printed text, notes on unawaited failures, the
// result, the error and its traceback), with `truncated` set whenever
// something was cut.
//
// The monitor. One thread wakes every 20 ms (or when a sink fills up) and, for
// each run: stops it if its $/cancelRequest token is set or its deadline has
// passed; sends its pending output as one chunk once 50 ms have passed since
// the last chunk or 8 KiB have piled up (coalescing many small prints into a
// few notifications).
//
// Stopping. A stop records its reason (first one wins) and sets
// Machine::cancel(); the VM checks it every 4096 calls or back-jumps and
// raises a VMError, and blocking builtins (sys:sleep, lock waits) check it in
// short slices. A run that still has not ended 2 s after being stopped is
// stuck in something that cannot be interrupted (sys:exec of a command that
// never ends): the monitor answers for it, frees its slot and abandons its
// thread, which then owns all its state and reports nothing.
//
// Callbacks. on_output and on_finished run under Core::callback_mutex and only
// while the runner is open, so no callback can reach a session that is gone;
// a per-run emit_mutex keeps a run's chunks in order before its answer.
//
// Failure boundary. Nothing a run does may end the server: every step of a run
// (starting its thread, compiling, running, waiting for its tasks, collecting
// their errors and its output, building and sending the answer) happens inside
// a catch-all that turns any exception (std::bad_alloc above all) into an
// answer with an error status; the monitor and the functions other threads
// call (submit, attach_snapshot, stop_*) catch theirs too. An exception out of
// a thread's function would be std::terminate for the whole server.
#include "runner/run_session.hpp"

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <new>
#include <thread>

#include "analysis/analysis.hpp"
#include "codegen/compile.hpp"
#include "host.hpp"
#include "printer.hpp"
#include "protocol/uri.hpp"

namespace ark::lsp::runner {

using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kMonitorTick = std::chrono::milliseconds(20);
constexpr auto kFlushInterval = std::chrono::milliseconds(50);
constexpr size_t kFlushBytes = 8 * 1024;
constexpr auto kAbandonGrace = std::chrono::seconds(2);
constexpr size_t kRunStackBytes = size_t{128} << 20;
constexpr unsigned kPoolThreads = 4;
// The global the appended form binds to the call's value.
constexpr std::string_view kResultName = "__ark_lens_result__";

enum class StopReason : int { None, Timeout, Stopped, Cancelled };

std::string_view trim(std::string_view text) {
    const size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// The longest prefix of `text` of at most `limit` bytes that does not end inside a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view text, size_t limit) {
    if (text.size() <= limit)
        return text;
    size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    return text.substr(0, end);
}

// Keeps `text` within `limit` bytes; true if it cut something.
bool clip(std::string& text, size_t limit) {
    if (text.size() <= limit)
        return false;
    text.resize(utf8_prefix(text, limit).size());
    return true;
}

}  // namespace

// A run's OutputSink: keeps everything (up to the limit) for the answer and
// the part not yet streamed. write() is called by every thread of the run.
// Not file-local: ActiveRun holds one, and a unity build (ARK_UNITY_BUILD)
// warns about a named type with a member of an anonymous-namespace type.
class CapturedOutput final : public vm::OutputSink {
public:
    CapturedOutput(size_t limit, std::function<void()> wake) : limit_(limit), wake_(std::move(wake)) {}

    void write(std::string_view text) override { write_parts({text}); }
    // Appends the parts in order, as far as the limit allows: a note made of
    // pieces (one of them a long error message) is never built whole.
    void write_parts(std::initializer_list<std::string_view> parts) override {
        bool full = false;
        {
            std::lock_guard lock(mutex_);
            for (std::string_view part : parts) {
                const size_t room = all_.size() < limit_ ? limit_ - all_.size() : 0;
                if (part.size() > room) {
                    truncated_ = true;
                    part = utf8_prefix(part, room);
                }
                all_ += part;
                pending_ += part;
            }
            full = pending_.size() >= kFlushBytes;
        }
        if (full)
            wake_();
    }
    // Something else the run produced (its result, its error) was cut to the limit.
    void mark_truncated() {
        std::lock_guard lock(mutex_);
        truncated_ = true;
    }
    size_t limit() const { return limit_; }
    std::string take_pending() {
        std::lock_guard lock(mutex_);
        return std::exchange(pending_, std::string());
    }
    size_t pending_size() const {
        std::lock_guard lock(mutex_);
        return pending_.size();
    }
    std::string all() const {
        std::lock_guard lock(mutex_);
        return all_;
    }
    bool truncated() const {
        std::lock_guard lock(mutex_);
        return truncated_;
    }

private:
    mutable std::mutex mutex_;
    size_t limit_;
    std::function<void()> wake_;
    std::string all_;
    std::string pending_;
    bool truncated_ = false;
};

namespace {

// Starts a detached thread with a chosen stack size (std::thread cannot).
// False if it could not (no memory, no thread): never throws.
bool start_detached(std::function<void()> body, size_t stack_bytes) noexcept {
    auto* heap_body = new (std::nothrow) std::function<void()>(std::move(body));
    if (!heap_body)
        return false;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setstacksize(&attributes, stack_bytes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    pthread_t thread;
    const int failed = pthread_create(
        &thread, &attributes,
        [](void* argument) -> void* {
            std::unique_ptr<std::function<void()>> run(static_cast<std::function<void()>*>(argument));
            (*run)();
            return nullptr;
        },
        heap_body);
    pthread_attr_destroy(&attributes);
    if (failed)
        delete heap_body;
    return !failed;
}

RunError::Frame frame_of(const vm::TraceFrame& frame) { return {frame.function, frame.location}; }

RunError error_of(const vm::ArkError& error) {
    RunError out{error.kind_name(), error.message, {}, {}};
    for (const vm::TraceFrame& frame : error.trace)
        out.traceback.push_back(frame_of(frame));
    for (const vm::TraceFrame& frame : error.awaited_at)
        out.awaited_at.push_back(frame_of(frame));
    return out;
}

// Keeps an error's message and frames within `limit` bytes each (a message may
// quote a huge value; a traceback may be max_call_depth frames long).
bool clip(RunError& error, size_t limit) {
    bool cut = clip(error.message, limit);
    for (std::vector<RunError::Frame>* frames : {&error.traceback, &error.awaited_at}) {
        size_t used = 0, kept = 0;
        for (; kept < frames->size(); ++kept) {
            used += (*frames)[kept].function.size() + (*frames)[kept].location.size();
            if (used > limit)
                break;
        }
        if (kept < frames->size()) {
            frames->resize(kept);
            cut = true;
        }
    }
    return cut;
}

}  // namespace

const char* status_name(RunStatus status) {
    switch (status) {
    case RunStatus::Ok: return "ok";
    case RunStatus::Error: return "error";
    case RunStatus::Exit: return "exit";
    case RunStatus::Timeout: return "timeout";
    case RunStatus::Budget: return "budget";
    case RunStatus::Memory: return "memory";
    case RunStatus::Stopped: return "stopped";
    case RunStatus::Cancelled: return "cancelled";
    }
    return "error";
}

// What a lens run may do, in the host API's terms.
static vm::MachineOptions machine_options(const RunSettings& settings, CapturedOutput& out) {
    vm::MachineOptions options;
    options.out = &out;
    options.err = &out;  // notes on unawaited failures are part of the run's output
    options.limits.max_call_depth = settings.max_call_depth;
    options.limits.instruction_budget = settings.instruction_budget;
    options.max_memory_bytes = settings.max_memory_bytes;  // the run's allocation budget
    options.allow_input = false;
    options.allow_system = settings.trusted_workspace;
    options.threads = kPoolThreads;
    return options;
}

struct ActiveRun {
    ActiveRun(RunJob j, RunSettings s, std::function<void()> wake)
        : job(std::move(j)), settings(s), out(s.max_output_bytes, std::move(wake)),
          machine(machine_options(settings, out)) {}

    RunJob job;
    RunSettings settings;  // as they were when the run was submitted
    CapturedOutput out;
    vm::Machine machine;  // stopped from the monitor's thread by Machine::cancel()
    std::atomic<int> stop_reason{static_cast<int>(StopReason::None)};
    std::atomic<bool> finished{false};  // its answer was given (by its thread, the monitor or stop())
    std::mutex emit_mutex;              // orders its chunks and its answer

    // Guarded by Core::mutex.
    Clock::time_point deadline;
    Clock::time_point stop_requested_at;
    Clock::time_point last_flush;
    bool abandoned = false;

    StopReason reason() const { return static_cast<StopReason>(stop_reason.load()); }
};

struct Runner::Core : std::enable_shared_from_this<Runner::Core> {
    std::mutex mutex;
    std::condition_variable wake;
    size_t max_concurrent = RunSettings{}.max_concurrent;  // the newest job's
    std::deque<std::shared_ptr<ActiveRun>> queued;
    std::vector<std::shared_ptr<ActiveRun>> running;
    size_t live_threads = 0;  // run threads not abandoned
    std::condition_variable threads_done;
    bool stopping = false;
    std::thread monitor;

    std::mutex callback_mutex;
    bool closed = false;  // guarded by callback_mutex

    // ------------------------------------------------------------ callbacks

    void emit_output(ActiveRun& run, std::string_view chunk) {
        std::lock_guard lock(callback_mutex);
        if (!closed && run.job.on_output && !chunk.empty())
            run.job.on_output(chunk);
    }
    void emit_finished(ActiveRun& run, RunOutcome outcome) {
        std::lock_guard lock(callback_mutex);
        if (!closed && run.job.on_finished)
            run.job.on_finished(std::move(outcome));
    }
    // Sends what is pending; with `final_outcome`, then the answer.
    void flush(ActiveRun& run, std::optional<RunOutcome> final_outcome = std::nullopt) {
        std::lock_guard lock(run.emit_mutex);
        if (!final_outcome && run.finished.load())
            return;
        emit_output(run, run.out.take_pending());
        if (final_outcome)
            emit_finished(run, std::move(*final_outcome));
    }
    // Streams pending output; a chunk that cannot be sent (out of memory) is
    // dropped from the stream, not from the run's answer.
    void flush_output(ActiveRun& run) noexcept {
        try {
            flush(run);
        } catch (...) {
        }
    }
    // Gives the run's answer made by `make_outcome`, once. If the answer
    // cannot be made or sent (out of memory), a bare one without output goes
    // instead: the request always gets its reply and the server goes on.
    template <class MakeOutcome>
    void deliver(ActiveRun& run, MakeOutcome make_outcome) noexcept {
        std::optional<RunOutcome> outcome;
        try {
            outcome.emplace(make_outcome());
        } catch (...) {
        }
        if (run.finished.exchange(true))
            return;
        if (outcome) {
            try {
                flush(run, std::move(*outcome));
                return;
            } catch (...) {
            }
        }
        try {
            std::lock_guard lock(run.emit_mutex);
            RunOutcome bare = bare_outcome(run, RunStatus::Error, "InternalError",
                                           "the run's answer could not be made or sent (out of memory)");
            bare.truncated = true;  // its output is left out
            emit_finished(run, std::move(bare));
        } catch (...) {
        }
    }
    // An answer made of the run's id, a status and an error, for when the full
    // one cannot be made. Short texts, little memory.
    static RunOutcome bare_outcome(const ActiveRun& run, RunStatus status, std::string kind, std::string message) {
        RunOutcome outcome;
        outcome.run_id = run.job.run_id;
        outcome.status = status;
        outcome.error = RunError{std::move(kind), std::move(message), {}, {}};
        return outcome;
    }

    // ------------------------------------------------------------ stopping

    static bool cancelled(const ActiveRun& run) { return run.job.cancelled && run.job.cancelled(); }

    // Requires `mutex`. True if this call stopped the run.
    bool request_stop(ActiveRun& run, StopReason reason) {
        int none = static_cast<int>(StopReason::None);
        if (!run.stop_reason.compare_exchange_strong(none, static_cast<int>(reason)))
            return false;
        run.machine.cancel();
        run.stop_requested_at = Clock::now();
        return true;
    }

    static std::string stop_message(const ActiveRun& run, StopReason reason) {
        switch (reason) {
        case StopReason::Timeout:
            return "the run took longer than " + std::to_string(run.settings.timeout.count()) +
                   " ms and was stopped (setting run.timeoutMs)";
        case StopReason::Stopped: return "the run was stopped (ark.stopRun)";
        case StopReason::Cancelled: return "the run was cancelled ($/cancelRequest)";
        case StopReason::None: break;
        }
        return "the run was stopped";
    }

    static RunStatus status_of(StopReason reason) {
        switch (reason) {
        case StopReason::Timeout: return RunStatus::Timeout;
        case StopReason::Stopped: return RunStatus::Stopped;
        case StopReason::Cancelled: return RunStatus::Cancelled;
        case StopReason::None: break;
        }
        return RunStatus::Error;
    }

    // The answer for a run that never started or never came back.
    static RunOutcome outcome_without_thread(const ActiveRun& run, StopReason reason, std::string note) {
        RunOutcome outcome;
        outcome.run_id = run.job.run_id;
        outcome.status = status_of(reason);
        outcome.output = run.out.all();
        outcome.truncated = run.out.truncated();
        outcome.error = RunError{"VMError", stop_message(run, reason) + note, {}, {}};
        return outcome;
    }

    template <class Matches>
    size_t stop_matching(Matches matches) {
        std::vector<std::shared_ptr<ActiveRun>> unstarted;
        size_t n_stopped = 0;
        {
            std::lock_guard lock(mutex);
            unstarted.reserve(queued.size());  // so that moving them out below cannot fail halfway
            for (auto it = queued.begin(); it != queued.end();) {
                if (matches(**it)) {
                    unstarted.push_back(std::move(*it));
                    it = queued.erase(it);
                } else {
                    ++it;
                }
            }
            for (const auto& run : running)
                if (matches(*run) && !run->finished.load()) {
                    request_stop(*run, StopReason::Stopped);
                    ++n_stopped;
                }
        }
        for (const auto& run : unstarted)
            finish_unstarted(*run, StopReason::Stopped);
        wake.notify_all();
        return n_stopped + unstarted.size();
    }

    void finish_unstarted(ActiveRun& run, StopReason reason) noexcept {
        deliver(run, [&] { return outcome_without_thread(run, reason, " before it started"); });
    }

    // ------------------------------------------------------------ starting

    // Requires `mutex`.
    void start_queued() {
        while (!stopping && running.size() < std::max<size_t>(1, max_concurrent)) {
            // First come, first served: a run waiting for its source holds back the ones behind it.
            if (queued.empty() || !queued.front()->job.source)
                break;
            std::shared_ptr<ActiveRun> run = std::move(queued.front());
            queued.pop_front();
            const Clock::time_point now = Clock::now();
            run->deadline = run->settings.timeout.count() > 0 ? now + run->settings.timeout : Clock::time_point::max();
            run->last_flush = now;
            bool started = false;
            try {
                running.reserve(running.size() + 1);
                started = true;
            } catch (...) {
            }
            if (started) {
                running.push_back(run);
                ++live_threads;
                try {
                    started = start_detached([core = shared_from_this(), run] { core->run_thread(run); }, kRunStackBytes);
                } catch (...) {  // the body's std::function could not be made
                    started = false;
                }
                if (!started) {
                    running.pop_back();
                    --live_threads;
                }
            }
            if (!started)  // Lock order allows it: callbacks never take `mutex`.
                deliver(*run, [&] {
                    return bare_outcome(*run, RunStatus::Error, "InternalError", "could not start a thread for the run");
                });
        }
    }

    // ------------------------------------------------------------ the run thread

    void run_thread(const std::shared_ptr<ActiveRun>& run) noexcept {
        deliver(*run, [&] { return execute(*run); });
        std::lock_guard lock(mutex);
        if (!run->abandoned) {
            running.erase(std::remove(running.begin(), running.end(), run), running.end());
            --live_threads;
            start_queued();
            threads_done.notify_all();
        }
    }

    static std::optional<RunError> compile(const RunJob& job, std::shared_ptr<vm::Program>& program) {
        const RunSource& source = *job.source;
        std::shared_ptr<const analysis::Analysis> analysis = source.analysis;
        // A file's own analysis serves a whole-file run, unless it was made on
        // top of its imports' (its program lacks the imported forms then).
        if (job.kind != RunKind::File || (analysis && analysis->preamble)) {
            std::string expression;
            switch (job.kind) {
            case RunKind::Function: expression = "(" + job.function + ")"; break;
            case RunKind::Async: expression = "(await (async " + job.function + "))"; break;
            default: expression = job.call; break;
            }
            std::string text = *source.text;
            if (job.kind != RunKind::File)
                text += "\n(let " + std::string(kResultName) + " " + expression + ")\n";
            analysis::AnalysisOptions options;
            options.library_paths = job.library_paths;
            if (source.import_roots)
                options.allowed_import_roots = *source.import_roots;
            analysis = analysis::analyze(path_from_uri(job.uri), std::move(text), options);
        }
        if (!analysis)
            return RunError{"CompileError", "the file could not be analysed", {}, {}};
        auto first_error = [&](const std::vector<Diagnostic>& diagnostics) -> std::optional<RunError> {
            for (const Diagnostic& diagnostic : diagnostics) {
                if (diagnostic.severity != Severity::Error)
                    continue;
                const SourceFile& file = analysis->sources.file(diagnostic.where.file);
                const LineColumn at = file.lines.to_line_column(diagnostic.where.range.begin, PositionEncoding::Utf8);
                const std::string location =
                    file.path + ":" + std::to_string(at.line + 1) + ":" + std::to_string(at.column + 1);
                return RunError{"CompileError", diagnostic.code + ": " + diagnostic.message,
                                {RunError::Frame{"<compile>", location}}, {}};
            }
            return std::nullopt;
        };
        if (analysis->has_errors()) {
            if (auto error = first_error(analysis->diagnostics))
                return error;
            return RunError{"CompileError", "the file has errors", {}, {}};
        }
        codegen::CompileResult compiled = codegen::compile_program(analysis->expanded.program, analysis->sources);
        if (!compiled.program) {
            if (auto error = first_error(compiled.diagnostics))
                return error;
            return RunError{"CompileError", "the file could not be compiled", {}, {}};
        }
        program = std::move(compiled.program);
        return std::nullopt;
    }

    // The whole run, inside the failure boundary: whatever goes wrong at any
    // step, the answer is an outcome with an error status.
    static RunOutcome execute(ActiveRun& run) {
        try {
            return execute_unguarded(run);
        } catch (...) {
            // Free the run's values (and stop its tasks) first, so this has room.
            run.machine.stop();
            RunOutcome outcome = [&] {
                try {
                    throw;
                } catch (const std::bad_alloc&) {
                    return bare_outcome(run, RunStatus::Memory, "MemoryError", memory_message(run.settings));
                } catch (const std::exception& failure) {
                    return bare_outcome(run, RunStatus::Error, "InternalError",
                                        std::string("the runner failed: ") + failure.what());
                } catch (...) {
                    return bare_outcome(run, RunStatus::Error, "InternalError", "the runner failed");
                }
            }();
            outcome.output = run.out.all();
            outcome.truncated = run.out.truncated();
            return outcome;
        }
    }

    static std::string memory_message(const RunSettings& settings) {
        if (!settings.max_memory_bytes)
            return "out of memory";
        return "out of memory: the run's values went over its memory budget of " +
               std::to_string(settings.max_memory_bytes >> 20) + " MiB (setting run.maxMemoryMb)";
    }

    // Runs the program and collects what it did. The values the program makes
    // (in its main thread and its tasks) are charged to its allocation budget.
    static RunOutcome execute_unguarded(ActiveRun& run) {
        const RunJob& job = run.job;
        RunOutcome outcome;
        outcome.run_id = job.run_id;
        std::shared_ptr<vm::Program> program;
        std::optional<RunError> error;
        std::optional<vm::ErrorKind> failure;  // the kind of the run's error
        try {
            error = compile(job, program);
        } catch (const std::exception& failure) {
            error = RunError{"CompileError", std::string("the front end failed: ") + failure.what(), {}, {}};
        }
        const Clock::time_point start = Clock::now();
        bool exited = false;
        if (!error) {
            vm::Machine& machine = run.machine;
            machine.load(program);
            const vm::RunResult result = machine.run();
            if (result.status == vm::RunResult::Status::Failed) {
                error = error_of(*result.error);
                failure = result.error->kind;
            } else if (result.status == vm::RunResult::Status::Exited) {
                exited = true;
                outcome.exit_code = result.exit_status;
            } else if (job.kind != RunKind::File) {
                // The result's text is a few times the value's size at most, which
                // the run's budget bounds; the answer clips it to the output cap.
                try {
                    if (const vm::Value* value = machine.global(kResultName); value && !value->is(vm::Tag::Unbound))
                        outcome.result = vm::to_repr(*value, *program);  // doc examples: print's text, strings quoted
                } catch (const std::bad_alloc&) {
                    error = RunError{"MemoryError", "out of memory", {}, {}};
                    failure = vm::ErrorKind::Memory;
                }
            }
            // The notes on unawaited failures stay within the output cap.
            machine.report_unawaited();
            // The tasks are over: what follows is the runner's work, not the program's.
            machine.stop();
        }
        outcome.duration_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();

        const StopReason reason = run.reason();
        if (reason != StopReason::None && !exited) {
            outcome.status = status_of(reason);
            RunError stopped = error.value_or(RunError{"VMError", "", {}, {}});
            stopped.kind = "VMError";
            stopped.message = stop_message(run, reason);
            error = std::move(stopped);
            outcome.result.reset();
        } else if (exited) {
            outcome.status = RunStatus::Exit;
        } else if (error) {
            outcome.status = RunStatus::Error;
            if (failure == vm::ErrorKind::Memory) {
                outcome.status = RunStatus::Memory;
                error->message = memory_message(run.settings);
            } else if (failure == vm::ErrorKind::Budget) {
                outcome.status = RunStatus::Budget;
            }
        }
        outcome.error = std::move(error);

        if (job.kind == RunKind::Example) {
            ExampleCheck check{job.call, std::string(trim(job.expected)), outcome.result.value_or(""), false};
            check.passed = outcome.result && trim(*outcome.result) == check.expected;
            if (check.passed)
                run.out.write_parts({"example ", check.call, " => ", check.expected, ": passed\n"});
            else if (outcome.result)
                run.out.write_parts({"example ", check.call, ": failed, expected ", check.expected, ", got ",
                                     check.actual, "\n"});
            else
                run.out.write_parts({"example ", check.call, ": failed, expected ", check.expected,
                                     ", but the run ended without a value\n"});
            if (clip(check.actual, run.out.limit()))
                run.out.mark_truncated();
            outcome.example = std::move(check);
        }
        // The cap holds for everything the run produces, not only what it printed.
        const size_t limit = run.out.limit();
        const bool result_cut = outcome.result && clip(*outcome.result, limit);
        const bool error_cut = outcome.error && clip(*outcome.error, limit);
        if (result_cut || error_cut)
            run.out.mark_truncated();
        outcome.output = run.out.all();
        outcome.truncated = run.out.truncated();
        return outcome;
    }

    // ------------------------------------------------------------ the monitor

    void monitor_loop() noexcept {
        std::unique_lock lock(mutex);
        while (!stopping) {
            try {
                monitor_tick(lock);
            } catch (...) {
                // Out of memory while gathering the work: the next tick tries again.
                if (!lock.owns_lock())
                    lock.lock();
            }
            if (!stopping)
                wake.wait_for(lock, kMonitorTick);
        }
    }

    // One round of the monitor; `lock` holds `mutex` on entry and on return.
    void monitor_tick(std::unique_lock<std::mutex>& lock) {
        {
            const Clock::time_point now = Clock::now();
            std::vector<std::shared_ptr<ActiveRun>> cancelled_queued, to_flush, to_abandon;
            for (auto it = queued.begin(); it != queued.end();) {
                if (cancelled(**it)) {
                    cancelled_queued.push_back(std::move(*it));
                    it = queued.erase(it);
                } else {
                    ++it;
                }
            }
            for (const auto& run : running) {
                if (cancelled(*run))
                    request_stop(*run, StopReason::Cancelled);
                if (now >= run->deadline)
                    request_stop(*run, StopReason::Timeout);
                if (run->reason() != StopReason::None && now - run->stop_requested_at >= kAbandonGrace) {
                    to_abandon.push_back(run);
                } else if (run->out.pending_size() >= kFlushBytes ||
                           (now - run->last_flush >= kFlushInterval && run->out.pending_size() > 0)) {
                    run->last_flush = now;
                    to_flush.push_back(run);
                }
            }
            for (const auto& run : to_abandon) {
                run->abandoned = true;
                running.erase(std::remove(running.begin(), running.end(), run), running.end());
                --live_threads;
            }
            if (!to_abandon.empty()) {
                start_queued();
                threads_done.notify_all();
            }
            lock.unlock();
            for (const auto& run : cancelled_queued)
                finish_unstarted(*run, StopReason::Cancelled);
            for (const auto& run : to_flush)
                flush_output(*run);
            for (const auto& run : to_abandon)
                deliver(*run, [&] {
                    return outcome_without_thread(*run, run->reason(),
                                                  "; it did not end within 2 s (a builtin such as sys:exec is still "
                                                  "blocking) and was abandoned");
                });
            lock.lock();
        }
    }
};

Runner::Runner() : core_(std::make_shared<Core>()) {
    core_->monitor = std::thread([core = core_.get()] { core->monitor_loop(); });
}

Runner::~Runner() {
    {
        std::lock_guard lock(core_->mutex);
        core_->stopping = true;
        core_->queued.clear();
        for (const auto& run : core_->running)
            core_->request_stop(*run, StopReason::Stopped);
    }
    core_->wake.notify_all();
    core_->monitor.join();
    {
        std::lock_guard lock(core_->callback_mutex);
        core_->closed = true;
    }
    // Runs notice the stop within milliseconds; a stuck one keeps only its own state alive.
    std::unique_lock lock(core_->mutex);
    core_->threads_done.wait_for(lock, kAbandonGrace, [this] { return core_->live_threads == 0; });
}

bool Runner::submit(RunJob job) {
    std::lock_guard lock(core_->mutex);
    auto same_id = [&](const auto& run) { return run->job.run_id == job.run_id; };
    if (std::any_of(core_->queued.begin(), core_->queued.end(), same_id) ||
        std::any_of(core_->running.begin(), core_->running.end(), same_id))
        return false;
    core_->max_concurrent = job.settings.max_concurrent;
    const RunSettings settings = job.settings;
    auto run = std::make_shared<ActiveRun>(std::move(job), settings, [core = core_.get()] { core->wake.notify_all(); });
    core_->queued.push_back(std::move(run));
    core_->start_queued();
    return true;
}

void Runner::attach_source(std::string_view run_id, std::optional<RunSource> source) {
    std::shared_ptr<ActiveRun> closed;
    {
        std::lock_guard lock(core_->mutex);
        const auto found = std::find_if(core_->queued.begin(), core_->queued.end(), [&](const auto& run) {
            return run->job.run_id == run_id && !run->job.source;
        });
        if (found == core_->queued.end())
            return;
        if (source) {
            (*found)->job.source = std::move(source);
            core_->start_queued();
            return;
        }
        closed = std::move(*found);
        core_->queued.erase(found);
    }
    // Called on a scheduler worker: deliver() never throws.
    core_->deliver(*closed, [&] {
        return Core::bare_outcome(*closed, RunStatus::Error, "CompileError",
                                  "the document was closed before the run started");
    });
}

size_t Runner::stop_run(std::string_view run_id) {
    return core_->stop_matching([&](const ActiveRun& run) { return run.job.run_id == run_id; });
}

size_t Runner::stop_uri(std::string_view uri) {
    return core_->stop_matching([&](const ActiveRun& run) { return run.job.uri == uri; });
}

size_t Runner::stop_all() {
    return core_->stop_matching([](const ActiveRun&) { return true; });
}

}  // namespace ark::lsp::runner
