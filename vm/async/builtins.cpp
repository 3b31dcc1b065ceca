// The async and await builtins (LANGUAGE.md §7).
#include "async/future.hpp"
#include "builtins/family.hpp"
#include "context.hpp"
#include "debug_hook.hpp"
#include "printer.hpp"

namespace ark::vm {

namespace {

// What a debugger calls a task: the name its function was read from, else the function's own.
std::string task_name(const Program& program, const Value& f, uint32_t callee_name) {
    if (callee_name != kNoSymbol) return program.symbol_names[callee_name];
    if (f.is(Tag::Function)) return program.pages[f.as_id()].name;
    if (f.is(Tag::Closure)) return program.pages[static_cast<const ClosureObject*>(f.as_object())->page].name;
    return "builtin";
}

}  // namespace

Value spawn_future(ExecutionContext& ctx, std::span<Value> args, uint32_t callee_name) {
    if (args.empty() || !(args[0].is(Tag::Function) || args[0].is(Tag::Closure) || args[0].is(Tag::CProc)))
        raise_type_error("async", "(Function) or (Closure) or (CProc), then any arguments", args);
    Runtime& runtime = ctx.runtime();
    if (!runtime.pool) raise("VMError", "async is not available in this run");
    // Before anything the task will hold is copied: from now on closure calls lock (Runtime::tasks_started).
    runtime.tasks_started.store(true, std::memory_order_relaxed);
    Value callee = std::move(args[0]);
    std::vector<Value> call_args(std::make_move_iterator(args.begin() + 1), std::make_move_iterator(args.end()));
    // The cells the task can read, or all of them (task_reads.hpp); a
    // debugger shows every variable of a task, so it gets them all.
    const std::vector<Value>& cells = ctx.cells();
    std::optional<SparseCells> sparse;
    if (!runtime.debugger) sparse = cells_task_reads(*runtime.pool->task_reads(runtime.program), cells, callee, call_args);
    auto* task = new FutureObject(std::move(callee), std::move(call_args), sparse ? std::vector<Value>() : cells,
                                  std::move(sparse), cells.size(), callee_name);
    Value future = Value::adopt(Tag::UserType, task);
    // The task holds a copy of every cell until it runs: a run spawning without end meets its budget.
    task->charged = charge_new(sizeof(FutureObject) + (ctx.cells().size() + args.size()) * sizeof(Value));
    if (runtime.debugger) task->set_debug_spawn(runtime.debugger->task_spawned(ctx, task_name(ctx.program(), task->callee(), callee_name)));
    runtime.pool->submit(future);
    return future;
}

namespace {

Value builtin_async(ExecutionContext& ctx, std::span<Value> args) { return spawn_future(ctx, args, kNoSymbol); }

Value builtin_await(ExecutionContext& ctx, std::span<Value> args) {
    FutureObject* future = nullptr;
    if (args.size() == 1 && args[0].is(Tag::UserType))
        future = dynamic_cast<FutureObject*>(static_cast<UserTypeObject*>(args[0].as_object()));
    if (!future) {
        std::string got = args.size() == 1 ? type_name(args[0]) : std::to_string(args.size()) + " arguments";
        raise("TypeError", "Function await expected 1 argument / -> future (UserType) was of type " + got);
    }
    Value keep = args[0];  // the future must outlive the wait even if the stack moves
    return future->await(ctx.runtime(), ctx);
}

}  // namespace

void register_async(BuiltinList& table) {
    table.push_back({"async", builtin_async});
    table.push_back({"await", builtin_await});
}

}  // namespace ark::vm
