// Futures and the task pool behind (async f args...) / (await fut).
//
// A Future is a UserType shared by every thread that holds it. Its task is the
// callee, the arguments and a snapshot of the spawner's variables (LANGUAGE.md
// §7): of those the task can reach (task_reads.hpp); it runs in a fresh
// ExecutionContext on a pool thread, or inline in the thread that awaits it.
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
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <span>

#include "async/task_reads.hpp"
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
    // The task's variables: every cell (`cells`), or, when `sparse` is set,
    // only the cells it can read (task_reads.hpp) out of `n_cells`.
    FutureObject(Value callee, std::vector<Value> args, std::vector<Value> cells, std::optional<SparseCells> sparse,
                 size_t n_cells, uint32_t callee_name)
        : callee_(std::move(callee)), args_(std::move(args)), cells_(std::move(cells)), sparse_(std::move(sparse)),
          n_cells_(n_cells), callee_name_(callee_name) {}
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
    // Pending -> Running: true for the one thread that will run the task.
    bool claim();
    // Runs the claimed task and publishes its result.
    void run(Runtime& runtime);
    enum class State { Pending, Running, Done };
    std::mutex mutex_;
    std::condition_variable done_;
    State state_ = State::Pending;
    bool consumed_ = false;
    Value callee_;
    std::vector<Value> args_;
    std::vector<Value> cells_;
    std::optional<SparseCells> sparse_;
    size_t n_cells_;
    uint32_t callee_name_;
    uint64_t debug_spawn_ = 0;
    uint64_t sequence_ = 0;  // the order of submits (TaskPool), for the report; set under the pool's mutex
    Value result_;
    std::optional<ArkError> error_;
    std::optional<ExitRequest> exit_;
    // The future this task's thread waits for (or runs inline) while this
    // task is running; guarded by the process-wide wait-graph mutex (future.cpp).
    FutureObject* waits_for_ = nullptr;
    friend class WaitEdge;
    friend class TaskPool;
};

// Runs futures on a bounded set of threads. One pool per program run.
//
// Handing a task to a sleeping thread costs a wake-up (a system call, and a
// context switch on the other core) that is wasted when the spawner awaits
// the future at once and runs it inline (FutureObject::await). So a worker
// that runs out of work stays *armed* for a while: it looks at the queue
// every kArmedPoll, and a submit while a worker is armed wakes nobody. A task
// queued then starts at most one poll later, or at once if awaited. The
// armed worker goes to sleep for good after kArmedPolls polls that saw no
// submit; a submit with no armed worker wakes (or starts) a thread at once.
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
    // What the functions of `program` read, built on first use (task_reads.hpp).
    std::shared_ptr<const TaskReads> task_reads(const std::shared_ptr<const Program>& program);

private:
    void worker();
    // Waits while armed (see above); returns when there is work, the pool
    // stops, or no submit came for kArmedPolls polls. Called with mutex_ held.
    void wait_armed(std::unique_lock<std::mutex>& lock);
    Runtime& runtime_;
    unsigned max_threads_;
    std::mutex mutex_;
    std::condition_variable work_;   // sleeping workers
    std::condition_variable armed_;  // the armed worker (timed waits)
    std::condition_variable idle_;
    std::deque<Value> queue_;
    // Futures whose task failed or exited, for the report: a future that
    // succeeded is not kept (a loop of a million awaited tasks keeps none).
    std::vector<Value> failed_;
    std::vector<std::thread> threads_;
    unsigned starting_ = 0;              // threads a submit is creating outside the lock
    std::condition_variable started_;    // starting_ fell to 0 (the destructor waits for it)
    unsigned busy_ = 0;
    unsigned sleeping_ = 0;     // workers waiting on work_
    unsigned wakeups_ = 0;      // of those, how many were woken and have not yet woken up
    bool worker_armed_ = false;
    uint64_t submits_ = 0;      // lets the armed worker see that submits go on
    bool stopping_ = false;
    std::mutex reads_mutex_;
    std::shared_ptr<const Program> reads_program_;  // keeps the program reads_ describes alive
    std::shared_ptr<const TaskReads> reads_;
    friend class FutureObject;  // record_failed, withdraw
    void record_failed(Value future);
    // An await claimed this queued task to run it inline: off the queue.
    void withdraw(const FutureObject* future);
};

}  // namespace ark::vm
