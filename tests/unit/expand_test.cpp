// Unit tests for compiler/expand/: macros (LANGUAGE.md §3.9) and imports
// (§3.7). Each case is source text -> the re-printed expanded program, or the
// diagnostics it must produce. Imported files are served from an in-memory
// map through ExpandOptions::read_file.
#include <catch2/catch.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>

#include "expand/expand.hpp"
#include "syntax/lower.hpp"
#include "syntax/tree.hpp"

using ark::Diagnostic;
using ark::SourceMap;
using ark::expand::ExpandOptions;
using ark::expand::ExpandResult;

namespace {

using Files = std::map<std::string, std::string>;

struct Run {
    SourceMap sources;
    ExpandResult result;
    std::vector<Diagnostic> diagnostics;  // parse + expand
};

// Parses `main` as /proj/main.ark (library folder /lib) and expands it.
std::unique_ptr<Run> expand(const std::string& main, const Files& files = {}) {
    auto run = std::make_unique<Run>();
    const ark::FileId id = run->sources.add("/proj/main.ark", main);
    auto parsed = ark::syntax::parse(main, id);
    run->diagnostics = parsed.diagnostics;
    auto forms = ark::syntax::lower(parsed.tree, id, run->diagnostics);
    ExpandOptions options;
    options.main_dir = "/proj";
    options.library_paths = {"/lib"};
    options.read_file = [files](const std::string& path) -> std::optional<std::string> {
        auto it = files.find(path);
        if (it == files.end()) return std::nullopt;
        return it->second;
    };
    run->result = ark::expand::expand_program(std::move(forms), run->sources, options);
    for (const Diagnostic& d : run->result.diagnostics) run->diagnostics.push_back(d);
    return run;
}

std::string program_text(const ExpandResult& result) {
    std::string out;
    for (const auto& form : result.program) {
        if (!out.empty()) out += "\n";
        out += ark::syntax::repr(form);
    }
    return out;
}

std::string diagnostics_text(const std::vector<Diagnostic>& diagnostics) {
    std::string out;
    for (const Diagnostic& d : diagnostics) {
        if (!out.empty()) out += "\n";
        out += d.code + " " + d.message;
    }
    return out;
}

void check_expands(const std::string& source, const std::string& expected, const Files& files = {}) {
    CAPTURE(source);
    auto run = expand(source, files);
    CHECK(diagnostics_text(run->diagnostics) == "");
    CHECK(program_text(run->result) == expected);
}

// `expected` lists every diagnostic as "CODE message", one a line.
void check_diagnostics(const std::string& source, const std::string& expected, const Files& files = {}) {
    CAPTURE(source);
    auto run = expand(source, files);
    CHECK(diagnostics_text(run->diagnostics) == expected);
}

struct Case {
    const char* source;
    const char* expected;
};

}  // namespace

TEST_CASE("expand: value and function macros", "[expand][macros]") {
    const Case cases[] = {
        {R"((macro GREETING "hi there") (print GREETING))", R"((print "hi there"))"},
        {"(macro square (x) (* x x)) (print (square 9) (square (+ 1 2)))", "(print (* 9 9) (* (+ 1 2) (+ 1 2)))"},
        {"(macro swap-args (f a b) (f b a)) (print (swap-args - 1 10))", "(print (- 10 1))"},
        {"(macro count (...items) ($len items)) (print (count) (count 7 8 9))", "(print 0 3)"},
        {R"((macro as-list (...items) [...items]) (print (as-list 1 "2" [3])))", R"((print (list 1 "2" (list 3))))"},
        {"(macro second (first ...rest) ($head rest)) (print (second 1 2 3))", "(print 2)"},
        {"(macro call (f ...args) (f ...args)) (call print 1 2)", "(print 1 2)"},
        {"(macro args (...xs) xs) (print (args a b))", "(print (list a b))"},
        {"(macro defun (name args body) (let name (fun args body))) (defun cube (n) (* n n n))",
         "(let cube (fun (n) (* n n n)))"},
        // The value is a tree, substituted as is; a value macro can name a function macro.
        {"(macro BLOCK { (f x) }) (print BLOCK)", "(print (f x))"},
        {"(macro sq (x) (* x x)) (macro S sq) (print (S 3))", "(print (* 3 3))"},
        // Macros calling macros, recursion stopped by $if.
        {"(macro -> (arg fn1 ...fn) { ($if (> ($len fn) 0) (-> (fn1 arg) ...fn) (fn1 arg)) }) (print (-> 1 f g h))",
         "(print (h (g (f 1))))"},
        // A function macro used as a plain symbol is left alone.
        {"(macro sq (x) (* x x)) (map sq lst)", "(map sq lst)"},
        // A captured parameter bound to a name captures that name.
        {"(macro getter (v) (fun (&v) v)) (let g (getter total))", "(let g (fun (&total) total))"},
        {"(macro empty () ()) (print (empty))", "(print ())"},
    };
    for (const Case& c : cases) check_expands(c.source, c.expected);
}

TEST_CASE("expand: macro scopes", "[expand][macros]") {
    const Case cases[] = {
        {"(macro LIMIT 3) { (macro LIMIT 99) (print LIMIT) } (print LIMIT)", "(begin (print 99))\n(print 3)"},
        {"(macro X 1) (print (begin (macro X 2) X) X)", "(print (begin 2) 1)"},
        {"(print (macro Y 2) Y) (print Y)", "(print 2)\n(print Y)"},
        {"(macro X 1) ($undef X) (print X)", "(print X)"},
        {"(macro X 1) { (macro X 2) ($undef X) (print X) }", "(begin (print 1))"},
        {"($undef NOPE) (print 1)", "(print 1)"},
        {"(macro X 1) (macro X 2) ($undef X) (print X)", "(print 1)"},
        // Definitions in the taken $if branch stay visible.
        {"($if true (macro A 1) (macro A 2)) (print A)", "(print 1)"},
        {"($if false (macro A 1) (macro A 2)) (print A)", "(print 2)"},
        // A macro expanding to a definition defines it where it is called.
        {"(macro def-x () (macro X 5)) (def-x) (print X)", "(print 5)"},
        // A block a macro call expands to is spliced where the list takes any
        // number of elements: its definitions belong to the enclosing list.
        {"(macro local () { (macro Z 1) (print Z) }) (local) (print Z)", "(print 1)\n(print 1)"},
        // Where one expression is expected it stays a block, a scope of macros.
        {"(macro local () { (macro Z 1) Z }) (let v (local)) (print Z)", "(let v 1)\n(print Z)"},
    };
    for (const Case& c : cases) check_expands(c.source, c.expected);
}

TEST_CASE("expand: $if compile-time evaluation", "[expand][macros]") {
    const Case cases[] = {
        {"(macro VERBOSE true) ($if VERBOSE (print 1) (print 2))", "(print 1)"},
        {"(macro LIMIT 3) ($if (> LIMIT 5) (print 1) (print 2))", "(print 2)"},
        {"(macro V true) (macro L 3) ($if (and V (= L 3)) (print 1))", "(print 1)"},
        {"($if false (print 1))", ""},
        {"(print 0 ($if false 1) 2)", "(print 0 2)"},
        {"($if (or false nil 0 \"\" 1) (a) (b))", "(a)"},
        {"($if (or false nil 0 \"\") (a) (b))", "(b)"},
        {"($if [1] (a) (b))", "(b)"},
        {"($if some-variable (a) (b))", "(b)"},
        {"($if \"x\" (a) (b))", "(a)"},
        {"($if -2 (a) (b))", "(a)"},
        {"($if (not 0) (a) (b))", "(a)"},
        {"($if (= [1] [1]) (a) (b))", "(b)"},
        {"($if (!= [1] [1]) (a) (b))", "(a)"},
        {"($if (= \"a\" \"a\") (a) (b))", "(a)"},
        {"($if (< \"abc\" \"abd\") (a) (b))", "(a)"},
        {"($if (<= 2 2) (a) (b))", "(a)"},
        {"($if (>= 1 2) (a) (b))", "(b)"},
        {"($if (= (+ 1 2) 3) (a) (b))", "(a)"},
        {"($if (= (* 2 (- 5 1)) 8) (a) (b))", "(a)"},
        {"($if (= (/ 9 3) 3) (a) (b))", "(a)"},
        {"($if (+ x 1) (a) (b))", "(b)"},
        {"($if (= ($len [1 2 3]) 3) (a) (b))", "(a)"},
        {"($if (len \"abc\") (a) (b))", "(b)"},
        {"($if ($empty? []) (a) (b))", "(a)"},
        {"($if ($empty? [1]) (a) (b))", "(b)"},
        {"($if (= ($head [7 8]) 7) (a) (b))", "(a)"},
        {"($if (= ($len ($tail [7 8 9])) 2) (a) (b))", "(a)"},
        {"($if (= ($at [7 8 9] 1) 8) (a) (b))", "(a)"},
        {"($if (= ($at [7 8 9] -1) 9) (a) (b))", "(a)"},
        // 4.3+: plain len/empty?/head/tail/@ are run-time calls, never computed here
        {"($if (= (len [1 2 3]) 3) (a) (b))", "(b)"},
        {"(macro is-big (n) (> n 10)) ($if (is-big 11) (a) (b))", "(a)"},
        {"($if (= ($repr (f x)) \"(f x)\") (a) (b))", "(a)"},
        {"($if (= nil nil) (a) (b))", "(a)"},
    };
    for (const Case& c : cases) check_expands(c.source, c.expected);
}

TEST_CASE("expand: $repr $symcat $argcount $as-is", "[expand][macros]") {
    const Case cases[] = {
        {"(print ($repr (+ 1 (* 2 3))))", R"~((print "(+ 1 (* 2 3))"))~"},
        {R"((print ($repr [1 "two"])))", R"~((print "(list 1 "two")"))~"},
        {"(print ($repr {a 1.50}))", R"~((print "(begin a 1.5)"))~"},
        {"(macro show (x) ($repr x)) (print (show (double 2)))", R"~((print "(double 2)"))~"},
        {"(macro make-var (base n value) (let ($symcat base n) value)) (make-var slot 1 \"first\")",
         R"((let slot1 "first"))"},
        {"(let ($symcat a 2.7 \"b\" c -1) 0)", "(let a2bc-1 0)"},
        {"(let ($symcat a (- 5 1)) 0)", "(let a4 0)"},
        {"(macro N 3) (let ($symcat x N) 0)", "(let x3 0)"},
        {"(let three-args (fun (a b c) (+ a b c))) (print ($argcount three-args) ($argcount (fun () 0)))",
         "(let three-args (fun (a b c) (+ a b c)))\n(print 3 0)"},
        {"(let f (fun (a &b) a)) (print ($argcount f))", "(let f (fun (a &b) a))\n(print 1)"},
        {"(mut f (fun (a) a)) (set f (fun (a b) a)) (print ($argcount f))",
         "(mut f (fun (a) a))\n(set f (fun (a b) a))\n(print 2)"},
        {"(let f { (fun (a b) a) }) (print ($argcount f))", "(let f (begin (fun (a b) a)))\n(print 2)"},
        {"(let g (fun () { (let f (fun (x) x)) ($argcount f) }))",
         "(let g (fun () (begin (let f (fun (x) x)) 1)))"},
        // $as-is keeps a run-time @; without it the out-of-range @ is folded (error).
        {"(macro at5 (x) ($as-is (@ x 5))) (print (at5 [1 2]))", "(print (@ (list 1 2) 5))"},
        {"(macro P (x) ($as-is (sq x))) (macro sq (y) (* y y)) (print (P 2))", "(print (* 2 2))"},
        // Folding happens in macro output only.
        {"(print (len [1 2]) (head [1]) (@ [1] 3))", "(print (len (list 1 2)) (head (list 1)) (@ (list 1) 3))"},
        {"(macro first (...xs) ($head xs)) (print (first a b) (first))", "(print a nil)"},
        {"(macro rest (...xs) ($tail xs)) (print (rest a b c))", "(print (list b c))"},
        {"(macro none? (...xs) ($empty? xs)) (print (none?) (none? 1))", "(print true false)"},
        {"(macro last (...xs) ($at xs -1)) (print (last a b c))", "(print c)"},
        {"(macro n (...xs) ($len ($tail ($tail xs)))) (print (n 1 2 3 4))", "(print 2)"},
        {"(macro L [1 2 3]) (macro M () ($len L)) (print (M))", "(print 3)"},
        // A call given to a macro is a list of code too, the callee first (std.Macros' `->`).
        {"(macro callee (c) ($head c)) (print (callee (g _ 2)))", "(print g)"},
        {"(macro args (c) ($tail c)) (print (args (g _ 2)))", "(print (list _ 2))"},
        {"(macro n (c) ($len c)) (macro e (c) ($empty? c)) (print (n (g a b)) (e (g)))", "(print 3 false)"},
        {"(macro second (c) ($at c 1)) (print (second (g x y)))", "(print x)"},
    };
    for (const Case& c : cases) check_expands(c.source, c.expected);
}

TEST_CASE("expand: macro errors", "[expand][macros]") {
    const Case cases[] = {
        {"(macro m (a b c) a) (m 1 2)", "E0501 Macro `m' got 2 argument(s) but needed 3"},
        {"(macro m (a b c ...r) a) (m 1 2)", "E0501 Macro `m' got 2 argument(s) but needed at least 3"},
        {"(macro m (a) a) (m 1 2)", "E0501 Macro `m' got 2 argument(s) but needed 1"},
        {"(macro N (f x))\n(print N)", ""},  // 4.0+: three elements are always a value macro
        {"($ N 1)", "E0502 `($ ...)' was replaced by `(macro ...)' in ArkScript 4.0"},
        {"(macro p (x) ($paste x)) (print (p 1))", "E0502 `$paste' was renamed `$as-is' in ArkScript 4.0"},
        {"(macro m (a a) a)", "E0501 macro `m' has two parameters named `a'"},
        {"(macro m (...r a) a)", "E0501 `...r' must be the last parameter of macro `m'"},
        {"(macro m (a 1) a)", "E0501 the parameters of macro `m' must be names, got `1'"},
        {"(macro m [a] a)", "E0501 the parameters of macro `m' must be a list in parentheses, got `(list a)'"},
        {"(macro 1 2)", "E0501 a macro name must be a symbol, got `1'"},
        {"(macro m)", "E0501 `macro' takes a name and a value, or a name, a parameter list and a body; got 1 argument(s)"},
        {"(macro $if 1)", "E0501 `$if' is a macro primitive and can not be redefined"},
        {"(print ...xs)", "E0501 found a leftover spread `...xs' outside of a macro"},
        {"(macro m (x) (f ...y)) (m 1)", "E0501 found a leftover spread `...y' outside of a macro"},
        {"(macro loop () (loop)) (loop)", "E0501 macro expansion went deeper than 256 levels while expanding `loop'"},
        {"(macro grow (x) (f (grow x))) (grow 1)",
         "E0501 macro expansion went deeper than 256 levels while expanding `grow'"},
        {"(macro at5 (x) ($at x 5)) (print (at5 [1 2]))", "E0501 `$at' index 5 is out of range for a list of length 2"},
        {"(macro n (x) ($len x)) (print (n 5))", "E0501 When expanding `$len', expected a List, got `5'"},
        {"($if true)", "E0501 `$if' takes a condition, a then branch and an optional else branch, got 1 argument(s)"},
        {"($if (and true) 1)", "E0501 `and' in a compile-time condition takes at least 2 arguments, got 1"},
        {"($if (+ 1 2 3) 1)", "E0501 `+' in a compile-time condition takes exactly 2 arguments, got 3"},
        {"(let ($symcat a [1]) 1)",
         "E0501 When expanding `$symcat', expected either a Number, String or Symbol, got a List"},
        {"(let ($symcat 1 a) 1)", "E0501 When expanding `$symcat', expected a Symbol or a String first, got a Number"},
        {"(print ($argcount print))",
         "E0501 When expanding `$argcount', expected a known function name or a (fun ...) form, got `print'"},
        {"(print ($repr))", "E0501 `$repr' takes 1 argument, got 0"},
        {"(print ($as-is 1 2))", "E0501 `$as-is' takes 1 argument, got 2"},
        {"($undef 1)", "E0501 `$undef' takes the name of a macro"},
    };
    for (const Case& c : cases) check_diagnostics(c.source, c.expected);
}

TEST_CASE("expand: an exponential macro is stopped", "[expand][macros]") {
    auto run = expand("(macro dup (x) (dup (x x))) (dup 1)");
    REQUIRE(run->diagnostics.size() == 1);
    CHECK(run->diagnostics[0].code == "E0501");
    CHECK(run->result.program.empty());
}

TEST_CASE("expand: a recursive macro folds the arithmetic it passes down", "[expand][macros]") {
    // Each level receives (- (- ... n 1) 1) unevaluated; $if evaluates it.
    auto run = expand("(macro count (n) ($if (> n 0) (+ 1 (count (- n 1))) 0)) (count 4)");
    REQUIRE(run->diagnostics.empty());
    REQUIRE(run->result.program.size() == 1);
    CHECK(ark::syntax::repr(run->result.program[0]) == "(+ 1 (+ 1 (+ 1 (+ 1 0))))");
    // A non-literal operand stays a call, its literal parts folded.
    auto kept = expand("(macro m (x) ($if (> (+ x (- 3 1)) 0) 1 2)) (print (m y))");
    REQUIRE(kept->diagnostics.empty());
    CHECK(ark::syntax::repr(kept->result.program[0]) == "(print 2)");
    // Doubling at every level is stopped by the node budget.
    auto doubling = expand("(macro dup (n) ($if (> n 0) (+ (dup (- n 1)) (dup (- n 1))) 1)) (print (dup 80))");
    REQUIRE(doubling->diagnostics.size() == 1);
    CHECK(doubling->diagnostics[0].code == "E0501");
}

TEST_CASE("expand: ranges of macro output", "[expand][macros]") {
    const std::string source = "(macro square (x) (* x x))\n(print (square 9))";
    auto run = expand(source);
    REQUIRE(run->result.program.size() == 1);
    const auto& print = run->result.program[0];
    const auto& product = print.children[1];  // (* 9 9), built by the body
    auto text_of = [&](const ark::SourceRange& r) { return source.substr(r.range.begin, r.range.length()); };
    CHECK(text_of(product.where) == "(square 9)");
    CHECK(text_of(product.children[0].where) == "(square 9)");
    CHECK(text_of(product.children[1].where) == "9");  // the argument keeps its own range
    CHECK(text_of(print.where) == "(print (square 9))");

    // Errors inside an expansion point at the user's call.
    const std::string bad = "(macro at5 (x) ($at x 5))\n(print (at5 [1 2]))";
    auto failed = expand(bad);
    REQUIRE(failed->diagnostics.size() == 1);
    const auto& r = failed->diagnostics[0].where.range;
    CHECK(bad.substr(r.begin, r.length()) == "(at5 [1 2])");
}

TEST_CASE("expand: macro records", "[expand][macros]") {
    auto run = expand("(macro A 1) (macro f (x ...r) x) { (macro B 2) }");
    const auto& macros = run->result.macros;
    REQUIRE(macros.size() == 3);
    CHECK(macros[0].name == "A");
    CHECK_FALSE(macros[0].is_function);
    CHECK(macros[1].name == "f");
    CHECK(macros[1].is_function);
    CHECK(macros[1].params == std::vector<std::string>{"x", "...r"});
    CHECK(macros[2].name == "B");
    CHECK(program_text(run->result) == "(begin)");
}

TEST_CASE("expand: the examples of shared/examples", "[expand][macros]") {
    check_expands(R"((macro VERBOSE true)
(macro LIMIT 3)
($if VERBOSE (print "verbose mode") (print "quiet mode"))
($if (> LIMIT 5) (print "big limit") (print "small limit"))
($if (and VERBOSE (= LIMIT 3)) (print "both hold"))
(macro make-var (base n value) (let ($symcat base n) value))
(make-var slot 1 "first")
(make-var slot 2 "second")
(print slot1 " " slot2)
(let three-args (fun (a b c) (+ a b c)))
(print ($argcount three-args) " " ($argcount (fun () 0)))
{
  (macro LIMIT 99)
  (print "inner limit " LIMIT) }
(print "outer limit " LIMIT))",
                  R"((print "verbose mode")
(print "small limit")
(print "both hold")
(let slot1 "first")
(let slot2 "second")
(print slot1 " " slot2)
(let three-args (fun (a b c) (+ a b c)))
(print 3 " " 0)
(begin (print "inner limit " 99))
(print "outer limit " 3))");
}

TEST_CASE("expand: example 19-macros", "[expand][macros]") {
    check_expands(R"~((macro GREETING "hi there")
(print GREETING)
(macro square (x) (* x x))
(print (square 9) " " (square (+ 1 2)))
(macro swap-args (f a b) (f b a))
(print (swap-args - 1 10))
(macro count (...items) ($len items))
(macro as-list (...items) [...items])
(print (count) " " (count 7 8 9) " " (as-list 1 "2" [3]))
(macro second (first ...rest) ($head rest))
(print (second 1 2 3))
(print ($repr (+ 1 (* 2 3))))
(print ($repr [1 "two"]))
(macro defun (name args body) (let name (fun args body)))
(defun cube (n) (* n n n))
(print (cube 3)))~",
                  R"~((print "hi there")
(print (* 9 9) " " (* (+ 1 2) (+ 1 2)))
(print (- 10 1))
(print 0 " " 3 " " (list 1 "2" (list 3)))
(print 2)
(print "(+ 1 (* 2 3))")
(print "(list 1 "two")")
(let cube (fun (n) (* n n n)))
(print (cube 3)))~");
}

TEST_CASE("expand: deep nesting", "[expand][macros]") {
    // Plain data is not walked, however deep the parser lets it be (its
    // limit is 256 levels, E0010).
    std::string deep = "(print ";
    for (int i = 0; i < 250; ++i) deep += "[";
    for (int i = 0; i < 250; ++i) deep += "]";
    deep += ")";
    auto plain = expand(deep);
    CHECK(plain->diagnostics.empty());
    CHECK(plain->result.program.size() == 1);
    // Deeper input never reaches the expander: the parser reports it once
    // and keeps an Error node in its place.
    std::string with_macro = "(macro X 1) (print ";
    for (int i = 0; i < 1500; ++i) with_macro += "[";
    with_macro += "X";
    for (int i = 0; i < 1500; ++i) with_macro += "]";
    with_macro += ")";
    auto refused = expand(with_macro);
    CHECK(diagnostics_text(refused->diagnostics) == "E0010 forms are nested too deeply: more than 256 levels");
}

TEST_CASE("expand: std-style macros", "[expand][macros]") {
    // A switch in the style of std.Switch.
    const std::string switch_macro = R"(
(macro switch (value case then ...cases) {
  ($if (= "_" ($repr case))
    then
    (if (= value case) then ($if (>= ($len cases) 2) (switch value ...cases)))) })
)";
    check_expands(switch_macro + "(print (switch x 1 \"one\" (+ 1 1) \"two\" _ \"other\"))",
                  R"((print (if (= x 1) "one" (if (= x (+ 1 1)) "two" "other"))))");
    check_expands(switch_macro + "(switch x 1 (a) 2 (b))", "(if (= x 1) (a) (if (= x 2) (b)))");
    check_diagnostics(switch_macro + "(switch x 1)", "E0501 Macro `switch' got 2 argument(s) but needed at least 3");

    // A partial in the style of std.Macros, with generated parameter names.
    const std::string partial_macro = R"(
(macro __params (n) { ($if (> n 0) ($symcat __p n) ()) })
(macro partial (f ...given) {
  (macro missing (- ($argcount f) ($len given)))
  ($if (= missing 1) (fun (__p1) (f ...given __p1))
    ($if (= missing 2) (fun (__p1 __p2) (f ...given __p1 __p2)) (fun () (f ...given)))) })
)";
    check_expands(partial_macro + "(let add3 (fun (a b c) (+ a b c))) (let p (partial add3 1)) (print ($argcount p))",
                  "(let add3 (fun (a b c) (+ a b c)))\n(let p (fun (__p1 __p2) (add3 1 __p1 __p2)))\n(print 2)");
    check_expands(partial_macro + "(let q (partial (fun (x y) (- x y)) zz))",
                  "(let q (fun (__p1) ((fun (x y) (- x y)) zz __p1)))");
}

TEST_CASE("expand: imports", "[expand][imports]") {
    const Files files = {
        {"/proj/modules/shapes/geometry.ark",
         "(import modules.shapes.units :to-cm)\n(print \"geometry module loaded\")\n"
         "(let rect-area (fun (w h) (* w h)))"},
        {"/proj/modules/shapes/units.ark", "(let to-cm (fun (meters) (* meters 100)))"},
        {"/lib/std/Math.ark", "(let even (fun (n) (= 0 (mod n 2))))\n(macro TWICE (x) (* 2 x))"},
        {"/lib/std/List.ark", "(import std.Math)\n(let sum (fun (l) 0))"},
        {"/proj/a.ark", "(import b)\n(let a 1)"},
        {"/proj/b.ark", "(import a)\n(let b 2)"},
        {"/proj/inner.ark", "(let x 1)\n(let y 2)"},
        {"/proj/one.ark", "(let only 1)"},
        {"/proj/std/Math.ark", "(let shadowing-main-dir 1)"},
        {"/proj/broken.ark", "(let ok 1)\n(let bad (\n"},
        {"/proj/atoms.ark", "42\n(let fine 1)"},
        {"/proj/mac.ark", "{ (macro HIDDEN 1) }\n(macro SHOWN 2)\n(let v 3)"},
    };
    SECTION("splices once, in place, resolved from the main folder") {
        check_expands(
            "(import modules.shapes.geometry:*)\n(import modules.shapes.geometry:*)\n"
            "(import modules.shapes.units :to-cm)\n(print (rect-area 3 4))",
            "(let units:to-cm (fun (meters) (* meters 100)))\n(print \"geometry module loaded\")\n"
            "(let geometry:rect-area (fun (w h) (* w h)))\n(print (geometry:rect-area 3 4))",
            files);
    }
    SECTION("library folders, main folder first, macros visible after") {
        check_expands("(import std.List)\n(print (TWICE 2))",
                      "(let math:shadowing-main-dir 1)\n(let list:sum (fun (l) 0))\n(print (TWICE 2))", files);
        Files lib_only = files;
        lib_only.erase("/proj/std/Math.ark");
        check_expands("(import std.List)\n(print (TWICE 2))",
                      "(let math:even (fun (n) (= 0 (mod n 2))))\n(let list:sum (fun (l) 0))\n(print (* 2 2))",
                      lib_only);
    }
    SECTION("cycles are harmless") {
        check_expands("(import a)\n(print a:a b:b)", "(let b:b 2)\n(let a:a 1)\n(print a:a b:b)", files);
    }
    SECTION("a package's block-local macros stay inside it") {
        check_expands("(import mac)\n(print HIDDEN SHOWN)", "(begin)\n(let mac:v 3)\n(print HIDDEN 2)", files);
    }
    SECTION("inside a fun body") {
        // The package's names are locals of the call, prefixed as anywhere else (4.0+).
        check_expands("(let f (fun () (import inner)))", "(let f (fun () (begin (let inner:x 1) (let inner:y 2))))", files);
        check_expands("(let f (fun () { (import inner) inner:x }))",
                      "(let f (fun () (begin (let inner:x 1) (let inner:y 2) inner:x)))", files);
        check_expands("(let f (fun () { (import inner:*) x }))",
                      "(let f (fun () (begin (let inner:x 1) (let inner:y 2) inner:x)))", files);
        check_expands("(let f (fun () (import one)))", "(let f (fun () (let one:only 1)))", files);
        // The function's own locals of the same name stay its own.
        check_expands("(let f (fun () { (import one) (let only 2) only }))",
                      "(let f (fun () (begin (let one:only 1) (let only 2) only)))", files);
    }
    SECTION("a capture reads the prefixed name and keeps the one written as its field (4.0+)") {
        Files with_box = files;
        with_box["/proj/box.ark"] = "(let n 1)\n(let get (fun (&n) n))";
        auto run = expand("(import box)\n(import inner:*)\n(let f (fun (&x &inner:y) x))", with_box);
        CHECK(diagnostics_text(run->diagnostics) == "");
        CHECK(program_text(run->result) ==
              "(let box:n 1)\n(let box:get (fun (&box:n) box:n))\n(let inner:x 1)\n(let inner:y 2)\n"
              "(let f (fun (&inner:x &inner:y) inner:x))");
        REQUIRE(run->result.program.size() == 5);
        const auto capture = [&](size_t form, size_t index) -> const ark::syntax::Sexp& {
            return run->result.program[form].children[2].children[1].children[index];
        };
        CHECK(ark::syntax::capture_field(capture(1, 0)) == "n");
        CHECK(ark::syntax::capture_field(capture(4, 0)) == "x");
        CHECK(ark::syntax::capture_field(capture(4, 1)) == "inner:y");  // as written
    }
    SECTION("records") {
        auto run = expand("(import std.Math :math:even :even)\n(import std.List)\n(import std.List:*)", files);
        const auto& imports = run->result.imports;
        REQUIRE(imports.size() == 4);
        CHECK(imports[0].package == "std.Math");
        CHECK(imports[0].selectors == std::vector<std::string>{"math:even", "even"});
        CHECK(imports[0].resolved_path == "/proj/std/Math.ark");
        REQUIRE(imports[0].file.has_value());
        CHECK(run->sources.file(*imports[0].file).path == "/proj/std/Math.ark");
        CHECK(imports[1].package == "std.List");
        CHECK(imports[2].package == "std.Math");  // imported by List.ark
        CHECK(imports[2].file == imports[0].file);
        CHECK(imports[3].package == "std.List");
        CHECK(imports[3].star);
        CHECK(imports[3].resolved_path == "/lib/std/List.ark");
        const auto& r = imports[0].package_range.range;
        CHECK(r.begin == 8);
        CHECK(r.end == 16);
        CHECK(imports[0].where.range.begin == 0);
        // The selectors are unknown to the main-folder std/Math.ark: warnings.
        CHECK(diagnostics_text(run->diagnostics) ==
              "E0405 Can not import symbol `math:even' from std.Math, as it isn't in the package\nE0405 Can not import symbol `even' from std.Math, as it isn't in the package");
    }
    SECTION("selectors name what the package defines (4.0: no prefix in a selector)") {
        Files lib_only = files;
        lib_only.erase("/proj/std/Math.ark");
        check_diagnostics("(import std.Math :even :math:even :TWICE :odd)",
                          "E0405 Can not import symbol `math:even' from std.Math, as it isn't in the package\n"
                          "E0405 Can not import symbol `odd' from std.Math, as it isn't in the package", lib_only);
        check_diagnostics("(import a :b)", "E0405 Can not import symbol `b' from a, as it isn't in the package", files);
        check_diagnostics("(import mac :HIDDEN :SHOWN :v)", "E0405 Can not import symbol `HIDDEN' from mac, as it isn't in the package", files);
    }
    SECTION("missing package") {
        auto run = expand("(print 1)\n(import nope.here :x)\n(import nope.here)", files);
        CHECK(diagnostics_text(run->diagnostics) == "E0401 couldn't import nope.here: file not found");
        REQUIRE(run->diagnostics.size() == 1);
        CHECK(run->diagnostics[0].hint == "looked for nope/here.ark in /proj, /lib");
        CHECK(run->diagnostics[0].kind == "ImportError");
        CHECK(program_text(run->result) == "(print 1)");
    }
    SECTION("errors of imported files carry their file id") {
        auto run = expand("(import broken)\n(import atoms)", files);
        CAPTURE(diagnostics_text(run->diagnostics));
        REQUIRE(run->diagnostics.size() == 3);  // two unclosed `(`, one bare atom
        CHECK(run->diagnostics[0].code == "E0004");
        CHECK(run->diagnostics[2].code == "E0007");
        CHECK(run->sources.file(run->diagnostics[0].where.file).path == "/proj/broken.ark");
        CHECK(run->sources.file(run->diagnostics[2].where.file).path == "/proj/atoms.ark");
        CHECK(program_text(run->result) == "(let broken:ok 1)\n(let broken:bad ())\n(let atoms:fine 1)");
    }
    SECTION("invalid import forms") {
        const Case cases[] = {
            {"(import)", "E0402 `import' needs a package name, as in (import std.List)"},
            {"(import \"file.ark\")", "E0402 packages are named, not quoted: (import \"...\") is ArkScript 3 syntax"},
            {"(import a.b:c)", "E0402 `b:c' is not a valid package name component"},
            {"(import _x)", "E0402 `_x' is not a valid package name component"},
            {"(import a.b x)", "E0402 expected a name to import such as `:map', got `x'"},
            {"(import a.b :)", "E0402 expected a name to import such as `:map', got `:'"},
            {"(import one:* :x)", "E0402 a `:*' import brings every name and takes no `:name' selectors"},
            {"(import (a))", "E0402 expected a package name such as std.List, got `(a)'"},
        };
        for (const Case& c : cases) check_diagnostics(c.source, c.expected, files);
    }
    SECTION("the main program importing itself splices nothing") {
        Files with_main = files;
        with_main["/proj/main.ark"] = "(import main :nothing)\n(print 1)";
        auto run = expand(with_main["/proj/main.ark"], with_main);
        CHECK(diagnostics_text(run->diagnostics) == "");
        CHECK(program_text(run->result) == "(print 1)");
        REQUIRE(run->result.imports.size() == 1);
        CHECK(run->result.imports[0].file == ark::FileId(0));
    }
    SECTION("through a macro and a $if") {
        check_expands("(macro use (p) (import p))\n(use one)\n($if true (import inner))",
                      "(let one:only 1)\n(let inner:x 1)\n(let inner:y 2)", files);
    }
}

TEST_CASE("expand: an import chain 20,000 files deep", "[expand][imports]") {
    // mN imports mN-1 with `:*`: followed without recursion (a chain this
    // deep overflowed the stack when each import expanded the next one), and
    // each file's forms are moved once, in the order the chain defines them.
    constexpr int kDepth = 20000;
    Files files;
    for (int n = 0; n < kDepth; ++n)
        files["/proj/m" + std::to_string(n) + ".ark"] =
            (n > 0 ? "(import m" + std::to_string(n - 1) + ":*)\n" : std::string()) + "(let v" + std::to_string(n) + " " +
            std::to_string(n) + ")";
    auto run = expand("(import m" + std::to_string(kDepth - 1) + ":*)\n(print v" + std::to_string(kDepth - 1) + ")", files);
    CHECK(diagnostics_text(run->diagnostics) == "");
    REQUIRE(run->result.program.size() == kDepth + 1);
    CHECK(ark::syntax::repr(run->result.program.front()) == "(let m0:v0 0)");
    CHECK(ark::syntax::repr(run->result.program[kDepth - 1]) == "(let m19999:v19999 19999)");
    CHECK(ark::syntax::repr(run->result.program.back()) == "(print m19999:v19999)");
}

TEST_CASE("expand: the default reader uses the disk", "[expand][imports]") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / "ark_expand_test";
    fs::create_directories(dir / "pkg");
    {
        std::ofstream(dir / "pkg" / "mod.ark") << "(let from-disk 1)";
    }
    SourceMap sources;
    const std::string main = "(import pkg.mod)";
    const ark::FileId id = sources.add((dir / "main.ark").string(), main);
    auto parsed = ark::syntax::parse(main, id);
    std::vector<Diagnostic> diagnostics;
    auto forms = ark::syntax::lower(parsed.tree, id, diagnostics);
    ExpandOptions options;
    options.main_dir = dir.string();
    auto result = ark::expand::expand_program(std::move(forms), sources, options);
    CHECK(diagnostics_text(result.diagnostics) == "");
    CHECK(program_text(result) == "(let mod:from-disk 1)");
    fs::remove_all(dir);
}

namespace {

// A scratch folder on disk (main.ark's folder is `root/project`), removed at the end.
struct DiskImports {
    std::filesystem::path root;
    DiskImports() {
        root = std::filesystem::temp_directory_path() / ("ark_import_roots_" + std::to_string(::getpid()));
        std::filesystem::remove_all(root);
        std::filesystem::create_directories(root / "project");
        std::filesystem::create_directories(root / "outside");
    }
    ~DiskImports() { std::filesystem::remove_all(root); }
    void write(const std::string& relative, const std::string& text) const {
        std::ofstream(root / relative) << text;
    }
    // Expands `main` read from the default reader (the disk), imports limited
    // to `roots` when given.
    ExpandResult expand(const std::string& main, std::optional<std::vector<std::string>> roots) const {
        SourceMap sources;
        const ark::FileId id = sources.add((root / "project" / "main.ark").string(), main);
        auto parsed = ark::syntax::parse(main, id);
        std::vector<Diagnostic> diagnostics;
        auto forms = ark::syntax::lower(parsed.tree, id, diagnostics);
        ExpandOptions options;
        options.main_dir = (root / "project").string();
        options.allowed_roots = std::move(roots);
        return ark::expand::expand_program(std::move(forms), sources, options);
    }
};

std::string codes_of(const ExpandResult& result) {
    std::string out;
    for (const Diagnostic& d : result.diagnostics) out += (out.empty() ? "" : " ") + d.code;
    return out;
}

}  // namespace

TEST_CASE("expand: imports read regular files only", "[expand][imports]") {
    namespace fs = std::filesystem;
    DiskImports disk;
    const std::string project = (disk.root / "project").string();
    REQUIRE(::mkfifo((disk.root / "project" / "pipe.ark").c_str(), 0600) == 0);
    fs::create_symlink("/dev/zero", disk.root / "project" / "zero.ark");
    fs::create_directories(disk.root / "project" / "folder.ark");
    {
        std::ofstream big(disk.root / "project" / "big.ark");
        big.seekp(static_cast<std::streamoff>(ark::kMaxSourceFileBytes));  // sparse, one byte over
        big << ' ';
    }
    // Restricted or not: none of them is read (a FIFO would block for good).
    for (const auto& roots : {std::optional<std::vector<std::string>>(), std::optional(std::vector{project})}) {
        for (const std::string package : {"pipe", "zero", "folder"}) {
            const ExpandResult result = disk.expand("(import " + package + ")\n(print 1)", roots);
            CAPTURE(package, roots.has_value());
            REQUIRE(result.diagnostics.size() == 1);
            CHECK(result.diagnostics[0].code == "E0404");
            CHECK(result.diagnostics[0].message ==
                  "couldn't import " + package + ": `" + project + "/" + package +
                      ".ark': not a regular file (a folder, FIFO, socket or device)");
            CHECK(program_text(result) == "(print 1)");
        }
        const ExpandResult big = disk.expand("(import big)", roots);
        CHECK(codes_of(big) == "E0404");
        CHECK(big.diagnostics.at(0).message == "couldn't import big: `" + project + "/big.ark': larger than 16 MiB");
    }
}

TEST_CASE("expand: allowed roots keep imports inside the workspace and the library", "[expand][imports]") {
    namespace fs = std::filesystem;
    DiskImports disk;
    const std::string project = (disk.root / "project").string();
    disk.write("outside/secret.ark", "(let secret 42)");
    disk.write("project/inside.ark", "(let inside 1)");
    fs::create_symlink(disk.root / "outside" / "secret.ark", disk.root / "project" / "secret.ark");
    fs::create_symlink(disk.root / "project" / "inside.ark", disk.root / "project" / "alias.ark");
    fs::create_symlink(disk.root / "outside", disk.root / "project" / "far");

    SECTION("a symlink leaving the roots is refused, and says where it leads") {
        for (const std::string package : {"secret", "far.secret"}) {
            const ExpandResult result = disk.expand("(import " + package + ")\n(print 1)", std::vector{project});
            CAPTURE(package);
            REQUIRE(result.diagnostics.size() == 1);
            CHECK(result.diagnostics[0].code == "E0403");
            CHECK(result.diagnostics[0].kind == "ImportError");
            CHECK(result.diagnostics[0].message.find("leads outside the workspace and the library folders") !=
                  std::string::npos);
            CHECK(result.diagnostics[0].hint->find(fs::canonical(disk.root / "outside" / "secret.ark").string()) !=
                  std::string::npos);
            CHECK(program_text(result) == "(print 1)");  // nothing of the file
        }
    }
    SECTION("a symlink within the roots is read") {
        CHECK(program_text(disk.expand("(import alias)", std::vector{project})) == "(let alias:inside 1)");
    }
    SECTION("a library folder is a root too") {
        const ExpandResult result =
            disk.expand("(import far.secret)", std::vector{project, (disk.root / "outside").string()});
        CHECK(codes_of(result) == "");
        CHECK(program_text(result) == "(let secret:secret 42)");
    }
    SECTION("unrestricted (the CLI) follows the symlink") {
        CHECK(program_text(disk.expand("(import secret)", std::nullopt)) == "(let secret:secret 42)");
    }
    SECTION("a missing file outside the roots is just missing") {
        CHECK(codes_of(disk.expand("(import far.nothing)", std::vector{project})) == "E0401");
    }
}

TEST_CASE("expand: splicing a block a macro call expands to", "[expand][macros]") {
    const Case cases[] = {
        // Among call arguments, list elements, parameters and at the top level: spliced.
        {"(macro pair () { 2 3 }) (print (+ 1 (pair)))", "(print (+ 1 2 3))"},
        {"(macro pair () { 2 3 }) (print [1 (pair) 4])", "(print (list 1 2 3 4))"},
        {"(macro pair () { 2 3 }) (pair)", "2\n3"},
        {"(macro ps () { a b }) (let f (fun ((ps) c) (+ a b c)))", "(let f (fun (a b c) (+ a b c)))"},
        // Recursively, through $if: (suffix-dup a 3) is a1 a2 a3.
        {"(macro suffix-dup (sym x) { ($if (> x 1) (suffix-dup sym (- x 1))) ($symcat sym x) }) (let f (fun ((suffix-dup a 3)) a1))",
         "(let f (fun (a1 a2 a3) a1))"},
        {"($if true { (macro A 1) (macro B 2) }) (print A B)", "(print 1 2)"},
        // One expression expected: the block stays one.
        {"(macro pair () { 2 3 }) (let v (pair))", "(let v (begin 2 3))"},
        {"(macro pair () { 2 3 }) (if (pair) (pair) (pair))", "(if (begin 2 3) (begin 2 3) (begin 2 3))"},
        {"(macro pair () { 2 3 }) (while (pair) (pair))", "(while (begin 2 3) (begin 2 3))"},
        // A user's own block is never spliced, nor a `begin` a macro gives.
        {"(print {1 2})", "(print (begin 1 2))"},
        {"(macro b () (begin 1 2)) (print (b))", "(print (begin 1 2))"},
        // Nothing: removed from a list, and from the optional else branch.
        {"(macro none () ($if false 1)) (print 1 (none) 2)", "(print 1 2)"},
        {"(macro none () ($if false 1)) (if c 1 (none))", "(if c 1)"},
    };
    for (const Case& c : cases) check_expands(c.source, c.expected);
    // Nothing where one expression is expected: a MacroError at the call.
    check_diagnostics("(macro none () ($if false 1)) (let v (none))", "E0501 macro `none' produced no expression where one is expected");
    check_diagnostics("(macro none () { }) (fun () (none))", "E0501 macro `none' produced no expression where one is expected");
    check_diagnostics("(if ($if false 1) 2)", "E0501 `$if' produced no expression where one is expected");
    check_diagnostics("(let v (macro X 1))", "E0501 this macro definition produced no expression where one is expected");
    // A macro that recurses through splicing meets the depth limit.
    check_diagnostics("(macro inf () { 1 (inf) }) (print (inf))",
                      "E0501 macro expansion went deeper than 256 levels while expanding `inf'");
}
