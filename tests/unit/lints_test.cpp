// Unit tests for compiler/lints/: every lint with programs that must trigger
// it and near-misses that must not. A fixture is an ArkScript program whose
// expected findings are caret comment lines under the code they point at:
//
//     (print (await g))
//     #      ^^^^^^^^^ A301: future `f' is awaited twice
//
// The carets give the column and length on the nearest code line above (a
// finding spanning several lines is underlined to the end of its first line).
// Caret lines are comments, so a fixture stays a valid program.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "analysis/analysis.hpp"
#include "base/diagnostic_codes.hpp"
#include "lints/lint.hpp"

using ark::Diagnostic;
using ark::lints::LintConfig;
using ark::lints::LintRule;

namespace {

using Files = std::map<std::string, std::string>;

// With `files`, imports read only those; without, the disk and the repository's std/.
std::shared_ptr<ark::analysis::Analysis> analyze(const std::string& source, const Files& files = {}) {
    ark::analysis::AnalysisOptions options;
    options.library_paths = {ARK_SOURCE_DIR};
    if (files.empty()) return ark::analysis::analyze(ARK_SOURCE_DIR "/tests/lint/fixture.ark", source, options);
    options.read_file = [files](const std::string& path) -> std::optional<std::string> {
        auto it = files.find(path);
        if (it == files.end()) return std::nullopt;
        return it->second;
    };
    return ark::analysis::analyze("/fixture/main.ark", source, options);
}

bool is_caret_line(const std::string& line) {
    size_t hash = line.find_first_not_of(' ');
    if (hash == std::string::npos || line[hash] != '#') return false;
    size_t caret = line.find_first_not_of(' ', hash + 1);
    return caret != std::string::npos && line[caret] == '^';
}

// "line:column+length CODE: message", 1-based line and column.
std::string finding(size_t line, size_t column, size_t length, const std::string& code, const std::string& message) {
    return std::to_string(line) + ":" + std::to_string(column) + "+" + std::to_string(length) + " " + code + ": " + message;
}

std::vector<std::string> expected_findings(const std::string& source) {
    std::vector<std::string> lines;
    std::stringstream ss(source);
    for (std::string line; std::getline(ss, line);) lines.push_back(line);
    std::vector<std::string> out;
    size_t target = 0;
    for (size_t i = 0; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        if (!is_caret_line(line)) {
            target = i;
            continue;
        }
        size_t start = line.find('^');
        size_t end = line.find_first_not_of('^', start);
        std::string rest = line.substr(end == std::string::npos ? line.size() : end);
        rest.erase(0, rest.find_first_not_of(' '));
        size_t colon = rest.find(": ");
        out.push_back(finding(target + 1, start + 1, end - start, rest.substr(0, colon), rest.substr(colon + 2)));
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> actual_findings(const ark::analysis::Analysis& a, const std::vector<Diagnostic>& found) {
    const ark::LineIndex& index = a.main_source().lines;
    std::vector<std::string> out;
    for (const Diagnostic& d : found) {
        auto start = index.to_line_column(d.where.range.begin, ark::PositionEncoding::Utf8);
        auto end = index.to_line_column(d.where.range.end, ark::PositionEncoding::Utf8);
        size_t length = end.line == start.line ? end.column - start.column : index.line_text(start.line).size() - start.column;
        out.push_back(finding(start.line + 1, start.column + 1, length, d.code, d.message));
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string compile_errors(const ark::analysis::Analysis& a) {
    std::string out;
    for (const Diagnostic& d : a.diagnostics)
        if (d.severity == ark::Severity::Error) out += d.code + ": " + d.message + "\n";
    return out;
}

// Lints `source` (which must compile) and compares with its caret lines.
void check_lints(const std::string& source, const LintConfig& config = {}, const Files& files = {}) {
    auto a = analyze(source, files);
    INFO(source);
    REQUIRE(compile_errors(*a) == "");
    CHECK(actual_findings(*a, ark::lints::run_lints(*a, config)) == expected_findings(source));
}

std::vector<Diagnostic> lint(const std::string& source, const LintConfig& config = {}) {
    auto a = analyze(source);
    return ark::lints::run_lints(*a, config);
}

}  // namespace

TEST_CASE("registry: every lint is data with a code of the table", "[lints]") {
    std::set<std::string_view> codes, slugs;
    for (const ark::lints::LintSpec* spec : ark::lints::all_lints()) {
        CAPTURE(spec->code);
        CHECK(codes.insert(spec->code).second);
        CHECK(slugs.insert(spec->slug).second);
        CHECK(ark::diagnostic_kind(spec->code) == "warning");
        CHECK(ark::diagnostic_slug(spec->code) == spec->slug);
        CHECK(!spec->summary.empty());
        CHECK(spec->explanation.size() > 100);
        // Hooked into the driver: a node check with nodes to visit, or a program check.
        CHECK((spec->check_node != nullptr || spec->check_program != nullptr));
        const bool visits_nodes = !spec->visits.forms.empty() || !spec->visits.calls.empty() || spec->visits.blocks;
        CHECK(visits_nodes == (spec->check_node != nullptr));
        CHECK(ark::lints::find_lint(spec->slug) == spec);
        // Each example triggers its own lint.
        auto found = lint(std::string(spec->example) + "\n");
        CHECK(std::any_of(found.begin(), found.end(), [&](const Diagnostic& d) { return d.code == spec->code; }));
    }
    CHECK(codes.size() == 16);
    CHECK(ark::lints::find_lint("A999") == nullptr);
}

TEST_CASE("A101 unused-variable", "[lints][A101]") {
    check_lints(R"ark(
(let area (fun (w h) {
  (let perimeter (* 2 (+ w h)))
#      ^^^^^^^^^ A101: variable `perimeter' is never read
  (* w h) }))
(let f (fun () {
  (mut count 0)
#      ^^^^^ A101: variable `count' is assigned but never read
  (set count 1)
  nil }))
(print (area 2 3) (f))
)ark");
    SECTION("4.4+: a binding whose value is used, an in-place form whose value is used") {
        check_lints(R"ark(
(let last (fun () (mut kept 41)))
(let grow (fun () { (mut acc []) (append! acc 1) }))
(let drop (fun () { (mut items [1 2]) (pop! items 0) }))
(let only-written (fun () { (mut log []) (append! log 1) nil }))
#                                ^^^ A101: variable `log' is assigned but never read
(print (last) (grow) (drop) (only-written))
)ark");
    }
    SECTION("near misses: read, read by a closure, prefixed with _, a global") {
        check_lints(R"ark(
(let unused-global 1)
(let g (fun (n) {
  (let doubled (* 2 n))
  (let _ignored 3)
  (mut acc 0)
  (let add (fun (&acc) acc))
  (set acc 1)
  (+ doubled (add)) }))
(print (g 1))
)ark");
    }
    SECTION("near miss: read through dynamic scoping by a callee") {
        check_lints(R"ark(
(let show (fun () unit))
#                 ^^^^ A109: `unit' is not bound here: it is found at run time among the variables of a calling function
(let as-meters (fun () { (let unit "m") (show) }))
(print (as-meters))
)ark");
    }
    SECTION("the fix prefixes the name with _") {
        auto found = lint("(let f (fun () { (mut c 0) (set c 1) nil }))\n(f)\n");
        REQUIRE(found.size() == 1);
        REQUIRE(found[0].fixes.size() == 1);
        CHECK(found[0].fixes[0].edits.size() == 2);
        CHECK(found[0].fixes[0].edits[0].new_text == "_c");
    }
}

TEST_CASE("A102 unused-parameter", "[lints][A102]") {
    check_lints(R"ark(
(let greet (fun (name greeting) (print "hello " name)))
#                     ^^^^^^^^ A102: parameter `greeting' is never used
(greet "ann" "hi")
)ark");
    SECTION("near misses: used, captured, _-prefixed, read by a callee") {
        check_lints(R"ark(
(let report (fun () (print level)))
#                          ^^^^^ A109: `level' is not bound here: it is found at run time among the variables of a calling function
(let a (fun (x _y) x))
(let b (fun (v) (fun (&v) v)))
(let c (fun (level) (report)))
(print (a 1 2) (b 1) (c 3))
)ark");
    }
}

TEST_CASE("A103 unused-import", "[lints][A103]") {
    Files files = {{"/fixture/pkg.ark", "(let used 1)\n(let unused 2)\n"}};
    check_lints(R"ark(
(import pkg :used :unused)
#                 ^^^^^^^ A103: imported name `unused' is never used
(print used)
)ark", {}, files);
    SECTION("an import none of whose names is used, when its package only defines") {
        Files packages = {{"/fixture/defs.ark", "(let one 1)\n(let two (fun () 2))\n"},
                          {"/fixture/loud.ark", "(print \"loaded\")\n(let x 1)\n"},
                          {"/fixture/outer.ark", "(import inner)\n(let x 1)\n"},
                          {"/fixture/inner.ark", "(let y 2)\n"}};
        check_lints(R"ark(
(import defs)
#       ^^^^ A103: nothing of the imported package `defs' is used
(import loud)
(import outer)
(print inner:y)
)ark", {}, packages);
    }
    SECTION("near miss: every selector used (plainly, or by its prefixed name)") {
        check_lints("(import pkg :used :unused)\n(print used pkg:unused)\n", {}, files);
    }
}

TEST_CASE("A104 shadowed-global", "[lints][A104]") {
    check_lints(R"ark(
(let total 0)
(let report (fun () total))
(let relay (fun () (report)))
(let add (fun (total x) { (relay) (+ total x) }))
#              ^^^^^ A104: parameter `total' shadows the global `total' for the functions this one calls
(let f (fun () { (let total 2) (async report) }))
#                     ^^^^^ A104: variable `total' shadows the global `total' for the functions this one calls
(print (add 1 2) total (await (f)))
)ark");
    SECTION("near miss: a shadow that no called function reads") {
        check_lints(R"ark(
(let n 10)
(let twice (fun (x) (* 2 x)))
(let square (fun (n) (twice (* n n))))
(let g (fun () { (let n 3) (print n) }))
(print (square 3) n (g))
)ark");
    }
    SECTION("a loop body is a scope (4.0+): its variable shadows the global for what the body calls") {
        check_lints(R"ark(
(let total 0)
(let report (fun () total))
(mut i 0)
(while (< i 2) {
  (let total i)
#      ^^^^^ A104: variable `total' shadows the global `total' for the functions its loop body calls
  (print (report) total)
  (set i (+ i 1)) })
(let g (fun ((mut n)) { (while (> n 0) { (let total n) (print total) (set n (- n 1)) }) (report) }))
(print (g 2))
)ark");
    }
    SECTION("near miss: distinct names, a local named like another function's local") {
        check_lints(R"ark(
(let count 0)
(let f (fun (n) { (let k n) k }))
(let g (fun (k) k))
(print (f count) (g 2))
)ark");
    }
}

TEST_CASE("A110 loop-shadowed-condition", "[lints][A110]") {
    check_lints(R"ark(
(mut i 0)
(while (< i 3) {
  (print i)
  (mut i (+ i 1)) })
#      ^ A110: `i' declared in the loop body is a new variable on each iteration: the condition reads the outer `i', which the body never changes
(let f (fun ((mut n)) (while (> n 0) { (let n (- n 1)) (print n) })))
#                                           ^ A110: `n' declared in the loop body is a new variable on each iteration: the condition reads the outer `n', which the body never changes
(f 2)
)ark");
    SECTION("near misses: the body changes the outer variable, or declares other names") {
        check_lints(R"ark(
(mut k 0)
(while (< k 3) {
  (set k (+ k 1))
  (mut k (* k 10))
  (print k) })
(mut j 0)
(while (< j 2) {
  (let next (+ j 1))
  (set j next) })
)ark");
    }
}

TEST_CASE("A105 unreachable-code", "[lints][A105]") {
    check_lints(R"ark(
(let stop (fun () {
  (builtin__sys:exit 1)
  (print "never") }))
# ^^^^^^^^^^^^^^^ A105: unreachable code: the program exits before it runs
(let both (fun (c) {
  (if c (builtin__sys:exit 1) { (print "bye") (builtin__sys:exit 2) })
  (print "never") }))
# ^^^^^^^^^^^^^^^ A105: unreachable code: the program exits before it runs
(stop)
(both 1)
)ark");
    SECTION("near misses: exit on one path only, exit last") {
        check_lints(R"ark(
(let maybe (fun (c) {
  (if c (builtin__sys:exit 1))
  (print "reached") }))
(maybe false)
(builtin__sys:exit 0)
)ark");
    }
}

TEST_CASE("A106 constant-condition", "[lints][A106]") {
    check_lints(R"ark(
(if true (print 1) (print 2))
#   ^^^^ A106: condition is always true: the else branch never runs
(while false (print 1))
#      ^^^^^ A106: condition is always false: the loop body never runs
(if "" (print 3))
#   ^^ A106: condition is always false: the then branch never runs
(if r"" (print 3))
#   ^^^ A106: condition is always false: the then branch never runs
(while r"\n" (print 3))
#      ^^^^^ A106: condition is always true: this loop never ends
(while [1] (print 4))
#      ^^^ A106: condition is always true: this loop never ends
(mut i 0)
(while (< i i) (set i (+ i 1)))
#      ^^^^^^^ A106: condition is always false (`(< i i)` compares a value with itself): the loop body never runs
(let fut (async (fun () 1)))
(if fut (print 5))
#   ^^^ A106: condition is always false (a future is falsy; `await` gives its value): the then branch never runs
(print (await fut))
)ark");
    SECTION("near misses: comparisons NaN can change, two variables, an awaited future") {
        check_lints(R"ark(
(mut x builtin__math:NaN)
(mut y 1)
(if (= x x) (print 1))
(if (!= x x) (print 2))
(if (< x y) (print 3))
(if (await (async (fun () true))) (print 4))
)ark");
    }
    SECTION("near misses: variables, calls, a main loop that exits, a macro") {
        check_lints(R"ark(
(mut go true)
(if go (print 1) (print 2))
(while (not go) (print 3))
(while true { (print 4) (builtin__sys:exit 0) })
(macro DEBUG false)
(if DEBUG (print 5) (print 6))
)ark");
    }
}

TEST_CASE("A107 self-assignment", "[lints][A107]") {
    check_lints(R"ark(
(mut x 1)
 (set x x)
#^^^^^^^^^ A107: `x' is assigned to itself
(print x)
)ark");
    SECTION("near miss: a real assignment") {
        check_lints("(mut x 1)\n(mut y 2)\n(set x y)\n(set x (+ x 1))\n(print x y)\n");
    }
    SECTION("the fix removes the statement") {
        auto found = lint("(mut x 1)\n(set x x)\n(print x)\n");
        REQUIRE(found.size() == 1);
        REQUIRE(found[0].fixes.size() == 1);
        CHECK(found[0].fixes[0].edits[0].where.range.begin == 10);
        CHECK(found[0].fixes[0].edits[0].where.range.end == 20);
    }
}

TEST_CASE("A108 if-without-else-as-value", "[lints][A108]") {
    check_lints(R"ark(
(let n 3)
(let label (if (> n 0) "positive"))
#          ^^^^^^^^^^^^^^^^^^^^^^^ A108: `if' without an else branch is used as a value: it is nil when the condition is false
(print label (if n 1))
#            ^^^^^^^^ A108: `if' without an else branch is used as a value: it is nil when the condition is false
)ark");
    SECTION("near misses: statement, with else, function result") {
        check_lints(R"ark(
(let n 3)
(if (> n 0) (print "positive"))
(let sign (if (> n 0) 1 -1))
(let f (fun (x) (if x (print x))))
(print sign (f 1))
)ark");
    }
    SECTION("the fix adds an explicit nil") {
        auto found = lint("(let a (if true 1))\n");
        auto it = std::find_if(found.begin(), found.end(), [](const Diagnostic& d) { return d.code == "A108"; });
        REQUIRE(it != found.end());
        CHECK(it->fixes.at(0).edits.at(0).new_text == " nil");
        CHECK(it->fixes.at(0).edits.at(0).where.range.begin == 17);
    }
}

TEST_CASE("A109 dynamic-free-name", "[lints][A109]") {
    check_lints(R"ark(
(let show (fun () { (print unit) (set other 1) }))
#                          ^^^^ A109: `unit' is not bound here: it is found at run time among the variables of a calling function
#                                     ^^^^^ A109: `other' is bound nowhere: this `set' fails at run time
(let m (fun () { (let unit "m") (show) unit }))
(print (m))
)ark");
    SECTION("near miss: a method reading a closure field (LANGUAGE.md 4.4)") {
        check_lints(R"ark(
(let get-name (fun () name))
(let make (fun (name) (fun (&name &get-name) ())))
(let p (make "ann"))
(print (p.get-name))
)ark");
    }
}

TEST_CASE("A301 double-await", "[lints][A301]") {
    check_lints(R"ark(
(let fib (fun (n) n))
(let f (async fib 20))
(let g f)
(await f)
(print (await g))
#      ^^^^^^^^^ A301: future `f' is awaited twice
)ark");
    SECTION("in a loop, a future created before it") {
        check_lints(R"ark(
(let work (fun () 1))
(let f (async work))
(mut i 0)
(while (< i 3) {
  (print (await f))
#        ^^^^^^^^^ A301: future `f' is awaited twice
  (set i (+ i 1)) })
)ark");
    }
    SECTION("forty nested loops: walked in bounded time, the finding kept") {
        // Each loop body is walked twice; nested, that was 2^40 walks of the
        // innermost one (found by fuzz_front_end). Past six levels a body is
        // walked once, and the loops around still meet the await twice.
        std::string source = "(let work (fun () 1))\n(let f (async work))\n(mut i 0)\n";
        for (int depth = 0; depth < 40; ++depth) source += "(while (< i 3) {\n";
        source += "(print (await f))\n";
        for (int depth = 0; depth < 40; ++depth) source += "(set i (+ i 1)) })\n";
        const std::vector<Diagnostic> found = lint(source);
        CHECK(std::count_if(found.begin(), found.end(), [](const Diagnostic& d) { return d.code == "A301"; }) == 1);
    }
    SECTION("on one path of an if, then after it; a parameter in a function") {
        check_lints(R"ark(
(let work (fun () 1))
(let f (async work))
(if (= 1 (+ 0 1)) (await f))
(print (await f))
#      ^^^^^^^^^ A301: future `f' is awaited twice
(let both (fun (fut) (+ (await fut) (await fut))))
#                                   ^^^^^^^^^^^ A301: future `fut' is awaited twice
(print (both (async work)))
)ark");
    }
    SECTION("near misses: one await per branch, a new future per iteration, reassigned") {
        check_lints(R"ark(
(let work (fun () 1))
(let f (async work))
(if (= 1 (+ 0 1)) (print (await f)) (print (await f)))
(mut i 0)
(while (< i 3) {
  (let h (async work))
  (print (await h))
  (set i (+ i 1)) })
(mut m (async work))
(print (await m))
(set m (async work))
(print (await m))
(let fs [(async work) (async work)])
(print (await (@ fs 0)) (await (@ fs 1)))
)ark");
    }
    SECTION("the related span is the first await") {
        auto found = lint("(let f (async (fun () 1)))\n(await f)\n(await f)\n");
        REQUIRE(found.size() == 1);
        REQUIRE(found[0].related.size() == 1);
        CHECK(found[0].related[0].where.range.begin == 27);
        CHECK(found[0].related[0].message == "first awaited here");
    }
}

TEST_CASE("A302 await-non-future", "[lints][A302]") {
    check_lints(R"ark(
(let n 42)
(print (await n))
#             ^ A302: `await' needs a future, but `n' is a number
(print (await [1 2]))
#             ^^^^^ A302: `await' needs a future, but this is a list
(print (await (lock:new)))
#             ^^^^^^^^^^ A302: `await' needs a future, but this is a lock
(print (await (fun () 1)))
#             ^^^^^^^^^^ A302: `await' needs a future, but this is a function
(print (await (+ 1 2)))
#             ^^^^^^^ A302: `await' needs a future, but this is the result of `+'
(let double (fun (x) (if (> x 0) (* 2 x) { (print "no") 0 })))
(let r (double 4))
(print (await r))
#             ^ A302: `await' needs a future, but `r' is the result of `double', which never returns a future
(let count-down (fun (k) (if (> k 0) (count-down (- k 1)) "done")))
(print (await (count-down 3)))
#             ^^^^^^^^^^^^^^ A302: `await' needs a future, but this is the result of `count-down', which never returns a future
)ark");
    SECTION("near misses: futures from lists, calls, parameters, mutable variables") {
        check_lints(R"ark(
(let make (fun () (async (fun () 1))))
(let fs [(async make)])
(mut later 0)
(set later (async make))
(let wait (fun (x) (await x)))
(let maybe (fun (go) (if go (async make) 0)))
(let pass (fun (v) v))
(print (await (@ fs 0)) (await (make)) (await later) (wait (make)) (await (maybe true)) (await (pass (make))))
)ark");
    }
}

TEST_CASE("A303 unawaited-future", "[lints][A303]") {
    check_lints(R"ark(
(let work (fun () (print "w")))
 (async work)
#^^^^^^^^^^^^ A303: the future of this `async' is discarded: it is never awaited
(let f (async work))
#    ^ A303: future `f' is never awaited
(let g (fun () { (async work) 1 }))
#                ^^^^^^^^^^^^ A303: the future of this `async' is discarded: it is never awaited
(print (g))
)ark");
    SECTION("near misses: awaited, passed on, returned, kept in a list") {
        check_lints(R"ark(
(let work (fun () 1))
(let a (async work))
(let spawn (fun () (async work)))
(let fs [(async work)])
(let b (spawn))
(print (await a) (await b) (await (@ fs 0)))
)ark");
    }
}

TEST_CASE("A304 lock-into-async", "[lints][A304]") {
    check_lints(R"ark(
(let l (lock:new))
(let keep (fun (lk) {
  (lock:acquire lk)
# ^^^^^^^^^^^^^^^^^ A304: lock `lk' is acquired here and not released on every path of the task
  (print "busy") }))
(let twice (fun (lk) { (lk true) (lk true) (lk false) }))
#                                ^^^^^^^^^ A304: lock `lk' is acquired twice by the same task: it waits for itself forever
(let free2 (fun (lk) { (lock:acquire lk) (lock:release lk) (lock:release lk) }))
#                                                          ^^^^^^^^^^^^^^^^^ A304: lock `lk' is released twice
(let branch (fun (lk c) {
  (lock:acquire lk)
# ^^^^^^^^^^^^^^^^^ A304: lock `lk' is acquired here and not released on every path of the task
  (if c (lock:release lk)) }))
(let loop (fun () {
  (mut i 0)
  (while (< i 3) { (l true) (set i (+ i 1)) }) }))
#                  ^^^^^^^^ A304: lock `l' is acquired twice by the same task: it waits for itself forever
(print (await (async keep l)) (await (async twice l)) (await (async free2 l)) (await (async branch l true)) (await (async loop)))
)ark");
    SECTION("a captured lock") {
        check_lints(R"ark(
(let l (lock:new))
(let run (fun (&l) { (l true) (print 1) }))
#                    ^^^^^^^^ A304: lock `l' is acquired here and not released on every path of the task
(print (await (async run)))
)ark");
    }
    SECTION("near misses: balanced, in a loop, try, with, passed on") {
        check_lints(R"ark(
(let l (lock:new))
(let ok (fun (lk) { (lock:acquire lk) (print 1) (lock:release lk) }))
(let looped (fun (n) { (mut i 0) (while (< i n) { (l true) (print i) (l false) (set i (+ i 1)) }) }))
(let tried (fun (lk) (if (lock:try lk) { (print 2) (lock:release lk) } (print "busy"))))
(let with (fun (lk) (lock:with lk print 3)))
(let helper (fun (lk) (lock:release lk)))
(let handed (fun (lk) { (lock:acquire lk) (helper lk) }))
(print (await (async ok l)) (await (async looped 2)) (await (async tried l)) (await (async with l)) (await (async handed l)))
)ark");
    }
}

TEST_CASE("A305 usertype-shared", "[lints][A305]") {
    check_lints(R"ark(
(let p (async (fun () 42)))
(let c (async (fun (f) (await f)) p))
#                                 ^ A305: future `p' is shared with the task, not copied: only one `await' gets its value, the other gets nil
(print (await p) (await c))
(let l (lock:new))
(let drop (fun (lk) (del lk)))
#                   ^^^^^^^^ A305: the lock `lk' is shared with the caller, not copied: `del' releases it for every task
(print (await (async drop l)))
)ark");
    SECTION("near miss: only the task awaits the future") {
        check_lints(R"ark(
(let producer (async (fun () "payload")))
(let consumer (fun (fut) (+ "got " (await fut))))
(print (await (async consumer producer)))
)ark");
    }
}

TEST_CASE("A306 set-in-async", "[lints][A306]") {
    check_lints(R"ark(
(mut total 0)
(let add (fun (n) (set total (+ total n))))
#                 ^^^^^^^^^^^^^^^^^^^^^^^ A306: `set total' inside a task changes only the task's copy of `total': the caller never sees it
(mut items [])
(let push (fun () (append! items 1)))
#                 ^^^^^^^^^^^^^^^^^ A306: `append! items' inside a task changes only the task's copy of `items': the caller never sees it
(await (async add 5))
(await (async push))
(print total items)
)ark");
    SECTION("near misses: own locals, captured state, a function not run as a task") {
        check_lints(R"ark(
(mut total 0)
(let own (fun (n) { (mut acc 0) (set acc (+ acc n)) acc }))
(let make (fun (count) (fun (&count) { (set count (+ count 1)) count })))
(let counter (make 0))
(let bump (fun (n) (set total (+ total n))))
(bump 2)
(print (await (async own 1)) (await (async counter)) total)
)ark");
    }
    SECTION("@= on a dict changes the dict the task shares with its caller") {
        check_lints(R"ark(
(let registry (dict))
(let register (fun (name) (@= registry name true)))
(await (async register "task"))
(print registry)
(mut names [])
(let note (fun (name) (@= names 0 name)))
#                     ^^^^^^^^^^^^^^^^^ A306: `@= names' inside a task changes only the task's copy of `names': the caller never sees it
(await (async note "task"))
)ark");
    }
}

TEST_CASE("suppression comments", "[lints]") {
    SECTION("on the line before a form, by code or slug") {
        check_lints(R"ark(
(let f (async (fun () 1)))
(await f)
# ark-lint: disable=A301
(print (await f))
# ark-lint: disable=double-await,A302
(print (await f) (await 1))
)ark");
    }
    SECTION("on the same line") {
        check_lints("(let f (async (fun () 1)))\n(await f)\n(print (await f)) # ark-lint: disable=A301\n");
    }
    SECTION("for the file") {
        check_lints(R"ark(
# ark-lint: disable-file=A101,unused-parameter
(let g (fun (x) { (let y 1) 2 }))
(print (g 1) (if true 1 2))
#                ^^^^ A106: condition is always true: the else branch never runs
)ark");
    }
    SECTION("only that form") {
        check_lints(R"ark(
(let f (async (fun () 1)))
(await f)
# ark-lint: disable=A301
(print (await f))
(print (await f))
#      ^^^^^^^^^ A301: future `f' is awaited twice
)ark");
    }
}

TEST_CASE("configuration: disable and re-level rules", "[lints]") {
    const std::string source = "(let g (fun (x) 1))\n(print (g 1) (if true 1 2))\n";
    LintConfig off;
    off.rules["A102"] = LintRule{false, std::nullopt};
    auto found = lint(source, off);
    REQUIRE(found.size() == 1);
    CHECK(found[0].code == "A106");

    LintConfig relevel;
    relevel.rules["constant-condition"] = LintRule{true, ark::Severity::Error};
    relevel.rules["all"] = LintRule{true, ark::Severity::Hint};
    found = lint(source, relevel);
    REQUIRE(found.size() == 2);
    CHECK(found[0].code == "A102");
    CHECK(found[0].severity == ark::Severity::Hint);
    CHECK(found[1].severity == ark::Severity::Error);

    LintConfig none;
    none.rules["all"] = LintRule{false, std::nullopt};
    CHECK(lint(source, none).empty());
}

TEST_CASE("lints skip broken programs and imported files", "[lints]") {
    CHECK(lint("(let f (fun (x) 1))\n(print (f 1)\n").empty());
    LintConfig broken;
    broken.run_on_broken_code = true;
    CHECK(!lint("(let f (fun (x) 1))\n(print (f 1) undefined-name)\n", broken).empty());
    // A package with its own findings: none reported for the main file.
    Files files = {{"/fixture/pkg.ark", "(let f (fun (unused) (if true 1 2)))\n"}};
    check_lints("(import pkg)\n(print (pkg:f 1))\n", {}, files);
}

// The server lints once the user pauses; a keystroke during that run must not
// wait for a whole lint to finish. run_lints() polls config.cancelled between
// top-level forms and functions, not only between lints, and stops at once.
TEST_CASE("lints poll for cancellation within a lint and stop when asked", "[lints][cancel]") {
    std::string source;
    for (int i = 0; i < 300; ++i) {
        const std::string n = std::to_string(i);
        source += "(let f" + n + " (fun (a b) { (let fut (async (fun () a))) (await fut) (await fut) }))\n(f" + n + " 1 2)\n";
    }
    const auto analysis = analyze(source);
    REQUIRE_FALSE(analysis->has_errors());

    size_t polls = 0;
    LintConfig counting;
    counting.cancelled = [&] {
        ++polls;
        return false;
    };
    const std::vector<Diagnostic> all = ark::lints::run_lints(*analysis, counting);
    CHECK(all.size() >= 600);  // each function: an unused parameter and a double await
    // At least once per top-level form (600) and per function (300): a lint
    // over the whole program is never one uninterruptible step.
    CHECK(polls >= 900);

    for (const size_t stop_at : {size_t{1}, size_t{10}, size_t{400}, size_t{800}}) {
        CAPTURE(stop_at);
        size_t asked = 0;
        LintConfig stopping;
        stopping.cancelled = [&] { return ++asked >= stop_at; };
        const std::vector<Diagnostic> found = ark::lints::run_lints(*analysis, stopping);
        CHECK(found.empty());       // a cancelled run's findings are not wanted
        CHECK(asked == stop_at);    // not asked again once it said yes: it stopped there
    }
}
