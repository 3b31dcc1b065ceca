// ExecutionContext: all mutable state of one thread of an ArkScript program —
// the value stack, call frames, and one variable cell per symbol (shallow
// binding, DESIGN.md). Never shared between threads: async gives each task a
// fresh context built from a copy of the spawner's cells (those the task can
// reach, the others Unbound: vm/async/task_reads.hpp).
#pragma once
#include <atomic>
#include <cstdint>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "errors.hpp"
#include "runtime.hpp"
#include "value.hpp"

namespace ark::vm {

// One active call. Its stack region (Lua-style frame slots):
//   stack[base - 1]           the callee value — for a closure or a method
//                             call, the closure that keeps `env` alive — and
//                             the call's result once it returns
//   stack[base + i]           the caller's value of the cell page.bound[i]
//                             (shallow binding: restored on return)
//   stack[base + bound + j]   method calls: the caller's value of the j-th
//                             field of the environment
//   above                     the call's temporaries
// Saving cells in the frame's own slots means a call allocates nothing and
// its arguments become saved values in place (a swap with the cells).
enum class FrameExit : uint32_t {
    ToCaller,   // an ordinary call: RET continues in the calling frame
    TopLevel,   // page 0 run by run_program: RET ends the program
    ToHost,     // entered by call() from a builtin or a task: RET returns to it
};

struct Frame {
    uint32_t page;
    uint32_t return_pc;    // caller's pc after the CALL (also the call site for tracebacks)
    uint32_t base;         // first saved-cell slot (where the arguments were)
    uint32_t callee_name;  // symbol id of the name the callee was read from, or UINT32_MAX
    uint32_t env_saved;    // method calls: environment fields saved after the bound cells
    FrameExit exit;
    ClosureEnv* env;       // closure/method environment to write back on return
};
// Trivially copyable and small: pushing a frame is a handful of stores.
static_assert(sizeof(Frame) == 32 && std::is_trivially_copyable_v<Frame>);

class ExecutionContext {
public:
    explicit ExecutionContext(Runtime& runtime);
    // A context for an async task: starts from a snapshot of the spawner's variables.
    ExecutionContext(Runtime& runtime, std::vector<Value> cells);
    ~ExecutionContext();
    ExecutionContext(const ExecutionContext&) = delete;
    ExecutionContext& operator=(const ExecutionContext&) = delete;

    Runtime& runtime() const { return runtime_; }
    const Program& program() const { return *runtime_.program; }
    OutputSink& out() const { return *runtime_.out; }

    // Runs page 0 (the top level) to completion and returns what it returns
    // (nil, or the last form's value when codegen kept it). Throws ArkError
    // (with its traceback filled in) or ExitRequest. Hosts call it through
    // vm::Machine (host.hpp).
    Value run_program(uint32_t start_pc = 0);
    // The REPL recompiles its history plus the new input; the new program
    // extends the old one (same symbol ids and pages for the shared prefix),
    // so the context keeps its variables and only gains new cells.
    void extend_to_program();
    // Calls any callable value (function, closure, builtin, lock) with the
    // given arguments and returns its result; usable from builtins
    // (re-entrant). Throws ArkError.
    Value call(const Value& callee, std::span<Value> args, uint32_t callee_name = kNoSymbol);

    // The traceback of the current call stack, innermost first (used when a
    // builtin needs "awaited at" lines).
    std::vector<TraceFrame> traceback() const;

    std::vector<Value>& cells() { return cells_; }
    const std::vector<Value>& cells() const { return cells_; }

    // Where the current instruction came from (for builtins raising errors).
    SourcePos current_position() const;

    // ----- for a debugger (debug_hook.hpp, debugger/): read and written only
    // while this context is stopped in its DebugHook or blocked in a
    // DebugBlockingScope, which order those accesses with its own thread's -----
    // Announces this context to the run's debugger (if any): the task pool
    // does it for tasks, the debugger's launcher for the main context.
    void attach_debugger(uint64_t spawn);
    const std::vector<Frame>& frames() const { return frames_; }
    std::vector<Value>& stack() { return stack_; }
    uint32_t current_pc() const { return pc_; }
    // Nonzero: the debug loop calls the hook before every instruction (a
    // step, a pause). Set from any thread.
    std::atomic<uint8_t>& debug_poll() { return debug_poll_; }
    // The debugger's own per-context record.
    void* debug_data = nullptr;

private:
    // The dispatch loop (interpreter.cpp): runs the current frame until a
    // frame whose exit is TopLevel or ToHost returns, and returns its value.
    Value execute();
    // The loop itself; Debug = true is the debugger's instantiation (debug_hook.hpp).
    template <bool Debug>
    Value execute_loop();
    // Pushes a frame for a call of `callee` whose arguments are the top
    // `n_args` stack values; the slot below them holds the callee, or the
    // closure a method was read from. Builtins run immediately (their result
    // replaces that slot); returns true if a new frame was entered. The CALL
    // instruction has an inline fast path for plain functions (interpreter.cpp).
    bool enter_call(const Value& callee, uint32_t n_args, uint32_t callee_name, ClosureEnv* method_env);
    // Pushes the frame; the caller checked arity and depth and made room for
    // page.max_stack slots from `base`. `return_pc` is the caller's pc after
    // the call (the interpreter's register, or pc_ from outside it).
    Frame& push_frame(uint32_t page_index, uint32_t return_pc, uint32_t base, uint32_t callee_name) {
        return frames_.emplace_back(Frame{page_index, return_pc, base, callee_name, 0, FrameExit::ToCaller, nullptr});
    }
    // Saves the cells the call binds into the frame's slots and binds the
    // arguments (which sit in those very slots): parameters swap with their
    // cells, captures are moved out (the environment overwrites them), and
    // let/mut names keep their caller's value until the let runs (dynamic
    // scoping), so they are copied.
    static inline void save_and_bind(const CodePage& page, Value* slots, Value* cells);
    // The same for a closure call, whose captures' cells take the values of
    // `env` in the same pass. The caller holds env_lock_for(env).
    static inline void save_and_bind_closure(const CodePage& page, Value* slots, Value* cells, const ClosureEnv& env);
    // Restores the saved cells (and writes back environments; that part,
    // for closure and method calls, is out of line) and pops the frame.
    // The frame's slots are left empty; the stack pointer is the caller's job.
    inline void leave_frame(const CodePage& page);
    void leave_environment(const Frame& frame, const CodePage& page);
    // set on a captured name changes the closure's own copy (§4.3): on
    // return, the environment takes the values of its names' cells. They are
    // moved: every caller restores those cells right after (the frame's
    // saved cells, or a method call's saved fields), so no count changes.
    void write_back_environment(ClosureEnv& env, Value* cells) { write_back_environment(env, cells, env_lock_for(env)); }
    // The same under `lock` (the interpreter knows whether one is needed).
    static void write_back_environment(ClosureEnv& env, Value* cells, EnvLock* lock) {
        MaybeEnvLock held(lock);
        for (ClosureField& field : env.fields) field.value = std::move(cells[field.symbol]);
    }
    // The lock a closure call's copies in and out of `env` take: none while
    // no task has started, since only this thread can reach the environment
    // then (Runtime::tasks_started). Other readers (printing, comparing,
    // field access) always lock: they are not on the call path.
    EnvLock* env_lock_for(ClosureEnv& env) const {
        return runtime_.tasks_started.load(std::memory_order_relaxed) ? &env.mutex : nullptr;
    }
    // After an error: leaves the frames this execute() ran, down to and
    // including its entry frame (TopLevel or ToHost), restoring their saved
    // cells and writing back environments as returns would, so the cells
    // hold what they held before (the REPL goes on with the same context).
    void unwind_after_error();
    [[noreturn]] void raise_not_callable(const Value& callee, uint32_t callee_name);
    // The one "maximum call depth" error, whichever bound (frames or C++
    // stack) was reached.
    [[noreturn]] void raise_too_deep(uint32_t page_index, uint32_t callee_name) const;
    // How many more frames this context may push: the call depth bound holds
    // per OS thread, across the contexts an inline await nests (call_depth.hpp).
    size_t frames_allowed() const {
        const size_t limit = runtime_.limits.max_call_depth;
        return limit > outer_frames_ ? limit - outer_frames_ : 0;
    }
    void check_limits();
    void ensure_stack(uint32_t needed) {
        if (sp_ + needed > stack_.size()) [[unlikely]]
            grow_stack(needed);
    }
    void grow_stack(uint32_t needed);
    void fill_traceback(ArkError& error) const;
    std::string frame_name(const Frame& frame) const;

    Runtime& runtime_;
    std::vector<Value> cells_;  // symbol id -> current value (Unbound if none)
    std::vector<Value> stack_;
    uint32_t sp_ = 0;
    std::vector<Frame> frames_;
    uint32_t pc_ = 0;          // pc of the current frame, saved before calls that may raise
    // Frames of the other contexts running below this one on the same OS
    // thread (an await that runs a task inline, inside a task run inline...).
    size_t outer_frames_ = 0;
    DebugHook* debugger_ = nullptr;  // set by attach_debugger: runs execute_loop<true>
    std::atomic<uint8_t> debug_poll_{0};
    friend class ActiveContextScope;
};

// ----- the call path shared by interpreter.cpp and context.cpp -----

inline void ExecutionContext::save_and_bind(const CodePage& page, Value* slots, Value* cells) {
    const uint32_t* bound = page.bound.data();
    const uint32_t n_params = page.n_params;
    const uint32_t n_overwritten = n_params + page.n_captures;
    const uint32_t n_bound = page.n_bound;
    // bound = params, then captures, then let/mut names (compile.cpp).
    for (uint32_t i = 0; i < n_params; ++i) slots[i].swap(cells[bound[i]]);
    for (uint32_t i = n_params; i < n_overwritten; ++i) slots[i] = std::move(cells[bound[i]]);
    for (uint32_t i = n_overwritten; i < n_bound; ++i) slots[i] = cells[bound[i]];
}

// A closure's environment holds its page's captures in capture order (CLOSURE
// builds it from `captures`), so field j binds bound[n_params + j]; codegen
// refuses a capture that is also a parameter (E0009), so none shadows another.
inline void ExecutionContext::save_and_bind_closure(const CodePage& page, Value* slots, Value* cells,
                                                    const ClosureEnv& env) {
    const uint32_t* bound = page.bound.data();
    const uint32_t n_params = page.n_params;
    const uint32_t n_captures = page.n_captures;
    const uint32_t n_bound = page.n_bound;
    for (uint32_t i = 0; i < n_params; ++i) slots[i].swap(cells[bound[i]]);
    const ClosureField* field = env.fields.data();
    Value* saved = slots + n_params;
    for (uint32_t j = 0; j < n_captures; ++j) {
        Value& cell = cells[field[j].symbol];
        saved[j] = std::move(cell);
        cell = field[j].value;
    }
    for (uint32_t i = n_params + n_captures; i < n_bound; ++i) slots[i] = cells[bound[i]];
}

inline void ExecutionContext::leave_frame(const CodePage& page) {
    const Frame& frame = frames_.back();
    if (frame.env) [[unlikely]] {
        if (frame.env_saved == 0) write_back_environment(*frame.env, cells_.data());
        else leave_environment(frame, page);
    }
    Value* slots = stack_.data() + frame.base;
    Value* cells = cells_.data();
    const uint32_t* bound = page.bound.data();
    for (uint32_t i = page.n_bound; i-- > 0;) cells[bound[i]] = std::move(slots[i]);
    pc_ = frame.return_pc;
    frames_.pop_back();
}

}  // namespace ark::vm
