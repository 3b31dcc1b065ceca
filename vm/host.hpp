// The one way a host runs compiled programs (as lua_newstate + lua_pcall are
// for Lua): `ark run`, the REPL, the language server's lens runs and the
// tests go through a Machine (and so should any new host, a debugger first).
//
//   vm::MachineOptions options;              // limits, sinks, trust, threads
//   vm::Machine machine(options);
//   machine.load(program);                   // a vm::Program from codegen
//   vm::RunResult result = machine.run();    // never throws for the program's failures
//   for (auto& e : machine.finish_tasks()) ...  // failed futures nobody awaited
//
// A Machine owns what one run shares (the Runtime), the task pool that runs
// its futures, and the main ExecutionContext, which keeps its variables from
// one run to the next: the REPL loads a longer program and runs only its new
// forms. Compiling is not the VM's business (vm/ may use only language/): the
// front end and codegen make the Program; imports and the library path are
// resolved by then.
//
// Threads: run() executes on the calling thread (with that thread's stack:
// hosts that run deep recursion give it a large one); the program's tasks
// run on the machine's pool. cancel() may be called from any thread.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "errors.hpp"
#include "program.hpp"
#include "runtime.hpp"
#include "value.hpp"

namespace ark::vm {

class ExecutionContext;
class TaskPool;

struct MachineOptions {
    OutputSink* out = nullptr;  // print, puts; null: standard output
    OutputSink* err = nullptr;  // report_unawaited()'s notes; null: standard error
    std::vector<std::string> args;  // sys:args
    RunLimits limits;               // call depth, instruction budget (shared by all tasks)
    // The run's allocation budget: bytes its values (strings, lists, closures,
    // dicts, futures) may hold at once; 0 = none. Over it, the allocation that
    // crossed it raises a MemoryError (ErrorKind::Memory). See allocation_budget.hpp.
    uint64_t max_memory_bytes = 0;
    bool allow_input = true;   // false: (input) raises an IOError
    bool allow_system = true;  // trust: false makes io:* and sys:exec raise an IOError
    unsigned threads = 0;      // threads running async tasks; 0 = TaskPool::default_threads()
};

// How a run ended. A failure of the program is data here, never an exception.
struct RunResult {
    enum class Status {
        Finished,  // the top level ran to its end
        Failed,    // an uncaught error: `error` (kind, message, traceback)
        Exited,    // (sys:exit n): `exit_status`
    };
    Status status = Status::Finished;
    // Finished: the value the top level returned: the last form's value when
    // codegen kept it (CompileOptions::keep_last_value), else nil.
    Value value;
    std::optional<ArkError> error;
    int exit_status = 0;

    bool finished() const { return status == Status::Finished; }
};

// A host function: a native function the host binds to a global the program
// declares (the REPL's repl:history). Called like any function; raises with
// vm::raise.
using HostFunction = std::function<Value(ExecutionContext& ctx, std::span<Value> args)>;

class HostFunctionObject final : public UserTypeObject {
public:
    HostFunctionObject(std::string name, HostFunction function) : name_(std::move(name)), function_(std::move(function)) {}
    const char* type_name() const override { return "HostFunction"; }
    const std::string& name() const { return name_; }
    Value call(ExecutionContext& ctx, std::span<Value> args) const { return function_(ctx, args); }

private:
    std::string name_;
    HostFunction function_;
};

// A value holding a HostFunctionObject.
Value make_host_function(std::string name, HostFunction function);

class Machine {
public:
    explicit Machine(MachineOptions options = {});
    // Cancels what still runs (the program's tasks) and waits for it.
    ~Machine();
    Machine(const Machine&) = delete;
    Machine& operator=(const Machine&) = delete;

    // Makes `program` the one run() executes. The first program starts with
    // every variable unbound; a later one must extend the current one (same
    // symbols and pages for the shared prefix, as the REPL's recompiled
    // history does), and the variables carry over.
    void load(std::shared_ptr<const Program> program);
    // Runs the top level from its form `first_form` (0: the whole program) to
    // its end, on the calling thread. Errors, (sys:exit) and running out of
    // memory come back in the result; the variables keep what the run left
    // in them (an error unwinds the frames, as returns would).
    RunResult run(size_t first_form = 0);
    // Waits for every task the program started; returns the errors of the
    // failed ones nobody awaited (every such task, each time it is called).
    std::vector<ArkError> finish_tasks();
    // finish_tasks(), writing "warning: unawaited future failed: KIND: MESSAGE"
    // for each to the err sink; returns how many.
    size_t report_unawaited();

    // Stops the run and its tasks from any thread: the program fails with an
    // ErrorKind::Cancelled error (checked every 4096 calls or back-jumps, and
    // in short slices by blocking builtins).
    void cancel();
    bool cancelled() const;
    // Lets a cancelled machine run again, its variables as the cancelled run
    // left them (the REPL after Ctrl-C). Call it once run() has returned and
    // finish_tasks() has waited for the tasks.
    void clear_cancel();
    // Cancels, waits for the tasks to end and frees the program's variables,
    // so a host that copied out what it needs builds its answer with the
    // run's memory given back. The machine runs nothing afterwards.
    void stop() noexcept;

    // The current value of a global, null if the program has no such name.
    const Value* global(std::string_view name) const;
    // Binds a global the program declares (a host function, most often);
    // false if the program has no such name.
    bool set_global(std::string_view name, Value value);

    // For hosts that drive the run themselves (a debugger stepping through
    // it). After load().
    ExecutionContext& context();
    Runtime& runtime() { return *runtime_; }
    const Program& program() const { return *runtime_->program; }
    OutputSink& out() const { return *runtime_->out; }

private:
    std::optional<uint32_t> symbol_of(std::string_view name) const;

    std::unique_ptr<OutputSink> own_out_, own_err_;
    OutputSink* err_;
    std::unique_ptr<Runtime> runtime_;
    std::unique_ptr<TaskPool> pool_;
    std::unique_ptr<ExecutionContext> context_;
};

}  // namespace ark::vm
