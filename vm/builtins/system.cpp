// Builtins that touch the process: print, puts, input, time, sys:sleep,
// sys:exit, sys:exec, sys:programName, sys:version. Output goes through the run's OutputSink, never stdout.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "../context.hpp"
#include "../disassemble.hpp"
#include "../printer.hpp"
#include "child_process.hpp"
#include "family.hpp"
#include "waiting.hpp"

namespace ark::vm {

namespace {

std::string join_display(const ExecutionContext& ctx, std::span<const Value> args) {
    std::string text;
    for (const Value& v : args) append_value(text, v, ctx.program(), false);
    return text;
}

Value builtin_print(ExecutionContext& ctx, std::span<Value> args) {
    std::string text = join_display(ctx, args);
    text += '\n';
    ctx.out().write(text);
    return Value::nil();
}

Value builtin_puts(ExecutionContext& ctx, std::span<Value> args) {
    ctx.out().write(join_display(ctx, args));
    return Value::nil();
}

Value builtin_input(ExecutionContext& ctx, std::span<Value> args) {
    if (args.size() > 1 || (args.size() == 1 && !args[0].is(Tag::String))) {
        raise_type_error("input", "() or (String)", args);
    }
    if (!ctx.runtime().allow_input) raise("IOError", "input: reading from stdin is disabled in this run");
    if (args.size() == 1) ctx.out().write(args[0].as_string());
    std::string line;
    std::getline(std::cin, line);
    return Value::string(std::move(line));
}

Value builtin_time(ExecutionContext&, std::span<Value> args) {
    if (!args.empty()) raise_type_error("time", "()", args);
    auto now = std::chrono::system_clock::now().time_since_epoch();
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now).count();
    return Value::number(static_cast<double>(micros) / 1e6);
}

Value builtin_sleep(ExecutionContext& ctx, std::span<Value> args) {
    expect_shape("sys:sleep", "(Number)", args, {Tag::Number});
    double ms = args[0].as_number();
    if (!(ms > 0)) return Value::nil();
    // Sleep in slices so a cancelled run (editor "Stop", time limit) is not kept waiting.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double, std::milli>(ms);
    while (!ctx.runtime().cancelled.load(std::memory_order_relaxed)) {
        auto now = std::chrono::steady_clock::now();
        if (now >= deadline) break;
        auto left = deadline - now;
        std::this_thread::sleep_for(left < kWaitSlice ? left : std::chrono::steady_clock::duration(kWaitSlice));
    }
    return Value::nil();
}

Value builtin_exit(ExecutionContext&, std::span<Value> args) {
    expect_shape("sys:exit", "(Number)", args, {Tag::Number});
    double code = args[0].as_number();
    if (std::isnan(code)) throw ExitRequest{1};
    throw ExitRequest{static_cast<int>(std::clamp(code, -2147483648.0, 2147483647.0))};
}

Value builtin_exec(ExecutionContext& ctx, std::span<Value> args) {
    require_system_access(ctx, "sys:exec");
    expect_shape("sys:exec", "(String)", args, {Tag::String});
    std::fflush(nullptr);
    return Value::string(run_child_process(ctx, args[0].as_string()));
}

// `(builtin__sys:programName)`: the main script's file name, without its
// directories (as upstream). The compiler puts the file it was asked to compile
// first in Program::files, before its imports.
Value builtin_program_name(ExecutionContext& ctx, std::span<Value> args) {
    if (!args.empty()) raise_type_error("sys:programName", "()", args);
    const auto& files = ctx.program().files;
    if (files.empty()) return Value::string(std::string());
    return Value::string(std::filesystem::path(files.front()).filename().string());
}

// `(builtin__sys:version)`: the language version this VM implements (not the
// version of the ark tool, which `ark --version` shows).
Value builtin_version(ExecutionContext&, std::span<Value> args) {
    if (!args.empty()) raise_type_error("sys:version", "()", args);
    return Value::string("4.8.0");
}

// `(apply f [args...])` (4.3+): the list's elements become the arguments.
Value builtin_apply(ExecutionContext& ctx, std::span<Value> args) {
    if (args.size() != 2 || !args[1].is(Tag::List)) raise_type_error("apply", "(Function, List)", args);
    // Copies first: the call may reallocate the stack `args` points into.
    Value callee = args[0];
    std::vector<Value> arguments = args[1].as_list();
    return ctx.call(callee, arguments);
}

// `(disassemble f)` (4.1+): the bytecode of f's code page on the run's output.
Value builtin_disassemble(ExecutionContext& ctx, std::span<Value> args) {
    if (args.size() != 1 || !(args[0].is(Tag::Function) || args[0].is(Tag::Closure)))
        raise_type_error("disassemble", "(Function) or (Closure)", args);
    const uint32_t page = args[0].is(Tag::Function) ? args[0].as_id() : static_cast<const ClosureObject*>(args[0].as_object())->page;
    ctx.out().write(disassemble_page(ctx.program(), page));
    return Value::nil();
}

}  // namespace

void register_system(BuiltinList& table) {
    table.push_back({"print", builtin_print});
    table.push_back({"puts", builtin_puts});
    table.push_back({"input", builtin_input});
    table.push_back({"time", builtin_time});
    table.push_back({"apply", builtin_apply});
    table.push_back({"disassemble", builtin_disassemble});
    table.push_back({"builtin__sys:sleep", builtin_sleep});
    table.push_back({"builtin__sys:exit", builtin_exit});
    table.push_back({"builtin__sys:exec", builtin_exec});
    table.push_back({"builtin__sys:programName", builtin_program_name});
    table.push_back({"builtin__sys:version", builtin_version});
}

}  // namespace ark::vm
