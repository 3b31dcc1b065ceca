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

struct Frame {
    uint32_t page;
    uint32_t return_pc;      // pc in the caller's page
    uint32_t stack_base;     // first stack slot of this call's temporaries
    uint32_t saved_base;     // first entry of this call's saved cells
    uint32_t callee_name;    // symbol id of the name the callee was read from, or UINT32_MAX
    uint32_t call_site_pc;   // caller's pc of the CALL, for tracebacks
    std::shared_ptr<ClosureEnv> env;  // closure/method environment to write back on return
    uint32_t env_saved = 0;           // method calls: cells saved for the environment's fields
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
    // Pushes the frame and saves the cells the call binds; the caller checked
    // arity and depth. bind_arguments then moves the top n_args stack values
    // into the parameters' cells (after any environment, so parameters win).
    inline void push_frame(const CodePage& page, uint32_t page_index, uint32_t result_slot, uint32_t callee_name);
    inline void bind_arguments(const CodePage& page, uint32_t n_args);
    // Restores saved cells and writes back environments; the environment
    // part (closure and method calls) is out of line.
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
    std::vector<Value> saved_;  // saved cells of active calls
    uint32_t pc_ = 0;          // pc of the current frame, saved before calls that may raise
    uint64_t executed_ = 0;    // budget ticks consumed (coarse: see check_limits)
};

// ----- the call fast path (used by interpreter.cpp and context.cpp) -----

inline void ExecutionContext::push_frame(const CodePage& page, uint32_t page_index, uint32_t result_slot,
                                         uint32_t callee_name) {
    Frame& frame = frames_.emplace_back();
    frame.page = page_index;
    frame.return_pc = pc_;
    frame.stack_base = result_slot;
    frame.saved_base = static_cast<uint32_t>(saved_.size());
    frame.callee_name = callee_name;
    frame.call_site_pc = pc_;
    // Save the cells this call binds. Parameters and captures are overwritten
    // right away, so their old values can be moved out; let/mut names keep
    // their caller's value until the let runs (dynamic scoping).
    const size_t n_overwritten = page.params.size() + page.captures.size();
    const uint32_t* bound = page.bound.data();
    for (size_t i = 0; i < page.bound.size(); ++i) {
        Value& cell = cells_[bound[i]];
        if (i < n_overwritten) saved_.push_back(std::move(cell));
        else saved_.push_back(cell);
    }
}

inline void ExecutionContext::bind_arguments(const CodePage& page, uint32_t n_args) {
    const uint32_t args_base = sp_ - n_args;
    for (uint32_t i = 0; i < n_args; ++i) cells_[page.params[i]] = std::move(stack_[args_base + i]);
}

inline bool ExecutionContext::enter_plain_function(const Value& callee, uint32_t n_args, uint32_t result_slot,
                                                   uint32_t callee_name) {
    if (!callee.is(Tag::Function)) return false;
    const uint32_t page_index = callee.as_id();
    const CodePage& page = program().pages[page_index];
    if (n_args != page.n_params || frames_.size() >= runtime_.limits.max_call_depth) [[unlikely]]
        return false;
    push_frame(page, page_index, result_slot, callee_name);
    bind_arguments(page, n_args);
    // The callee slot held a Function and the arguments were moved out: no
    // slot between result_slot and sp_ owns anything, so nothing to clear.
    sp_ = result_slot;
    ensure_stack(page.max_stack);
    pc_ = 0;
    return true;
}

inline void ExecutionContext::leave_frame() {
    Frame& frame = frames_.back();
    const CodePage& page = program().pages[frame.page];
    if (frame.env) [[unlikely]]
        leave_environment(frame, page);
    const size_t base = frame.saved_base;
    const uint32_t* bound = page.bound.data();
    for (size_t i = page.bound.size(); i-- > 0;) cells_[bound[i]] = std::move(saved_[base + i]);
    saved_.resize(base);
    pc_ = frame.return_pc;
    frames_.pop_back();
}

}  // namespace ark::vm
