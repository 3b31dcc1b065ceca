// The compiler and VM end to end on small programs: semantics that the
// program corpus covers too, here with the failure shown inline.
#include <algorithm>

#include <catch2/catch.hpp>

#include "codegen/compile.hpp"
#include "fixture.hpp"
#include "opcodes.hpp"

using ark::test::run_snippet;

TEST_CASE("dynamic scoping with shallow binding", "[vm]") {
    CHECK(run_snippet("(let show (fun () unit))\n(let m (fun () { (let unit \"m\") (show) }))\n(print (m))\n"
                      "(let unit \"g\")\n(print (show))") == "m\ng\n");
    // A callee's let is undone when it returns.
    CHECK(run_snippet("(mut x 1)\n(let f (fun () { (let x 2) x }))\n(print (f) x)") == "21\n");
    // Reading a caller's variable before the callee's own let.
    CHECK(run_snippet("(let x 1)\n(let f (fun () { (print x) (let x 2) x }))\n(print (f))") == "1\n2\n");
}

TEST_CASE("a loop body is a scope entered afresh on each iteration (4.0+)", "[vm]") {
    // The outer value is back for the condition, the next iteration and after the loop.
    CHECK(run_snippet("(let x \"out\")\n(mut i 0)\n(while (< i 2) { (print x) (let x i) (print x) (set i (+ i 1)) })\n(print x)") ==
          "out\n0\nout\n1\nout\n");
    // A write to the outer variable before the body's own let stands.
    CHECK(run_snippet("(mut k 0)\n(while (< k 2) { (set k (+ k 1)) (mut k (* k 10)) (print k) })\n(print k)") == "10\n20\n2\n");
    // A mut redeclared in one iteration saves the outer value once.
    CHECK(run_snippet("(mut v 1)\n(mut n 0)\n(while (< n 1) { (mut v 2) (mut v 3) (set n 1) })\n(print v)") == "1\n");
    // Recursion inside a loop: each call's loop-locals are its own.
    CHECK(run_snippet("(let f (fun (d) { (mut i 0) (mut s \"\") (while (< i 2) { (let t (format \"{}{}\" d i)) "
                      "(if (> d 0) (f (- d 1))) (set s (+ s t)) (set i (+ i 1)) }) s }))\n(print (f 1))") == "1011\n");
    // A function called from the body sees the loop's variable; after the loop it is gone.
    CHECK(run_snippet("(let show (fun () cur))\n(mut i 0)\n(while (< i 1) { (let cur 7) (print (show)) (set i 1) })\n(print (show))") ==
          "7\nScopeError: Unbound variable `cur'");
}

TEST_CASE("closures own their captures; copies share the environment", "[vm]") {
    CHECK(run_snippet("(let mk (fun (n) (fun (&n) { (set n (+ n 1)) n })))\n(let c (mk 0))\n(let d c)\n"
                      "(c) (d)\n(print (c) \" \" c.n)") == "3 3\n");
}

TEST_CASE("method calls run in the closure's environment", "[vm]") {
    CHECK(run_snippet("(let mk (fun (v) { (let put (fun (x) (set v x))) (fun (&v &put) ()) }))\n"
                      "(let cell (mk 1))\n(cell.put 9)\n(print cell.v)") == "9\n");
}

TEST_CASE("self tail calls run in constant stack and rebind after evaluating", "[vm]") {
    CHECK(run_snippet("(let loop (fun (n acc) (if (= n 0) acc (loop (- n 1) (+ acc 1)))))\n(print (loop 1000000 0))") ==
          "1000000\n");
    CHECK(run_snippet("(let sw (fun (a b n) (if (= n 0) [a b] (sw b a (- n 1)))))\n(print (sw 1 2 1))") == "[2 1]\n");
}

TEST_CASE("runtime errors carry kind and message", "[vm]") {
    CHECK(run_snippet("(print (/ 1 0))") == "DivisionByZero: Can not compute expression (/ 1 0)");
    CHECK(run_snippet("(let pair (fun (a b) a))\n(pair 1)") == "ArityError: Function `pair' needs 2 arguments, but it received 1");
    CHECK(run_snippet("(let v 3)\n(v 1)") == "TypeError: `v' is not a Function but a Number");
    CHECK(run_snippet("(let down (fun (n) (+ 1 (down n))))\n(down 1)").rfind("VMError: Maximum recursion depth exceeded", 0) == 0);
    CHECK(run_snippet("(print later)\n(let later 1)") == "ScopeError: Unbound variable `later'");
}

TEST_CASE("lists are values, copied on write", "[vm]") {
    CHECK(run_snippet("(mut a [1])\n(mut b a)\n(append! b 2)\n(print a b)") == "[1][1 2]\n");
    CHECK(run_snippet("(mut xs [])\n(mut i 0)\n(while (< i 100000) { (append! xs i) (set i (+ i 1)) })\n(print (len xs))") ==
          "100000\n");
}

TEST_CASE("async copies values, shares closures, re-raises errors at await", "[vm][async]") {
    CHECK(run_snippet("(mut g 0)\n(let f (fun () { (set g 5) g }))\n(print (await (async f)) g)") == "50\n");
    CHECK(run_snippet("(let fut (async (fun () 1)))\n(print (await fut) (await fut))") == "1nil\n");
    CHECK(run_snippet("(let bad (async (fun (n) (/ 1 n)) 0))\n(await bad)") ==
          "DivisionByZero: Can not compute expression (/ 1 0)");
    CHECK(run_snippet("(print (await (async builtin__list:reverse [1 2 3])))") == "[3 2 1]\n");
}

namespace {
// The opcodes of page 0 of a compiled snippet.
std::vector<uint32_t> top_level_ops(const std::string& source) {
    auto a = ark::test::analyze_snippet(source);
    auto compiled = ark::codegen::compile_program(a->expanded.program, a->sources);
    REQUIRE(compiled.program);
    std::vector<uint32_t> ops;
    for (const auto& ins : compiled.program->pages[0].code) ops.push_back(ins.op);
    return ops;
}
bool has_op(const std::vector<uint32_t>& ops, uint32_t op) { return std::find(ops.begin(), ops.end(), op) != ops.end(); }
}  // namespace

TEST_CASE("operator forms over literals are folded at compile time", "[vm][codegen]") {
    auto ops = top_level_ops("(print (+ (* 2 3) (- 10 (/ 8 2))) (< 1 2) (+ \"a\" \"b\"))");
    CHECK_FALSE(has_op(ops, ark::vm::OP_ADD));
    CHECK_FALSE(has_op(ops, ark::vm::OP_MUL));
    CHECK_FALSE(has_op(ops, ark::vm::OP_LT));
    CHECK(run_snippet("(print (+ (* 2 3) (- 10 (/ 8 2))) (< 1 2) (+ \"a\" \"b\"))") == "12trueab\n");
    // A form whose evaluation raises is left to run time, where the error has a traceback.
    CHECK(has_op(top_level_ops("(print (/ 1 0))"), ark::vm::OP_DIV));
    CHECK(run_snippet("(print 1)\n(print (/ 1 0))") == "1\nDivisionByZero: Can not compute expression (/ 1 0)");
    CHECK(has_op(top_level_ops("(print (+ 1 \"a\"))"), ark::vm::OP_ADD));
}

TEST_CASE("superinstructions keep the semantics of the forms they replace", "[vm][codegen]") {
    // A variable operand fuses with its LOAD; any other operand does not.
    auto fused = top_level_ops("(mut x 5)\n(print (- x 1) (+ x 2))\n(if (< x 9) (print 1))");
    CHECK(has_op(fused, ark::vm::OP_LOAD_SUB_CONST));
    CHECK(has_op(fused, ark::vm::OP_LOAD_ADD_CONST));
    CHECK(has_op(fused, ark::vm::OP_LOAD_LT_CONST_JUMP_IF_FALSE));
    CHECK_FALSE(has_op(fused, ark::vm::OP_LOAD));
    CHECK(run_snippet("(mut x 5)\n(print (- x 1) (+ x 2))\n(if (< x 9) (print 1))") == "47\n1\n");
    auto unfused = top_level_ops("(mut x 5)\n(print (- (len [x]) 1) (+ (len [x]) 2))\n(if (< (len [x]) 9) (print 1))");
    CHECK(has_op(unfused, ark::vm::OP_SUB_CONST));
    CHECK(has_op(unfused, ark::vm::OP_ADD_CONST));
    CHECK(has_op(unfused, ark::vm::OP_LT_CONST_JUMP_IF_FALSE));
    CHECK(run_snippet("(mut x 5)\n(print (- (len [x]) 1) (+ (len [x]) 2))\n(if (< (len [x]) 9) (print 1))") == "03\n1\n");
    // The fused forms' slow paths: strings, type errors, a deleted (undefined) or unbound variable.
    CHECK(run_snippet("(let s \"b\")\n(if (< s 1) (print 1) (print 2))") == "2\n");
    CHECK(run_snippet("(mut u 1)\n(del u)\n(print (- u 1))") ==
          "TypeError: Function - expected (Number, Number), got (Undefined, Number)");
    CHECK(run_snippet("(let f (fun () (+ later 1)))\n(print (f))\n(let later 1)") == "ScopeError: Unbound variable `later'");
    CHECK(run_snippet("(let f (fun () (< later 1)))\n(print (f))\n(let later 1)") == "ScopeError: Unbound variable `later'");
    CHECK(run_snippet("(let f (fun () (if (< later 1) 1 2)))\n(print (f))\n(let later 1)") == "ScopeError: Unbound variable `later'");
    CHECK(run_snippet("(let s \"ab\")\n(print (+ s 1))") == "TypeError: Function + expected (Number, Number) or (String, String), got (String, Number)");
    CHECK(run_snippet("(let s \"ab\")\n(print (< s \"b\") (< \"z\" s))") == "truefalse\n");
    // (set x (+ K x)) is one INC_CONST too; its error keeps the operands' order.
    CHECK(has_op(top_level_ops("(mut x 1)\n(set x (+ 2 x))"), ark::vm::OP_INC_CONST));
    CHECK(run_snippet("(mut x 1)\n(set x (+ 2 x))\n(print x)") == "3\n");
    CHECK(run_snippet("(mut s \"a\")\n(set s (+ 1 s))") == "TypeError: Function + expected (Number, Number) or (String, String), got (Number, String)");
    // A function returning a variable ends with RETURN_LOAD; an unbound one is still an error.
    CHECK(run_snippet("(let f (fun (a) { (let b (* a 2)) b }))\n(print (f 4))") == "8\n");
    CHECK(run_snippet("(let f (fun () later))\n(print (f))\n(let later 1)") == "ScopeError: Unbound variable `later'");
    // mod's integer fast path gives fmod's results, the sign of a zero included.
    CHECK(run_snippet("(print (mod -4 2) \" \" (mod 7 -3) \" \" (mod -7 3) \" \" (mod 7.5 2) \" \" (mod 1e300 7) \" \" (mod 5 0))") == "-0 1 -1 1.5 1 nan\n");
    // @ on a list: in range, fractional, negative, out of range.
    CHECK(run_snippet("(print (@ [1 2 3] 1.7) (@ [1 2 3] -1) (@ [1 2 3] 0.2))") == "231\n");
    CHECK(run_snippet("(print (@ [1 2 3] 3))") == "IndexError: 3 out of range [1 2 3] (length 3)");
}
