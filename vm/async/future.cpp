#include "async/future.hpp"

#include <cstdlib>
#include <new>

#include "builtins/registry.hpp"
#include "context.hpp"

namespace ark::vm {

bool FutureObject::try_run(Runtime& runtime) {
    {
        std::lock_guard lock(mutex_);
        if (state_ != State::Pending) return false;
        state_ = State::Running;
    }
    Value result;
    std::optional<ArkError> error;
    std::optional<ExitRequest> exit;
    try {
        ExecutionContext ctx(runtime, std::move(cells_));
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
    try_run(runtime);  // not started yet: run it here rather than wait (see header)
    std::unique_lock lock(mutex_);
    done_.wait(lock, [&] { return state_ == State::Done; });
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
    current_runtime = &runtime_;
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
