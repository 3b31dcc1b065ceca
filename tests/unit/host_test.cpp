// vm::Machine, the host API (vm/host.hpp): results, error kinds, the kept
// value of the last form, globals and host functions, cancellation from
// another thread, programs that extend the loaded one.
#include <catch2/catch.hpp>

#include <mutex>
#include <string>
#include <thread>

#include "capture_sink.hpp"
#include "codegen/compile.hpp"
#include "fixture.hpp"
#include "host.hpp"
#include "printer.hpp"

using namespace ark;

namespace {

using test::CaptureSink;

std::shared_ptr<vm::Program> compile(const std::string& source, bool keep_last_value = false) {
    auto analysis = test::analyze_snippet(source);
    REQUIRE_FALSE(analysis->has_errors());
    auto compiled = codegen::compile_program(analysis->expanded.program, analysis->sources, {.keep_last_value = keep_last_value});
    REQUIRE(compiled.program);
    return compiled.program;
}

}  // namespace

TEST_CASE("a Machine runs a program and reports how it ended", "[host]") {
    CaptureSink out;
    vm::MachineOptions options;
    options.out = &out;
    options.threads = 2;
    SECTION("finished: output and nil, or the last form's value when codegen kept it") {
        vm::Machine machine(options);
        machine.load(compile("(print 1)\n(+ 40 2)"));
        vm::RunResult result = machine.run();
        CHECK(result.finished());
        CHECK(result.value.is(vm::Tag::Nil));
        CHECK(out.text() == "1\n");
        vm::Machine keeping(options);
        keeping.load(compile("(print 1)\n(+ 40 2)", true));
        CHECK(vm::to_repr(keeping.run().value, keeping.program()) == "42");
    }
    SECTION("failed: the error's kind is data, its traceback filled") {
        vm::Machine machine(options);
        machine.load(compile("(let f (fun (x) (/ x 0)))\n(f 1)"));
        vm::RunResult result = machine.run();
        REQUIRE(result.status == vm::RunResult::Status::Failed);
        CHECK(result.error->kind == vm::ErrorKind::DivisionByZero);
        CHECK(result.error->trace.size() == 2);
    }
    SECTION("the instruction budget is its own kind, printed as VMError") {
        options.limits.instruction_budget = 100'000;
        vm::Machine machine(options);
        machine.load(compile("(mut i 0)\n(while true (set i (+ i 1)))"));
        vm::RunResult result = machine.run();
        REQUIRE(result.error);
        CHECK(result.error->kind == vm::ErrorKind::Budget);
        CHECK(result.error->kind_name() == "VMError");
    }
    SECTION("exited: (sys:exit n) is a status, not an exception") {
        vm::Machine machine(options);
        machine.load(compile("(builtin__sys:exit 3)"));
        vm::RunResult result = machine.run();
        CHECK(result.status == vm::RunResult::Status::Exited);
        CHECK(result.exit_status == 3);
    }
    SECTION("failed tasks nobody awaited are reported once the tasks are over") {
        vm::Machine machine(options);
        machine.load(compile("(async (fun () (/ 1 0)))"));
        CHECK(machine.run().finished());
        auto unawaited = machine.finish_tasks();
        REQUIRE(unawaited.size() == 1);
        CHECK(unawaited[0].kind == vm::ErrorKind::DivisionByZero);
    }
    SECTION("unawaited failures are reported in the order the tasks were spawned, not the order they failed in") {
        vm::Machine machine(options);
        machine.load(compile("(async (fun () { (builtin__sys:sleep 50) (/ 1 0) }))\n"
                             "(async (fun () (@ [1] 5)))\n"
                             "(let awaited (async (fun () 1)))\n"
                             "(await awaited)"));
        CHECK(machine.run().finished());
        auto unawaited = machine.finish_tasks();
        REQUIRE(unawaited.size() == 2);
        CHECK(unawaited[0].kind == vm::ErrorKind::DivisionByZero);
        CHECK(unawaited[1].kind == vm::ErrorKind::Index);
    }
}

TEST_CASE("cancel() from another thread stops the run with ErrorKind::Cancelled", "[host]") {
    CaptureSink out;
    vm::MachineOptions options;
    options.out = &out;
    vm::Machine machine(options);
    machine.load(compile("(print \"started\")\n(while true ())"));
    std::thread canceller([&] {
        while (out.text().empty()) std::this_thread::yield();  // the loop is about to run
        machine.cancel();
    });
    vm::RunResult result = machine.run();
    canceller.join();
    REQUIRE(result.error);
    CHECK(result.error->kind == vm::ErrorKind::Cancelled);
    // The REPL after Ctrl-C: the machine runs again.
    machine.finish_tasks();
    machine.clear_cancel();
    machine.load(compile("(print \"started\")\n(while true ())\n(print \"again\")"));
    CHECK(machine.run(2).finished());
    CHECK(out.text() == "started\nagain\n");
}

TEST_CASE("globals, host functions and programs that extend the loaded one", "[host]") {
    CaptureSink out;
    vm::MachineOptions options;
    options.out = &out;
    vm::Machine machine(options);
    machine.load(compile("(let ask (fun () nil))"));
    REQUIRE(machine.run().finished());
    int calls = 0;
    REQUIRE(machine.set_global("ask", vm::make_host_function("ask", [&](vm::ExecutionContext&, std::span<vm::Value> args) {
        ++calls;
        return vm::Value::number(static_cast<double>(args.size()));
    })));
    // The REPL's way: the history plus a new form, and only the new form runs.
    machine.load(compile("(let ask (fun () nil))\n(let answer (ask))"));
    REQUIRE(machine.run(1).finished());
    CHECK(calls == 1);
    REQUIRE(machine.global("answer"));
    CHECK(vm::to_repr(*machine.global("answer"), machine.program()) == "0");
    CHECK(machine.global("nope") == nullptr);
}
