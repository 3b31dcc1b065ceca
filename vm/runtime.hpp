// What every ExecutionContext of one program run shares: the immutable
// program, where output goes, the script's arguments, limits, and the task pool
// that runs futures. Contexts hold a reference; the Runtime outlives them all.
#pragma once
#include <atomic>
#include <cstdio>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "allocation_budget.hpp"
#include "program.hpp"

namespace ark::vm {

// Where print/puts write. Each write() is one whole print call, so concurrent
// tasks never interleave inside a line.
class OutputSink {
public:
    virtual ~OutputSink() = default;
    virtual void write(std::string_view text) = 0;
    // One write of the parts in order. A sink with a size cap overrides it so
    // that a note made of pieces (one of them a huge message) is never built whole.
    virtual void write_parts(std::initializer_list<std::string_view> parts) {
        std::string whole;
        for (std::string_view part : parts) whole += part;
        write(whole);
    }
};

// Writes to a C stream (stdout or stderr), flushed at every write.
class FileSink final : public OutputSink {
public:
    explicit FileSink(std::FILE* stream) : stream_(stream) {}
    void write(std::string_view text) override {
        std::lock_guard lock(mutex_);
        std::fwrite(text.data(), 1, text.size(), stream_);
        std::fflush(stream_);
    }

private:
    std::FILE* stream_;
    std::mutex mutex_;
};

class TaskPool;
class DebugHook;

struct RunLimits {
    uint32_t max_call_depth = 10000;
    // 0 = unlimited. One budget for the whole run: every context of the run
    // (the program and all its tasks) draws on it (ExecutionContext::check_limits).
    uint64_t instruction_budget = 0;
};

struct Runtime {
    std::shared_ptr<const Program> program;
    OutputSink* out = nullptr;
    std::vector<std::string> args;  // sys:args
    bool allow_input = true;        // false in editor lens runs: (input) fails cleanly
    // False in editor lens runs of an untrusted workspace: io:* and sys:exec
    // raise an IOError instead of touching files or starting processes.
    bool allow_system = true;
    RunLimits limits;
    std::atomic<uint64_t> ticks_used{0};  // instruction budget spent by all contexts (only when limited)
    AllocationBudget budget;  // MachineOptions::max_memory_bytes, charged by the run's heap objects
    std::atomic<bool> cancelled{false};  // set from another thread to stop every context
    // Set (for good) by the first `async`, before the task exists: until
    // then one thread runs this run's code, and a closure call copies its
    // environment in and out without taking the environment's lock (two
    // atomic exchanges a call; see env_lock_for()).
    std::atomic<bool> tasks_started{false};
    TaskPool* pool = nullptr;
    // Set by a debugger (debugger/) before the run starts: every context of the
    // run then runs the debug instantiation of the dispatch loop (debug_hook.hpp).
    DebugHook* debugger = nullptr;
};

}  // namespace ark::vm
