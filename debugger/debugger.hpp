// The debugger core: one program run under control, shared by the two front
// ends (`ark dap`, dap/; `ark run --debugger`, cli/cmd_run.cpp). It knows the
// front end and the VM, and no JSON: requests are method calls, events go to
// an Events object the front end implements.
//
// Threads: the front end calls in from its own thread; the program runs on a
// VM thread (launch.cpp) and its tasks on pool threads. Every context of the
// run is a thread of the debuggee. A context is read only while it is Paused
// (stopped in before_instruction, waiting on `changed_`) or Blocked (inside an
// await or a lock wait): both states are entered and left under `mutex_`, and
// every read of a context's frames happens under `mutex_`, so those reads are
// ordered with the context's own accesses. Anything that runs code (evaluate,
// a condition, setVariable's value) is handed to the paused context's own
// thread as a work item and runs there.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "analysis/analysis.hpp"
#include "context.hpp"
#include "debug_hook.hpp"
#include "program.hpp"

namespace ark::debugger {

enum class StopReason { Entry, Breakpoint, Step, Pause, Exception, FunctionBreakpoint };
const char* reason_name(StopReason reason);  // the DAP spelling: "entry", "function breakpoint"...

struct BreakpointResult;

// What the core tells its front end. Called from any thread (the VM's, a
// task's, the front end's own), never with a lock of the core held.
class Events {
public:
    virtual ~Events() = default;
    virtual void stopped(StopReason reason, int thread, const std::string& text, const std::vector<int>& breakpoints) = 0;
    virtual void thread_event(const std::string& reason, int thread) = 0;  // "started" / "exited"
    virtual void output(const std::string& category, const std::string& text) = 0;  // stdout, stderr, console
    virtual void exited(int status) = 0;  // the program ended (then the core is done)
    // Threads resume that the front end's request did not say would: a step
    // (which names one thread) resumes every other stopped thread too. Sent
    // before any of them runs, so before the step's own stop.
    virtual void continued(int /*thread*/, bool /*all_threads*/) {}
    // A breakpoint changed after it was set: its condition failed where it was
    // hit (`message` says why; reported once per breakpoint).
    virtual void breakpoint_changed(const BreakpointResult& /*breakpoint*/, const std::string& /*path*/) {}
};

struct LaunchOptions {
    std::string program;  // path of the main file
    std::vector<std::string> args;
    std::vector<std::string> library_paths;
    bool stop_on_entry = false;
    unsigned threads = 0;  // task pool size, 0 = default
};

struct SourceBreakpoint {
    int id = 0;  // 0: a new one; else keeps this id (a restart re-resolves the client's breakpoints)
    uint32_t line = 0;
    std::string condition, hit_condition, log_message;
};
struct BreakpointResult {
    int id = 0;
    bool verified = false;
    uint32_t line = 0;  // where it landed (the next line with code)
    std::string message;
};

struct ThreadInfo {
    int id;
    std::string name;
};
struct FrameInfo {
    int id;  // thread * kFramesPerThread + index from the innermost
    std::string name;
    std::string path;
    uint32_t line = 0, column = 0;
    uint32_t page = 0, pc = 0;  // the instruction (disassemble)
};
struct ScopeInfo {
    std::string name;  // Locals, Captured, Globals
    int reference;
};
struct VariableInfo {
    std::string name, value, type;
    int reference = 0;  // > 0: expandable
    size_t indexed = 0, named = 0;
};
struct EvalResult {
    std::string value, type;
    int reference = 0;
    size_t indexed = 0, named = 0;
};
struct ExceptionInfo {
    std::string kind, message, trace;
};

// The debug console's text analysed where an evaluation in the frame would
// put it (so the frame's names are in scope): what completion works over.
struct ConsoleAnalysis {
    std::shared_ptr<analysis::Analysis> analysis;
    uint32_t text_offset = 0;  // where the console text starts in the analysed main file
    std::string hidden_name;   // the wrapper's own name, not to be offered
};

// Raised by requests that can not be answered (the front end turns it into an error response).
struct DebugError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

enum class EvalContext { Repl, Watch, Hover };
// Watch and hover evaluate only what can not change the program: names,
// literals, and calls of the pure operators, `if`, `and`, `or` (evaluate.cpp).
bool is_side_effect_free(const std::string& expression);
// Entry: stop at the first line (stopOnEntry, a task a step went into);
// AfterAwait: stop once the await returns (a step went out of the awaited task).
enum class StepKind { None, Over, In, Out, Entry, AfterAwait };

class Debugger final : public vm::DebugHook {
public:
    static constexpr int kFramesPerThread = 100000;

    // Compiles the program (throws DebugError with the diagnostics when it has errors).
    Debugger(const LaunchOptions& options, Events& events);
    ~Debugger() override;

    // ----- configuration (before or while running) -----
    std::vector<BreakpointResult> set_breakpoints(const std::string& path, const std::vector<SourceBreakpoint>& wanted);
    // ids: as SourceBreakpoint::id, one per name (or empty).
    std::vector<BreakpointResult> set_function_breakpoints(const std::vector<std::string>& names,
                                                           const std::vector<int>& ids = {});
    void set_exception_filters(bool raised, bool uncaught);

    // ----- running -----
    void start();  // the program starts running on its own thread (launch.cpp)
    bool finished() const;
    void wait_finished();  // joins the VM thread
    void continue_all(std::optional<int> only_thread);
    void step(int thread, StepKind kind, bool single_thread);
    void pause();
    void terminate();  // cancels the run; every thread stops at its next safe point

    // ----- inspection (threads must be stopped) -----
    std::vector<ThreadInfo> threads();
    std::vector<FrameInfo> stack_trace(int thread);
    std::vector<ScopeInfo> scopes(int frame_id);
    std::vector<VariableInfo> variables(int reference, size_t start = 0, size_t count = 0);
    EvalResult set_variable(int reference, const std::string& name, const std::string& value_expression);
    EvalResult evaluate(const std::string& expression, std::optional<int> frame_id, EvalContext context);
    ExceptionInfo exception_info(int thread);
    ConsoleAnalysis analyze_console_text(const std::string& text, std::optional<int> frame_id);
    const vm::Program& program() const { return *program_; }
    std::vector<std::string> sources() const;  // the program's files
    // The frame's code page, one instruction a line (as `ark disasm` prints it).
    std::vector<std::string> disassemble(uint32_t page) const;

    // ----- vm::DebugHook -----
    void context_started(vm::ExecutionContext& ctx, uint64_t spawn) override;
    void context_finished(vm::ExecutionContext& ctx) override;
    uint64_t task_spawned(vm::ExecutionContext& spawner, const std::string& callee) override;
    void before_instruction(vm::ExecutionContext& ctx) override;
    void breakpoint_form(vm::ExecutionContext& ctx) override;
    void error_raised(vm::ExecutionContext& ctx, const vm::ArkError& error) override;
    void blocking_begin(vm::ExecutionContext& ctx, const char* what, uint64_t awaited) override;
    void blocking_end(vm::ExecutionContext& ctx) override;

private:
    enum class State { Running, Paused, Blocked };
    struct Thread {
        vm::ExecutionContext* ctx = nullptr;
        int id = 0;
        std::string name;
        State state = State::Running;
        const char* blocked_on = "";
        uint64_t spawn = 0;     // its task_spawned() token (0: main)
        uint64_t awaiting = 0;  // Blocked in await: the awaited task's token
        bool resume = false;
        // Resumed by a singleThread continue or step while the others stay
        // stopped: the all-stop in force does not stop it again at once.
        bool alone = false;
        StepKind step = StepKind::None;
        size_t step_depth = 0;
        vm::SourcePos step_from;
        std::deque<std::function<void()>*> work;
        std::optional<ExceptionInfo> exception;
    };
    struct Spawn {
        std::string name;
        bool stop_at_entry = false;
    };
    struct Breakpoint {
        int id;
        bool function = false;
        std::string condition, hit_condition, log_message;
        uint64_t hits = 0;
    };
    // A variables reference: a scope of a frame, or a value to expand.
    struct Reference {
        int frame_id = 0;
        int scope = -1;  // 0 Locals, 1 Captured, 2 Globals; -1: `value`
        vm::Value value;
    };

    Thread& thread_of(vm::ExecutionContext& ctx) { return *static_cast<Thread*>(ctx.debug_data); }
    Thread& stopped_thread(std::unique_lock<std::mutex>& lock, int id);  // waits until it is Paused or Blocked
    // Stops `t` (its own thread, lock held) until resumed, running work items meanwhile.
    void pause_here(std::unique_lock<std::mutex>& lock, Thread& t, std::optional<StopReason> reason,
                    const std::string& text, std::vector<int> hit);
    bool step_done(const Thread& t) const;
    // A reported stop ends every step in progress, as in gdb's all-stop mode:
    // a thread that had not reached a safe point yet (or waits in an await)
    // would otherwise finish its step after the next resume, or not, by timing.
    void abandon_steps_in_progress();
    void resume_locked(Thread& t, bool keep_poll);
    // Runs `fn` on the paused thread `t` and waits for it.
    void run_on(std::unique_lock<std::mutex>& lock, Thread& t, const std::function<void()>& fn);
    // Breakpoints at the context's pc: whether to stop, and which.
    bool check_breakpoints(vm::ExecutionContext& ctx, std::vector<int>& hit, bool& function);
    void flag(uint64_t key, bool on);
    vm::SourcePos position(uint32_t page, uint32_t pc) const;
    int add_reference(Reference r);
    VariableInfo describe(const std::string& name, const vm::Value& value);
    // Scope 0 Locals, 1 Captured, 2 Globals of frame `index` (from the bottom):
    // each visible name (symbol id) and the slot where that frame reads it
    // (saved_slots.hpp). A captured name is its field name, the one written
    // after `&` (`n` for a package's `pkg:n`, LANGUAGE-4.8 §3.5).
    std::vector<std::pair<uint32_t, vm::Value*>> scope_slots(vm::ExecutionContext& ctx, size_t index, int scope);
    // The evaluation of `expression` in frame `index` (from the bottom) of the
    // paused context, on its own thread (evaluate.cpp).
    vm::Value evaluate_in_frame(vm::ExecutionContext& ctx, size_t index, const std::string& expression);
    std::string log_text(vm::ExecutionContext& ctx, const std::string& message);
    // The first failure of breakpoint `id`'s condition (at `key`): a `breakpoint_changed` with why.
    void report_failed_condition(int id, uint64_t key, const std::string& message);
    // The names frame `index` binds now (parameters, lets run so far, captures): evaluate.cpp.
    std::vector<uint32_t> visible_names(vm::ExecutionContext& ctx, size_t index) const;
    // "(let NAME (fun ((mut a)...) (list " : what an evaluation's text follows.
    std::string wrapper_head(const std::vector<uint32_t>& names) const;

    Events& events_;
    LaunchOptions options_;
    std::string source_text_;
    std::shared_ptr<const vm::Program> program_;
    std::vector<uint32_t> globals_;  // symbols the top level defines
    // Compiled evaluations, by wrapper text (evaluate.cpp).
    struct CompiledEval;
    std::map<std::string, std::shared_ptr<CompiledEval>> eval_cache_;
    std::mutex eval_mutex_;

    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::map<int, Thread*> threads_;
    int next_thread_ = 1;
    uint64_t next_spawn_ = 1;
    std::map<uint64_t, Spawn> spawns_;
    // Tasks that ended in the middle of a step: whoever awaits them stops after the await.
    std::set<uint64_t> stepped_out_of_;
    std::map<uint64_t, std::vector<Breakpoint>> breakpoints_;  // (page << 32 | pc) -> breakpoints there
    std::map<std::string, std::vector<uint64_t>> file_breakpoints_;  // path -> keys it set
    std::vector<uint64_t> function_keys_;
    int next_breakpoint_ = 1;
    std::set<int> failed_conditions_;  // breakpoints whose failed condition was reported
    bool break_raised_ = false, break_uncaught_ = false;
    bool stopping_all_ = false;   // a thread stopped: the others stop at their next safe point
    bool pause_requested_ = false;
    bool terminating_ = false;
    std::vector<Reference> references_;  // index + 1 = reference; cleared on resume

    // The run (launch.cpp).
    void run();
    std::thread vm_thread_;
    bool finished_ = false;
    vm::Runtime* runtime_ = nullptr;
};

}  // namespace ark::debugger
