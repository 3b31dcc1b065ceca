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
    bool native_boundary = false;     // a builtin called into the VM here: return to it
};

class ExecutionContext {
public:
    explicit ExecutionContext(Runtime& runtime);
    // A context for an async task: starts from a copy of `parent`'s variables.
    ExecutionContext(Runtime& runtime, const ExecutionContext& parent);

    Runtime& runtime() const { return runtime_; }
    const Program& program() const { return *runtime_.program; }
    OutputSink& out() const { return *runtime_.out; }

    // Runs page 0 (the top level) to completion. Throws ArkError (with its
    // traceback filled in) or ExitRequest.
    void run_program();
    // Calls any callable value (function, closure, builtin, lock) with the
    // given arguments and returns its result; usable from builtins
    // (re-entrant). Throws ArkError.
    Value call(const Value& callee, std::span<Value> args);

    // The traceback of the current call stack, innermost first (used when a
    // builtin needs "awaited at" lines).
    std::vector<TraceFrame> traceback() const;

    std::vector<Value>& cells() { return cells_; }
    const std::vector<Value>& cells() const { return cells_; }

private:
    friend class Interpreter;
    Value execute(size_t stop_depth);  // the dispatch loop (interpreter.cpp)

    Runtime& runtime_;
    std::vector<Value> cells_;  // symbol id -> current value (Unbound if none)
    std::vector<Value> stack_;
    uint32_t sp_ = 0;
    std::vector<Frame> frames_;
    std::vector<Value> saved_;  // saved cells of active calls
    uint32_t pc_ = 0;
};

}  // namespace ark::vm
