// ExecutionContext: all mutable state of one thread of an ArkScript program —
// the value stack, call frames, and one variable cell per symbol (shallow
// binding, DESIGN.md). Never shared between threads: async gives each task a
// fresh context built from a copy of the spawner's cells.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "errors.hpp"
#include "runtime.hpp"
#include "value.hpp"

namespace ark::vm {

// One active call. Its stack region (Lua-style frame slots):
//   stack[result_slot]            the callee value (CALL) — it keeps a closure's
//                                 environment alive — and the result after return
//   stack[base + i]               the caller's value of the cell page.bound[i]
//                                 (shallow binding: restored on return)
//   stack[base + bound + j]       method calls: the caller's value of the j-th
//                                 field of the environment
//   above                         the call's temporaries
// Saving cells in the frame's own slots means a call allocates nothing and
// its arguments become saved values in place (a swap with the cells).
struct Frame {
    uint32_t page;
    uint32_t return_pc;      // caller's pc after the CALL (also the call site for tracebacks)
    uint32_t result_slot;    // stack slot that receives the result
    uint32_t base;           // first saved-cell slot (where the arguments were)
    uint32_t callee_name;    // symbol id of the name the callee was read from, or UINT32_MAX
    uint32_t env_saved = 0;  // method calls: environment fields saved after the bound cells
    std::shared_ptr<ClosureEnv> env;  // closure/method environment to write back on return
    bool native_boundary = false;     // a builtin called into the VM here: return to it
};

class ExecutionContext {
public:
    explicit ExecutionContext(Runtime& runtime);
    // A context for an async task: starts from a snapshot of the spawner's variables.
    ExecutionContext(Runtime& runtime, std::vector<Value> cells);

    Runtime& runtime() const { return runtime_; }
    const Program& program() const { return *runtime_.program; }
    OutputSink& out() const { return *runtime_.out; }

    // Runs page 0 (the top level) to completion. Throws ArkError (with its
    // traceback filled in) or ExitRequest.
    void run_program(uint32_t start_pc = 0);
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

private:
    // The dispatch loop (interpreter.cpp): runs until the frame count drops
    // to `stop_depth`, then returns the value the last frame returned.
    Value execute(size_t stop_depth);
    // Pushes a frame for a call of `callee` whose arguments are the top
    // `n_args` stack values (the callee value sits just below them, or the
    // method's closure for method calls). Builtins run immediately; returns
    // true if a new frame was entered.
    bool enter_call(const Value& callee, uint32_t n_args, uint32_t result_slot, uint32_t callee_name,
                    const std::shared_ptr<ClosureEnv>& method_env);
    // The common case of enter_call, inlined into the CALL instruction: a
    // plain function (no closure environment) called with the right number
    // of arguments below the depth limit. Returns false (doing nothing) for
    // anything else, which takes the general path.
    inline bool enter_plain_function(const Value& callee, uint32_t n_args, uint32_t result_slot, uint32_t callee_name);
    // Pushes the frame; the caller checked arity and depth and made room for
    // page.max_stack slots above the arguments.
    inline Frame& push_frame(uint32_t page_index, uint32_t result_slot, uint32_t base, uint32_t callee_name);
    // Saves the cells the call binds into the frame's slots and binds the
    // arguments (which sit in those very slots): parameters swap with their
    // cells, captures are moved out (the environment overwrites them), and
    // let/mut names keep their caller's value until the let runs (dynamic
    // scoping), so they are copied.
    inline void save_and_bind(const CodePage& page, uint32_t base);
    // Restores the saved cells (and writes back environments; that part,
    // for closure and method calls, is out of line) and pops the frame.
    // The frame's slots are left empty; the stack pointer is the caller's job.
    inline void leave_frame();
    void leave_environment(const Frame& frame, const CodePage& page);
    [[noreturn]] void raise_not_callable(const Value& callee, uint32_t callee_name);
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
    uint64_t executed_ = 0;    // budget ticks consumed (coarse: see check_limits)
};

// ----- the call fast path (used by interpreter.cpp and context.cpp) -----

inline Frame& ExecutionContext::push_frame(uint32_t page_index, uint32_t result_slot, uint32_t base,
                                          uint32_t callee_name) {
    Frame& frame = frames_.emplace_back();
    frame.page = page_index;
    frame.return_pc = pc_;
    frame.result_slot = result_slot;
    frame.base = base;
    frame.callee_name = callee_name;
    return frame;
}

inline void ExecutionContext::save_and_bind(const CodePage& page, uint32_t base) {
    Value* slots = stack_.data() + base;
    Value* cells = cells_.data();
    const uint32_t* bound = page.bound.data();
    const size_t n_params = page.n_params;
    const size_t n_overwritten = n_params + page.captures.size();
    const size_t n_bound = page.bound.size();
    // bound = params, then captures, then let/mut names (compile.cpp).
    for (size_t i = 0; i < n_params; ++i) slots[i].swap(cells[bound[i]]);
    for (size_t i = n_params; i < n_overwritten; ++i) slots[i] = std::move(cells[bound[i]]);
    for (size_t i = n_overwritten; i < n_bound; ++i) slots[i] = cells[bound[i]];
}

inline bool ExecutionContext::enter_plain_function(const Value& callee, uint32_t n_args, uint32_t result_slot,
                                                   uint32_t callee_name) {
    if (!callee.is(Tag::Function)) return false;
    const uint32_t page_index = callee.as_id();
    const CodePage& page = program().pages[page_index];
    if (n_args != page.n_params || frames_.size() >= runtime_.limits.max_call_depth) [[unlikely]]
        return false;
    const uint32_t base = sp_ - n_args;
    ensure_stack(page.max_stack);  // may move the stack: `callee` is not used below
    push_frame(page_index, result_slot, base, callee_name);
    save_and_bind(page, base);
    sp_ = base + static_cast<uint32_t>(page.bound.size());
    pc_ = 0;
    return true;
}

inline void ExecutionContext::leave_frame() {
    Frame& frame = frames_.back();
    const CodePage& page = program().pages[frame.page];
    if (frame.env) [[unlikely]]
        leave_environment(frame, page);
    Value* slots = stack_.data() + frame.base;
    Value* cells = cells_.data();
    const uint32_t* bound = page.bound.data();
    for (size_t i = page.bound.size(); i-- > 0;) cells[bound[i]] = std::move(slots[i]);
    pc_ = frame.return_pc;
    frames_.pop_back();
}

}  // namespace ark::vm
