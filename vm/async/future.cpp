#include "async/future.hpp"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cstdlib>
#include <utility>
#include <new>

#include "builtins/registry.hpp"
#include "context.hpp"
#include "debug_hook.hpp"

namespace ark::vm {

namespace {

// The task running on this thread (the innermost one, when awaits run tasks
// inline), or null on a thread running the top level or nothing.
thread_local FutureObject* running_task = nullptr;

// Guards every FutureObject::waits_for_: the waits-for graph is small and
// changes only around blocking awaits, so one lock for it is enough.
std::mutex wait_graph_mutex;

// How often a blocked await looks at Runtime::cancelled (a finished task
// wakes it at once; this only bounds how late a cancellation is seen).
constexpr auto kCancelPoll = std::chrono::milliseconds(50);

// A task that gets only the cells it can reach (task_reads.hpp) still needs
// a vector of all of them, the others Unbound. Filling and freeing one per
// task was most of a short task's cost in a program with many globals, so
// each thread keeps one between its tasks, all Unbound.
thread_local std::vector<Value> spare_cells;

std::vector<Value> take_unbound_cells(size_t n) {
    std::vector<Value> cells = std::move(spare_cells);
    spare_cells = {};
    if (cells.size() != n) cells.assign(n, Value::unbound());
    return cells;
}

// After a task that got `reachable` cells: only those can have been written
// (the same reasoning as for reads), so clearing them makes the vector all
// Unbound again; it is kept only if it is (a check that costs one read per cell).
void give_back_cells(std::vector<Value>& cells, const std::vector<uint32_t>& reachable) {
    for (uint32_t sym : reachable) cells[sym] = Value::unbound();
    bool all_unbound = true;
    for (const Value& cell : cells) all_unbound &= cell.is(Tag::Unbound);
    assert(all_unbound && "a task wrote a cell task_reads did not give it");
    if (all_unbound) spare_cells = std::move(cells);
}

}  // namespace

// While it lives, the running task waits for `awaited`: the edge that cycle
// detection follows. Raises instead of adding an edge that closes a cycle.
class WaitEdge {
public:
    explicit WaitEdge(FutureObject& awaited) : waiter_(running_task) {
        if (!waiter_) return;  // the top level: nothing can wait for it
        std::lock_guard lock(wait_graph_mutex);
        for (const FutureObject* f = &awaited; f; f = f->waits_for_) {
            if (f == waiter_)
                raise("VMError", "await would wait forever: the future waits, directly or through other futures, "
                                 "for the task that awaits it");
        }
        waiter_->waits_for_ = &awaited;
    }
    ~WaitEdge() {
        if (!waiter_) return;
        std::lock_guard lock(wait_graph_mutex);
        waiter_->waits_for_ = nullptr;
    }
    WaitEdge(const WaitEdge&) = delete;
    WaitEdge& operator=(const WaitEdge&) = delete;

private:
    FutureObject* waiter_;
};

bool FutureObject::claim() {
    std::lock_guard lock(mutex_);
    if (state_ != State::Pending) return false;
    state_ = State::Running;
    return true;
}

bool FutureObject::try_run(Runtime& runtime) {
    if (!claim()) return false;
    run(runtime);
    return true;
}

void FutureObject::run(Runtime& runtime) {
    struct RunningTask {
        FutureObject* outer;
        ~RunningTask() { running_task = outer; }
    } running{std::exchange(running_task, this)};
    Value result;
    std::optional<ArkError> error;
    std::optional<ExitRequest> exit;
    try {
        std::vector<uint32_t> reachable;
        const bool sparse = sparse_.has_value();
        if (sparse) {
            // The cells the task can not read stay Unbound (task_reads.hpp).
            cells_ = take_unbound_cells(n_cells_);
            reachable.reserve(sparse_->size());
            for (auto& [sym, value] : *sparse_) {
                cells_[sym] = std::move(value);
                reachable.push_back(sym);
            }
            sparse_.reset();
        }
        ExecutionContext ctx(runtime, std::move(cells_));
        ctx.attach_debugger(debug_spawn_);
        result = ctx.call(callee_, std::span<Value>(args_), callee_name_);
        if (sparse) give_back_cells(ctx.cells(), reachable);
    } catch (ArkError& e) {
        error = std::move(e);
    } catch (ExitRequest& e) {
        exit = e;
    } catch (const std::bad_alloc&) {
        // Out of memory, or refused by a memory cap: the task fails, the process goes on.
        error = ArkError("MemoryError", "out of memory");
    } catch (const std::exception& e) {
        // Anything else (no thread for a nested task, a length error): an exception
        // out of a pool thread would end the whole process (std::terminate).
        error = ArkError("InternalError", e.what());
    }
    const bool failed = error || exit;
    {
        std::lock_guard lock(mutex_);
        callee_ = Value();
        args_.clear();
        cells_.clear();
        sparse_.reset();
        result_ = std::move(result);
        error_ = std::move(error);
        exit_ = exit;
        state_ = State::Done;
        done_.notify_all();
    }
    if (failed && runtime.pool) {
        // A new reference for the pool's report (unawaited_errors).
        refs.fetch_add(1, std::memory_order_relaxed);
        runtime.pool->record_failed(Value::adopt(Tag::UserType, this));
    }
}

Value FutureObject::await(Runtime& runtime, ExecutionContext& awaiting) {
    {
        // Under a debugger, the awaiting context shows it waits (declared
        // first: it ends, taking the debugger's lock, after mutex_ is released).
        DebugBlockingScope blocked(runtime.debugger, awaiting, "await", debug_spawn_);
        std::unique_lock lock(mutex_);
        if (state_ != State::Done) {
            lock.unlock();
            WaitEdge edge(*this);
            if (claim()) {
                // Not started yet: run it here rather than wait (see header),
                // and take it off the queue so that no worker is woken for it.
                if (runtime.pool) runtime.pool->withdraw(this);
                run(runtime);
            }
            lock.lock();
            while (state_ != State::Done) {
                if (runtime.cancelled.load(std::memory_order_relaxed))
                    raise(ErrorKind::Cancelled, "the run was cancelled while awaiting a future");
                done_.wait_for(lock, kCancelPoll);
            }
        }
    }
    std::unique_lock lock(mutex_);  // Done now, and for good
    if (consumed_) return Value();
    consumed_ = true;
    if (exit_) throw *exit_;
    if (error_) {
        ArkError e = *error_;
        lock.unlock();
        e.awaited_at = awaiting.traceback();
        throw e;
    }
    return std::move(result_);
}

std::optional<ArkError> FutureObject::unawaited_error() {
    std::lock_guard lock(mutex_);
    if (consumed_ || !error_) return std::nullopt;
    return error_;
}

unsigned TaskPool::default_threads() {
    if (const char* env = std::getenv("ARK_THREADS")) {
        int n = std::atoi(env);
        if (n > 0) return static_cast<unsigned>(n);
    }
    // Tasks often sleep or wait on I/O, so a few more threads than cores.
    return std::max(4u, std::thread::hardware_concurrency());
}

TaskPool::TaskPool(Runtime& runtime, unsigned threads) : runtime_(runtime), max_threads_(std::max(1u, threads)) {}

TaskPool::~TaskPool() {
    {
        std::unique_lock lock(mutex_);
        // A submit may still be creating a thread it has counted.
        started_.wait(lock, [&] { return starting_ == 0; });
        stopping_ = true;
    }
    work_.notify_all();
    armed_.notify_all();
    for (auto& t : threads_) t.join();
}

void TaskPool::submit(Value future) {
    {
        std::lock_guard lock(mutex_);
        static_cast<FutureObject*>(future.as_object())->sequence_ = submits_++;
        queue_.push_back(std::move(future));
        // The armed worker takes one queued task at its next poll (see header):
        // no wake-up, so an await right after this async runs the task inline
        // without a thread having been woken for nothing.
        if (worker_armed_ && queue_.size() == 1) return;
        const size_t started = threads_.size() + starting_;
        if (sleeping_ > wakeups_) {
            ++wakeups_;
            work_.notify_one();
            return;
        }
        // Start threads lazily, up to the bound.
        if (started >= max_threads_ || busy_ + queue_.size() <= started) return;
        ++starting_;
    }
    // Outside the lock: creating a thread takes tens of microseconds, and
    // the new worker's first act is to take the lock. Created under it, the
    // worker blocked at once, and the kernel woke it later on a processor
    // already busy with the next new worker, while the other processor went
    // idle: a burst of spawns on two cores lost several milliseconds to
    // that (bench/README.md, "Tasks").
    std::thread thread;
    try {
        thread = std::thread([this] { worker(); });
    } catch (...) {
        // No thread (a resource limit): the task stays queued for the
        // threads there are, or for an await to run inline.
        std::lock_guard lock(mutex_);
        if (--starting_ == 0) started_.notify_all();
        throw;
    }
    std::lock_guard lock(mutex_);
    threads_.push_back(std::move(thread));
    if (--starting_ == 0) started_.notify_all();
}

void TaskPool::withdraw(const FutureObject* future) {
    std::lock_guard lock(mutex_);
    // Usually the last one queued (an await right after its async).
    for (auto it = queue_.end(); it != queue_.begin();) {
        --it;
        if (it->as_object() == future) {
            queue_.erase(it);
            break;
        }
    }
    if (busy_ == 0 && queue_.empty()) idle_.notify_all();
}

std::shared_ptr<const TaskReads> TaskPool::task_reads(const std::shared_ptr<const Program>& program) {
    std::lock_guard lock(reads_mutex_);
    if (reads_program_ != program) {
        reads_ = std::make_shared<const TaskReads>(*program);
        reads_program_ = program;
    }
    return reads_;
}

void TaskPool::record_failed(Value future) {
    std::lock_guard lock(mutex_);
    failed_.push_back(std::move(future));
}

// How often the armed worker looks at the queue, and for how many polls
// without a submit it stays armed (about 2 ms in all).
constexpr auto kArmedPoll = std::chrono::microseconds(100);
constexpr int kArmedPolls = 20;

void TaskPool::wait_armed(std::unique_lock<std::mutex>& lock) {
    worker_armed_ = true;
    uint64_t seen = submits_;
    for (int quiet_polls = 0; queue_.empty() && !stopping_ && quiet_polls < kArmedPolls;) {
        armed_.wait_for(lock, kArmedPoll);
        if (submits_ != seen) {
            seen = submits_;
            quiet_polls = 0;
        } else {
            ++quiet_polls;
        }
    }
    worker_armed_ = false;
}

void TaskPool::worker() {
    const BudgetScope budget(runtime_.budget);  // the tasks' values charge their run's budget
    std::unique_lock lock(mutex_);
    // A worker that just ran a task (or was woken for one) arms itself when
    // the queue is empty and no other worker is armed; otherwise it sleeps.
    bool may_arm = true;
    for (;;) {
        if (!queue_.empty()) {
            Value future = std::move(queue_.front());
            queue_.pop_front();
            ++busy_;
            lock.unlock();
            static_cast<FutureObject*>(future.as_object())->try_run(runtime_);
            future = Value();
            lock.lock();
            --busy_;
            if (busy_ == 0 && queue_.empty()) idle_.notify_all();
            may_arm = true;
            continue;
        }
        if (stopping_) return;
        if (may_arm && !worker_armed_) {
            wait_armed(lock);
            may_arm = false;
            continue;
        }
        ++sleeping_;
        work_.wait(lock, [&] { return wakeups_ > 0 || stopping_; });
        --sleeping_;
        if (wakeups_ > 0) --wakeups_;
        may_arm = true;
    }
}

void TaskPool::wait_all() {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [&] { return busy_ == 0 && queue_.empty(); });
}

std::vector<ArkError> TaskPool::unawaited_errors() {
    std::vector<Value> futures;
    {
        std::lock_guard lock(mutex_);
        futures = failed_;
    }
    // In the order the tasks were spawned, not the order they failed in.
    std::sort(futures.begin(), futures.end(), [](const Value& a, const Value& b) {
        return static_cast<FutureObject*>(a.as_object())->sequence_ < static_cast<FutureObject*>(b.as_object())->sequence_;
    });
    std::vector<ArkError> out;
    for (auto& f : futures)
        if (auto e = static_cast<FutureObject*>(f.as_object())->unawaited_error()) out.push_back(*e);
    return out;
}

}  // namespace ark::vm
