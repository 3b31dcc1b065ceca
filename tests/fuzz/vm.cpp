// fuzz_vm: arbitrary programs compiled and run under limits — an instruction
// budget, a small call depth, no input, output into a capped sink, the working
// directory in a fresh temporary folder. Every failure must be a clean ArkError
// (or sys:exit's ExitRequest); anything else escaping the VM is a bug.
//
// Programs naming io:* or sys:exec/sys:sleep are skipped: they would touch the
// disk, spawn processes or just wait, which is not what this target is about.
//
// The instruction budget counts calls and backward jumps, not the work each
// does: a loop that appends to a copied list (quadratic, and endless if its
// counter skips the end) stays within it for hours. A watchdog cancels a run
// after a few seconds of wall time, as the server's lens runs are stopped.
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <new>
#include <string>
#include <string_view>
#include <thread>

#include "analysis/analysis.hpp"
#include "async/future.hpp"
#include "codegen/compile.hpp"
#include "host.hpp"
#include "fuzz_targets.hpp"

#ifdef ARK_LIBFUZZER
// Allocations too big for the machine fail with std::bad_alloc (as they would
// under the server's memory cap) instead of ending the fuzzer.
extern "C" const char* __asan_default_options() {
    return "allocator_may_return_null=1:max_allocation_size_mb=512";
}
#endif

namespace ark::fuzz {

namespace {

// Keeps the first 64 KiB of output and counts the rest.
class CappedSink final : public vm::OutputSink {
public:
    void write(std::string_view text) override {
        std::lock_guard lock(mutex_);
        n_bytes_ += text.size();
        if (kept_.size() < 65536)
            kept_.append(text.substr(0, 65536 - kept_.size()));
    }

private:
    std::mutex mutex_;
    std::string kept_;
    size_t n_bytes_ = 0;
};

// The scratch folder, removed at exit (nothing is written into it: io:* is skipped).
char scratch_dir[] = "/tmp/ark-fuzz-vm-XXXXXX";

bool enter_scratch_dir() {
    if (!mkdtemp(scratch_dir) || chdir(scratch_dir) != 0)
        return false;
    std::atexit([] { rmdir(scratch_dir); });
    return true;
}

}  // namespace

int vm(const uint8_t* data, size_t size) {
    static const bool in_scratch = enter_scratch_dir();
    if (!in_scratch)
        fail("vm", "cannot enter a scratch directory");
    const std::string text(reinterpret_cast<const char*>(data), size);
    for (std::string_view banned : {"io:", "sys:exec", "sys:sleep"})
        if (text.find(banned) != std::string::npos)
            return 0;

    analysis::AnalysisOptions options;
    options.read_file = [](const std::string&) { return std::optional<std::string>(); };
    auto analysis = analysis::analyze("/virtual/main.ark", text, options);
    if (analysis->has_errors())
        return 0;
    auto compiled = codegen::compile_program(analysis->expanded.program, analysis->sources);
    if (!compiled.program)
        return 0;

    CappedSink sink;
    vm::MachineOptions machine_options;
    machine_options.out = &sink;
    machine_options.allow_input = false;
    machine_options.limits.max_call_depth = 200;
    machine_options.limits.instruction_budget = 4'000'000;
    machine_options.threads = 2;
    vm::Machine machine(machine_options);
    machine.load(compiled.program);
    std::mutex watchdog_mutex;
    std::condition_variable watchdog_wake;
    bool finished = false;
    std::thread watchdog([&] {
        std::unique_lock lock(watchdog_mutex);
        if (!watchdog_wake.wait_for(lock, std::chrono::seconds(3), [&] { return finished; }))
            machine.cancel();
    });
    // Out of memory (refused by max_allocation_size_mb) is a MemoryError in the result.
    const vm::RunResult result = machine.run();
    if (result.error && (result.error->kind_name().empty() || result.error->message.empty()))
        fail("vm", "an ArkError without kind or message");
    // Tasks still queued or running are stopped by the same budget (or the watchdog).
    machine.finish_tasks();
    {
        std::lock_guard lock(watchdog_mutex);
        finished = true;
    }
    watchdog_wake.notify_one();
    watchdog.join();
    return 0;
}

}  // namespace ark::fuzz

ARK_FUZZ_ENTRY(vm)
