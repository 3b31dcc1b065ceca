// What every ExecutionContext of one program run shares: the immutable
// program, where output goes, the script's arguments, limits, and the task pool
// that runs futures. Contexts hold a reference; the Runtime outlives them all.
#pragma once
#include <atomic>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "program.hpp"

namespace ark::vm {

// Where print/puts write. Each write() is one whole print call, so concurrent
// tasks never interleave inside a line.
class OutputSink {
public:
    virtual ~OutputSink() = default;
    virtual void write(std::string_view text) = 0;
};

class StdoutSink final : public OutputSink {
public:
    void write(std::string_view text) override {
        std::lock_guard lock(mutex_);
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fflush(stdout);
    }

private:
    std::mutex mutex_;
};

class TaskPool;

struct RunLimits {
    uint32_t max_call_depth = 10000;
    // 0 = unlimited. Checked on calls and backward jumps through a local counter.
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
    std::atomic<bool> cancelled{false};  // set from another thread to stop every context
    TaskPool* pool = nullptr;
};

// The Runtime whose user code this thread is running, or null: set by the
// language server's run threads and by task-pool workers, so process-level
// guards (the lens runs' memory cap, lsp/runner/memory_guard.cpp) can tell
// user code from the host's own work.
inline thread_local Runtime* current_runtime = nullptr;

}  // namespace ark::vm
