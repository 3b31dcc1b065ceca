// The compiler and VM end to end on small programs: semantics that the
// program corpus covers too, here with the failure shown inline.
#include <catch2/catch.hpp>

#include "fixture.hpp"

using ark::test::run_snippet;

TEST_CASE("dynamic scoping with shallow binding", "[vm]") {
    CHECK(run_snippet("(let show (fun () unit))\n(let m (fun () { (let unit \"m\") (show) }))\n(print (m))\n"
                      "(let unit \"g\")\n(print (show))") == "m\ng\n");
    // A callee's let is undone when it returns.
    CHECK(run_snippet("(mut x 1)\n(let f (fun () { (let x 2) x }))\n(print (f) x)") == "21\n");
    // Reading a caller's variable before the callee's own let.
    CHECK(run_snippet("(let x 1)\n(let f (fun () { (print x) (let x 2) x }))\n(print (f))") == "1\n2\n");
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
    CHECK(run_snippet("(print (await (async list:reverse [1 2 3])))") == "[3 2 1]\n");
}
