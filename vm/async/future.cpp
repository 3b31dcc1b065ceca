#include "async/future.hpp"

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

bool FutureObject::try_run(Runtime& runtime) {
    {
        std::lock_guard lock(mutex_);
        if (state_ != State::Pending) return false;
        state_ = State::Running;
    }
    struct RunningTask {
        FutureObject* outer;
        ~RunningTask() { running_task = outer; }
    } running{std::exchange(running_task, this)};
    Value result;
    std::optional<ArkError> error;
    std::optional<ExitRequest> exit;
    try {
        ExecutionContext ctx(runtime, std::move(cells_));
        ctx.attach_debugger(debug_spawn_);
        result = ctx.call(callee_, std::span<Value>(args_), callee_name_);
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
    std::lock_guard lock(mutex_);
    callee_ = Value();
    args_.clear();
    cells_.clear();
    result_ = std::move(result);
    error_ = std::move(error);
    exit_ = exit;
    state_ = State::Done;
    done_.notify_all();
    return true;
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
            try_run(runtime);  // not started yet: run it here rather than wait (see header)
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
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    work_.notify_all();
    for (auto& t : threads_) t.join();
}

void TaskPool::submit(Value future) {
    std::lock_guard lock(mutex_);
    all_.push_back(future);
    queue_.push_back(std::move(future));
    // Start threads lazily, up to the bound.
    if (threads_.size() < max_threads_ && busy_ + queue_.size() > threads_.size() - 0)
        threads_.emplace_back([this] { worker(); });
    work_.notify_one();
}

void TaskPool::worker() {
    const BudgetScope budget(runtime_.budget);  // the tasks' values charge their run's budget
    std::unique_lock lock(mutex_);
    for (;;) {
        work_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping
        Value future = std::move(queue_.front());
        queue_.pop_front();
        ++busy_;
        lock.unlock();
        static_cast<FutureObject*>(future.as_object())->try_run(runtime_);
        future = Value();
        lock.lock();
        --busy_;
        if (busy_ == 0 && queue_.empty()) idle_.notify_all();
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
        futures = all_;
    }
    std::vector<ArkError> out;
    for (auto& f : futures)
        if (auto e = static_cast<FutureObject*>(f.as_object())->unawaited_error()) out.push_back(*e);
    return out;
}

}  // namespace ark::vm
