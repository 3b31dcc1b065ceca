// The VM's side of a debugger (debugger/ implements it): the points where a
// program run under a debugger hands control to it, and nothing else.
//
// No cost when not debugging: ExecutionContext::execute() picks one of two
// instantiations of the dispatch loop once per entry (interpreter.cpp). The
// plain one is the loop `ark run` always had, untouched; only the debug one
// checks, before every instruction, a per-pc breakpoint flag and the context's
// poll flag (two relaxed loads). A per-instruction check (rather than one at
// calls and jumps only) is what lets a step stop on the next line and a pause
// stop a loop with no call in it; it costs the debug loop alone.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "errors.hpp"
#include "program.hpp"

namespace ark::vm {

class ExecutionContext;

class DebugHook {
public:
    DebugHook() = default;
    virtual ~DebugHook() = default;
    DebugHook(const DebugHook&) = delete;
    DebugHook& operator=(const DebugHook&) = delete;

    // One flag per instruction of each page: nonzero makes the debug loop call
    // before_instruction() there (a line breakpoint, a function breakpoint).
    std::atomic<uint8_t>* pc_flags(uint32_t page) { return pc_flags_[page].get(); }

    // A context of the run begins and ends (on its own thread). `spawn` is 0
    // for the main context, else what task_spawned() returned for its future.
    virtual void context_started(ExecutionContext& ctx, uint64_t spawn) = 0;
    virtual void context_finished(ExecutionContext& ctx) = 0;
    // (async f ...) ran in `spawner`: returns a token handed to context_started
    // of the task's context (its name, where it was spawned).
    virtual uint64_t task_spawned(ExecutionContext& spawner, const std::string& callee) = 0;
    // Before the instruction at ctx's current pc (pc_ - 1), at a safe point:
    // the frames, the stack below pc and the cells are consistent. May block
    // (a pause) and may run code in ctx (evaluate).
    virtual void before_instruction(ExecutionContext& ctx) = 0;
    // (breakpoint) or (breakpoint cond) with a true condition.
    virtual void breakpoint_form(ExecutionContext& ctx) = 0;
    // An error raised in ctx, at the catch point of the innermost execute(),
    // before any frame is left (the frames show where it happened).
    virtual void error_raised(ExecutionContext& ctx, const ArkError& error) = 0;
    // ctx blocks outside the VM (await, a lock): it is at a safe point until
    // blocking_end(). `awaited`: the task_spawned() token of the awaited task
    // (0 for a lock, or a task spawned before the debugger attached).
    virtual void blocking_begin(ExecutionContext& ctx, const char* what, uint64_t awaited) = 0;
    virtual void blocking_end(ExecutionContext& ctx) = 0;

protected:
    // Before the run starts: one cleared flag per instruction of `program`.
    void make_flags(const Program& program) {
        for (const CodePage& page : program.pages) {
            auto flags = std::make_unique<std::atomic<uint8_t>[]>(page.code.size() + 1);
            for (size_t i = 0; i <= page.code.size(); ++i) flags[i].store(0, std::memory_order_relaxed);
            pc_flags_.push_back(std::move(flags));
        }
    }

private:
    std::vector<std::unique_ptr<std::atomic<uint8_t>[]>> pc_flags_;
};

// While alive, ctx is blocked outside the VM (await, a lock) and shows so in a debugger.
class DebugBlockingScope {
public:
    DebugBlockingScope(DebugHook* hook, ExecutionContext& ctx, const char* what, uint64_t awaited = 0)
        : hook_(hook), ctx_(ctx) {
        if (hook_) hook_->blocking_begin(ctx_, what, awaited);
    }
    ~DebugBlockingScope() {
        if (hook_) hook_->blocking_end(ctx_);
    }
    DebugBlockingScope(const DebugBlockingScope&) = delete;
    DebugBlockingScope& operator=(const DebugBlockingScope&) = delete;

private:
    DebugHook* hook_;
    ExecutionContext& ctx_;
};

}  // namespace ark::vm
