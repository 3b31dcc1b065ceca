// Futures and the task pool behind (async f args...) / (await fut).
//
// A Future is a UserType shared by every thread that holds it. Its task is the
// callee, the arguments and a snapshot of the spawner's variables (LANGUAGE.md
// §7); it runs in a fresh ExecutionContext on a pool thread.
//
// Deadlock freedom: pool threads are bounded, and a task may await another
// task that is still queued behind it. So `await` on a task that has not
// started yet claims it and runs it inline on the awaiting thread; a thread
// only ever blocks on a task that is already running somewhere, and the chain
// of such waits always ends at a thread that is making progress — unless the
// chain closes on itself (a task awaiting its own future, directly or through
// other tasks): every await records whom its task waits for, and an await
// that would close a cycle raises an error instead of blocking forever.
// Every wait also gives up when the run is cancelled (Runtime::cancelled).
#pragma once
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <span>

#include "errors.hpp"
#include "program.hpp"
#include "runtime.hpp"
#include "value.hpp"

namespace ark::vm {

class ExecutionContext;

// (async f args...): args[0] is f. `callee_name` is the symbol f was read
// from (for error messages), or kNoSymbol.
Value spawn_future(ExecutionContext& ctx, std::span<Value> args, uint32_t callee_name);

class FutureObject final : public UserTypeObject {
public:
    FutureObject(Value callee, std::vector<Value> args, std::vector<Value> cells, uint32_t callee_name)
        : callee_(std::move(callee)), args_(std::move(args)), cells_(std::move(cells)), callee_name_(callee_name) {}
    const char* type_name() const override { return "Future"; }

    // Runs the task if nobody has started it yet (returns false otherwise).
    bool try_run(Runtime& runtime);
    // The result on the first call (re-raising the task's error), nil afterwards.
    Value await(Runtime& runtime, ExecutionContext& awaiting);
    // Under a debugger: the token DebugHook::task_spawned gave this task.
    const Value& callee() const { return callee_; }
    // "pending", "running" or "done" (a debugger shows it).
    const char* state_name() {
        std::lock_guard lock(mutex_);
        return state_ == State::Pending ? "pending" : state_ == State::Running ? "running" : "done";
    }
    void set_debug_spawn(uint64_t token) { debug_spawn_ = token; }
    // For the end-of-program report: the error of a task nobody awaited.
    std::optional<ArkError> unawaited_error();

private:
    enum class State { Pending, Running, Done };
    std::mutex mutex_;
    std::condition_variable done_;
    State state_ = State::Pending;
    bool consumed_ = false;
    Value callee_;
    std::vector<Value> args_;
    std::vector<Value> cells_;
    uint32_t callee_name_;
    uint64_t debug_spawn_ = 0;
    Value result_;
    std::optional<ArkError> error_;
    std::optional<ExitRequest> exit_;
    // The future this task's thread waits for (or runs inline) while this
    // task is running; guarded by the process-wide wait-graph mutex (future.cpp).
    FutureObject* waits_for_ = nullptr;
    friend class WaitEdge;
};

// Runs futures on a bounded set of threads. One pool per program run.
class TaskPool {
public:
    explicit TaskPool(Runtime& runtime, unsigned threads);
    ~TaskPool();
    void submit(Value future);
    // Waits until every submitted task has finished (program end).
    void wait_all();
    // Errors of failed futures that nobody awaited, for the exit report.
    std::vector<ArkError> unawaited_errors();
    static unsigned default_threads();

private:
    void worker();
    Runtime& runtime_;
    unsigned max_threads_;
    std::mutex mutex_;
    std::condition_variable work_;
    std::condition_variable idle_;
    std::deque<Value> queue_;
    std::vector<Value> all_;  // every future, for wait_all and the report
    std::vector<std::thread> threads_;
    unsigned busy_ = 0;
    bool stopping_ = false;
};

}  // namespace ark::vm
