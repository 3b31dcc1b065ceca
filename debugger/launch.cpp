// The run itself: the program on its own thread, under the debugger. Kept to
// this one file so it can move onto the VM's host API (one embedding API for
// every client) once there is one.
#include <filesystem>

#include "async/future.hpp"
#include "debugger.hpp"

namespace ark::debugger {

namespace {

// The program's output, as it happens, to the front end.
class EventSink final : public vm::OutputSink {
public:
    explicit EventSink(Events& events) : events_(events) {}
    void write(std::string_view text) override { events_.output("stdout", std::string(text)); }

private:
    Events& events_;
};

std::string error_text(const vm::ArkError& error) {
    std::string out = error.kind_name() + ": " + error.message + "\n";
    for (const auto& f : error.trace) out += "  at " + f.function + (f.location.empty() ? "" : " (" + f.location + ")") + "\n";
    bool first = true;
    for (const auto& f : error.awaited_at) {
        out += std::string("  ") + (first ? "awaited at " : "at ") + f.function + (f.location.empty() ? "" : " (" + f.location + ")") + "\n";
        first = false;
    }
    return out;
}

}  // namespace

void Debugger::start() {
    vm_thread_ = std::thread([this] { run(); });
}

void Debugger::wait_finished() {
    if (vm_thread_.joinable()) vm_thread_.join();
}

void Debugger::run() {
    EventSink sink(events_);
    vm::Runtime runtime;
    runtime.program = program_;
    runtime.out = &sink;
    runtime.args = options_.args;
    runtime.debugger = this;
    // The front end's thread reads this run's values while it is paused:
    // closure calls lock their environments from the start, as with tasks.
    runtime.tasks_started.store(true, std::memory_order_relaxed);
    // Standard input belongs to the front end (the DAP stream, the prompt).
    runtime.allow_input = false;
    vm::TaskPool pool(runtime, options_.threads ? options_.threads : vm::TaskPool::default_threads());
    runtime.pool = &pool;
    {
        std::lock_guard lock(mutex_);
        runtime_ = &runtime;
        if (terminating_) runtime.cancelled.store(true);
    }
    int status = 0;
    try {
        vm::ExecutionContext context(runtime);
        context.attach_debugger(0);
        context.run_program();
    } catch (vm::ArkError& error) {
        std::unique_lock lock(mutex_);
        const bool terminated = terminating_;
        lock.unlock();
        if (!terminated) events_.output("stderr", error_text(error));
        status = 1;
    } catch (vm::ExitRequest& exit) {
        status = exit.status;
        runtime.cancelled.store(true);  // sys:exit ends the tasks too
    }
    pool.wait_all();
    for (const auto& error : pool.unawaited_errors()) {
        events_.output("stderr", "warning: unawaited future failed: " + error.kind_name() + ": " + error.message + "\n");
        status = status ? status : 1;
    }
    {
        std::lock_guard lock(mutex_);
        runtime_ = nullptr;
        finished_ = true;
    }
    changed_.notify_all();
    events_.exited(status);
}

}  // namespace ark::debugger
