// Lens runs: isolated contexts, limits, cancellation, captured output.
//
// The server never blocks on user code (DESIGN.md). A run is submitted from a
// scheduler worker with the snapshot the command refers to and returns at once;
// everything else happens on threads this file owns.
//
// Isolation. Each run compiles its own Program (for a function or an example,
// the document's text plus one appended form binding the call's value, through
// the one front end) and executes it in its own Runtime, ExecutionContext and
// TaskPool, on its own thread with a large stack (recursion through builtins
// uses the C++ stack). Nothing is shared with other runs or with the server but
// the immutable builtin table. `input` fails (Runtime::allow_input is false),
// `sys:exit` ends the run with an exit status, output goes to the run's sink.
//
// Concurrency. At most RunSettings::max_concurrent runs go at once; the others
// wait in a FIFO queue and start as runs end. A run is queued as soon as its
// command arrives (so Stop and $/cancelRequest reach it at once) and becomes
// ready when its snapshot is attached. Each run's wall-time budget starts when
// it leaves the queue.
//
// The monitor. One thread wakes every 20 ms (or when a sink fills up) and, for
// each run: stops it if its $/cancelRequest token is set or its deadline has
// passed; stops every run if the process's resident memory is over the ceiling
// (memory_guard.hpp); sends its pending output as one chunk once 50 ms have
// passed since the last chunk or 8 KiB have piled up (coalescing many small
// prints into a few notifications).
//
// Stopping. A stop records its reason (first one wins) and sets
// Runtime::cancelled; the VM checks it every 4096 calls or back-jumps and
// raises a VMError, and blocking builtins (sys:sleep, lock waits) check it in
// short slices. A run that still has not ended 2 s after being stopped is
// stuck in something that cannot be interrupted (sys:exec of a command that
// never ends): the monitor answers for it, frees its slot and abandons its
// thread, which then owns all its state and reports nothing.
//
// Callbacks. on_output and on_finished run under Core::callback_mutex and only
// while the runner is open, so no callback can reach a session that is gone;
// a per-run emit_mutex keeps a run's chunks in order before its answer.
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
#include "async/future.hpp"
#include "codegen/compile.hpp"
#include "context.hpp"
#include "printer.hpp"
#include "protocol/uri.hpp"
#include "runner/memory_guard.hpp"

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

enum class StopReason : int { None, Timeout, Stopped, Cancelled, Memory };

std::string_view trim(std::string_view text) {
    const size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// A run's OutputSink: keeps everything (up to the limit) for the answer and
// the part not yet streamed. write() is called by every thread of the run.
class CapturedOutput final : public vm::OutputSink {
public:
    CapturedOutput(size_t limit, std::function<void()> wake) : limit_(limit), wake_(std::move(wake)) {}

    void write(std::string_view text) override {
        bool full = false;
        {
            std::lock_guard lock(mutex_);
            const size_t room = all_.size() < limit_ ? limit_ - all_.size() : 0;
            if (text.size() > room) {
                truncated_ = true;
                text = text.substr(0, room);
            }
            all_ += text;
            pending_ += text;
            full = pending_.size() >= kFlushBytes;
        }
        if (full)
            wake_();
    }
    // Lines the runner adds (an example's verdict, unawaited failures), past the limit if need be.
    void append_note(std::string_view text) {
        std::lock_guard lock(mutex_);
        all_ += text;
        pending_ += text;
    }
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

// Starts a detached thread with a chosen stack size (std::thread cannot).
bool start_detached(std::function<void()> body, size_t stack_bytes) {
    auto* heap_body = new std::function<void()>(std::move(body));
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
    RunError out{error.kind, error.message, {}, {}};
    for (const vm::TraceFrame& frame : error.trace)
        out.traceback.push_back(frame_of(frame));
    for (const vm::TraceFrame& frame : error.awaited_at)
        out.awaited_at.push_back(frame_of(frame));
    return out;
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

struct ActiveRun {
    ActiveRun(RunJob j, RunSettings s, std::function<void()> wake)
        : job(std::move(j)), settings(s), out(s.max_output_bytes, std::move(wake)) {}

    RunJob job;
    RunSettings settings;  // as they were when the run was submitted
    vm::Runtime runtime;
    CapturedOutput out;
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
    RunSettings settings;
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

    // ------------------------------------------------------------ stopping

    // Requires `mutex`. True if this call stopped the run.
    bool request_stop(ActiveRun& run, StopReason reason) {
        int none = static_cast<int>(StopReason::None);
        if (!run.stop_reason.compare_exchange_strong(none, static_cast<int>(reason)))
            return false;
        run.runtime.cancelled.store(true);
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
        case StopReason::Memory:
            return "the run made the server use more than " + std::to_string(run.settings.max_memory_bytes >> 20) +
                   " MiB more memory and was stopped (setting run.maxMemoryMb)";
        case StopReason::None: break;
        }
        return "the run was stopped";
    }

    static RunStatus status_of(StopReason reason) {
        switch (reason) {
        case StopReason::Timeout: return RunStatus::Timeout;
        case StopReason::Stopped: return RunStatus::Stopped;
        case StopReason::Cancelled: return RunStatus::Cancelled;
        case StopReason::Memory: return RunStatus::Memory;
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

    void finish_unstarted(ActiveRun& run, StopReason reason) {
        if (run.finished.exchange(true))
            return;
        flush(run, outcome_without_thread(run, reason, " before it started"));
    }

    // ------------------------------------------------------------ starting

    // Requires `mutex`.
    void start_queued() {
        while (!stopping && running.size() < std::max<size_t>(1, settings.max_concurrent)) {
            // First come, first served: a run waiting for its snapshot holds back the ones behind it.
            if (queued.empty() || !queued.front()->job.snapshot)
                break;
            std::shared_ptr<ActiveRun> run = std::move(queued.front());
            queued.pop_front();
            if (running.empty())
                set_memory_ceiling(run->settings.max_memory_bytes ? resident_bytes() + run->settings.max_memory_bytes : 0);
            const Clock::time_point now = Clock::now();
            run->deadline = run->settings.timeout.count() > 0 ? now + run->settings.timeout : Clock::time_point::max();
            run->last_flush = now;
            running.push_back(run);
            ++live_threads;
            if (!start_detached([core = shared_from_this(), run] { core->run_thread(run); }, kRunStackBytes)) {
                running.pop_back();
                --live_threads;
                run->finished.store(true);
                RunOutcome outcome;
                outcome.run_id = run->job.run_id;
                outcome.status = RunStatus::Error;
                outcome.error = RunError{"InternalError", "could not start a thread for the run", {}, {}};
                // Lock order allows it: callbacks never take `mutex`.
                emit_finished(*run, std::move(outcome));
            }
        }
        if (running.empty())
            set_memory_ceiling(0);
    }

    // ------------------------------------------------------------ the run thread

    void run_thread(const std::shared_ptr<ActiveRun>& run) {
        vm::current_runtime = &run->runtime;
        RunOutcome outcome = execute(*run);
        vm::current_runtime = nullptr;
        if (!run->finished.exchange(true))
            flush(*run, std::move(outcome));
        std::lock_guard lock(mutex);
        if (!run->abandoned) {
            running.erase(std::remove(running.begin(), running.end(), run), running.end());
            --live_threads;
            start_queued();
            threads_done.notify_all();
        }
    }

    static std::optional<RunError> compile(const RunJob& job, std::shared_ptr<vm::Program>& program) {
        std::shared_ptr<const analysis::Analysis> analysis = job.snapshot->analysis;
        if (job.kind != RunKind::File) {
            std::string expression;
            switch (job.kind) {
            case RunKind::Function: expression = "(" + job.function + ")"; break;
            case RunKind::Async: expression = "(await (async " + job.function + "))"; break;
            default: expression = job.call; break;
            }
            std::string text = *job.snapshot->text;
            text += "\n(let " + std::string(kResultName) + " " + expression + ")\n";
            analysis::AnalysisOptions options;
            options.library_paths = job.library_paths;
            if (job.snapshot->import_roots)
                options.allowed_import_roots = *job.snapshot->import_roots;
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

    // The "printed value" rule of doc examples: print's text, a string in quotes.
    static std::string printed_value(const vm::Value& value, const vm::Program& program) {
        if (value.is(vm::Tag::String))
            return "\"" + value.as_string() + "\"";
        return vm::to_display(value, program);
    }

    static RunOutcome execute(ActiveRun& run) {
        const RunJob& job = run.job;
        RunOutcome outcome;
        outcome.run_id = job.run_id;
        std::shared_ptr<vm::Program> program;
        std::optional<RunError> error;
        try {
            error = compile(job, program);
        } catch (const std::exception& failure) {
            error = RunError{"CompileError", std::string("the front end failed: ") + failure.what(), {}, {}};
        }
        const Clock::time_point start = Clock::now();
        bool exited = false;
        if (!error) {
            vm::Runtime& runtime = run.runtime;
            runtime.program = program;
            runtime.out = &run.out;
            runtime.allow_input = false;
            runtime.allow_system = run.settings.trusted_workspace;
            runtime.limits.max_call_depth = run.settings.max_call_depth;
            runtime.limits.instruction_budget = run.settings.instruction_budget;
            vm::TaskPool pool(runtime, kPoolThreads);
            runtime.pool = &pool;
            try {
                vm::ExecutionContext context(runtime);
                context.run_program();
                if (job.kind != RunKind::File) {
                    const auto& names = program->symbol_names;
                    const auto found = std::find(names.begin(), names.end(), kResultName);
                    if (found != names.end()) {
                        const vm::Value& value = context.cells()[static_cast<size_t>(found - names.begin())];
                        if (!value.is(vm::Tag::Unbound))
                            outcome.result = printed_value(value, *program);
                    }
                }
            } catch (vm::ArkError& failure) {
                error = error_of(failure);
            } catch (vm::ExitRequest& request) {
                exited = true;
                outcome.exit_code = request.status;
            } catch (const std::bad_alloc&) {
                error = RunError{"MemoryError", "out of memory", {}, {}};
            } catch (const std::exception& failure) {
                error = RunError{"InternalError", failure.what(), {}, {}};
            }
            pool.wait_all();
            for (const vm::ArkError& failure : pool.unawaited_errors())
                run.out.append_note("warning: unawaited future failed: " + failure.kind + ": " + failure.message + "\n");
            runtime.pool = nullptr;
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
            if (error->kind == "MemoryError") {
                outcome.status = RunStatus::Memory;
                if (run.settings.max_memory_bytes)
                    error->message = "out of memory: the run went over the memory cap of " +
                                     std::to_string(run.settings.max_memory_bytes >> 20) +
                                     " MiB (setting run.maxMemoryMb)";
            }
            else if (error->kind == "VMError" && error->message.starts_with("instruction budget exhausted"))
                outcome.status = RunStatus::Budget;
        }
        outcome.error = std::move(error);

        if (job.kind == RunKind::Example) {
            ExampleCheck check{job.call, std::string(trim(job.expected)), outcome.result.value_or(""), false};
            check.passed = outcome.result && trim(*outcome.result) == check.expected;
            if (check.passed)
                run.out.append_note("example " + check.call + " => " + check.expected + ": passed\n");
            else if (outcome.result)
                run.out.append_note("example " + check.call + ": failed, expected " + check.expected + ", got " +
                                    check.actual + "\n");
            else
                run.out.append_note("example " + check.call + ": failed, expected " + check.expected +
                                    ", but the run ended without a value\n");
            outcome.example = std::move(check);
        }
        outcome.output = run.out.all();
        outcome.truncated = run.out.truncated();
        return outcome;
    }

    // ------------------------------------------------------------ the monitor

    void monitor_loop() {
        std::unique_lock lock(mutex);
        while (!stopping) {
            const Clock::time_point now = Clock::now();
            std::vector<std::shared_ptr<ActiveRun>> cancelled_queued, to_flush, to_abandon;
            for (auto it = queued.begin(); it != queued.end();) {
                if ((*it)->job.cancel.cancelled()) {
                    cancelled_queued.push_back(std::move(*it));
                    it = queued.erase(it);
                } else {
                    ++it;
                }
            }
            const uint64_t ceiling = memory_ceiling();
            const bool over_memory = ceiling != 0 && !running.empty() && resident_bytes() > ceiling;
            for (const auto& run : running) {
                if (run->job.cancel.cancelled())
                    request_stop(*run, StopReason::Cancelled);
                if (now >= run->deadline)
                    request_stop(*run, StopReason::Timeout);
                if (over_memory)
                    request_stop(*run, StopReason::Memory);
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
                flush(*run);
            for (const auto& run : to_abandon)
                if (!run->finished.exchange(true))
                    flush(*run, outcome_without_thread(
                                    *run, run->reason(),
                                    "; it did not end within 2 s (a builtin such as sys:exec is still blocking) "
                                    "and was abandoned"));
            lock.lock();
            if (!stopping)
                wake.wait_for(lock, kMonitorTick);
        }
    }
};

Runner::Runner(RunSettings settings) : core_(std::make_shared<Core>()) {
    core_->settings = settings;
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
    set_memory_ceiling(0);
}

RunSettings Runner::settings() const {
    std::lock_guard lock(core_->mutex);
    return core_->settings;
}

void Runner::configure(RunSettings settings) {
    {
        std::lock_guard lock(core_->mutex);
        core_->settings = settings;
        core_->start_queued();
    }
    core_->wake.notify_all();
}

bool Runner::submit(RunJob job) {
    std::lock_guard lock(core_->mutex);
    auto same_id = [&](const auto& run) { return run->job.run_id == job.run_id; };
    if (std::any_of(core_->queued.begin(), core_->queued.end(), same_id) ||
        std::any_of(core_->running.begin(), core_->running.end(), same_id))
        return false;
    auto run = std::make_shared<ActiveRun>(std::move(job), core_->settings,
                                           [core = core_.get()] { core->wake.notify_all(); });
    core_->queued.push_back(std::move(run));
    core_->start_queued();
    return true;
}

void Runner::attach_snapshot(std::string_view run_id, std::shared_ptr<const Snapshot> snapshot) {
    std::shared_ptr<ActiveRun> closed;
    {
        std::lock_guard lock(core_->mutex);
        const auto found = std::find_if(core_->queued.begin(), core_->queued.end(), [&](const auto& run) {
            return run->job.run_id == run_id && !run->job.snapshot;
        });
        if (found == core_->queued.end())
            return;
        if (snapshot) {
            (*found)->job.snapshot = std::move(snapshot);
            core_->start_queued();
            return;
        }
        closed = std::move(*found);
        core_->queued.erase(found);
    }
    if (closed->finished.exchange(true))
        return;
    RunOutcome outcome;
    outcome.run_id = closed->job.run_id;
    outcome.status = RunStatus::Error;
    outcome.error = RunError{"CompileError", "the document was closed before the run started", {}, {}};
    core_->flush(*closed, std::move(outcome));
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
