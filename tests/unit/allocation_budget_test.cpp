// The per-run allocation budget (MachineOptions::max_memory_bytes,
// vm/allocation_budget.hpp): the VM's values charge it, freeing them gives it
// back, and a run over it fails with ErrorKind::Memory while a run without
// one (`ark run`) is not limited.
#include <catch2/catch.hpp>

#include <string>

#include "codegen/compile.hpp"
#include "fixture.hpp"
#include "host.hpp"

using namespace ark;

namespace {

constexpr uint64_t kBudget = uint64_t{8} << 20;

std::shared_ptr<vm::Program> compile(const std::string& source) {
    auto analysis = test::analyze_snippet(source);
    REQUIRE_FALSE(analysis->has_errors());
    auto compiled = codegen::compile_program(analysis->expanded.program, analysis->sources);
    REQUIRE(compiled.program);
    return compiled.program;
}

vm::RunResult run(const std::string& source, uint64_t budget, int64_t* used_after = nullptr) {
    vm::MachineOptions options;
    options.max_memory_bytes = budget;
    options.threads = 2;
    vm::Machine machine(options);
    machine.load(compile(source));
    vm::RunResult result = machine.run();
    machine.finish_tasks();
    if (used_after)
        *used_after = machine.runtime().budget.used.load();
    return result;
}

void check_stopped_by_budget(const std::string& source) {
    const vm::RunResult result = run(source, kBudget);
    REQUIRE(result.status == vm::RunResult::Status::Failed);
    CHECK(result.error->kind == vm::ErrorKind::Memory);
}

// 16 bytes doubled 16 times: a 1 MiB string.
const std::string kOneMiB = "(mut s \"0123456789abcdef\")\n(mut j 0)\n(while (< j 16) { (set s (+ s s)) (set j (+ j 1)) })\n";

}  // namespace

TEST_CASE("values that grow without bound are stopped by the run's budget", "[host][budget]") {
    SECTION("a string doubled in place") {
        check_stopped_by_budget("(mut s \"0123456789abcdef\")\n(while true (set s (+ s s)))");
    }
    SECTION("new strings kept in a list") {
        check_stopped_by_budget("(mut l [])\n(while true (append! l (+ \"item \" (toString (len l)))))");
    }
    SECTION("a list grown by concat!") {
        check_stopped_by_budget("(mut l [])\n(while true (concat! l [1 2 3 4 5 6 7 8]))");
    }
    SECTION("a dict") {
        check_stopped_by_budget("(let d (dict))\n(mut i 0)\n(while true { (@= d i i) (set i (+ i 1)) })");
    }
    SECTION("closures kept in a list") {
        check_stopped_by_budget("(mut l [])\n(mut x 1)\n(while true (append! l (fun (&x) x)))");
    }
    SECTION("inside a task") {
        check_stopped_by_budget(
            "(let grow (fun () { (mut s \"0123456789abcdef\") (while true (set s (+ s s))) }))\n"
            "(await (async grow))");
    }
    SECTION("a size the program asks for is refused before it is allocated") {
        check_stopped_by_budget("(builtin__list:fill 100000000 0)");
    }
}

TEST_CASE("freed values give their bytes back to the budget", "[host][budget]") {
    // 64 MiB made and dropped, 1 MiB at a time, under an 8 MiB budget.
    int64_t used_after = -1;
    const vm::RunResult result =
        run("(mut i 0)\n(while (< i 64) { " + kOneMiB + " (set i (+ i 1)) })\n(mut kept \"small\")", kBudget,
            &used_after);
    CHECK(result.finished());
    // What the run still holds (its last string, its globals) is under its budget, and no count went astray.
    CHECK(used_after >= 0);
    CHECK(used_after < static_cast<int64_t>(kBudget));
}

TEST_CASE("a run without a budget is not limited by one", "[host][budget]") {
    // 32 MiB held at once, four times the budget above: `ark run` has none.
    std::string grow = "(mut s \"0123456789abcdef\")\n(mut j 0)\n(while (< j 21) { (set s (+ s s)) (set j (+ j 1)) })\n";
    const vm::RunResult result = run(grow, 0);
    CHECK(result.finished());
    const vm::RunResult capped = run(grow, kBudget);
    REQUIRE(capped.error);
    CHECK(capped.error->kind == vm::ErrorKind::Memory);
}
