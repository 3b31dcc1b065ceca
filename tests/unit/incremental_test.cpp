// reanalyze() must give exactly what analyze() gives: every token, node,
// lowered form, symbol, reference, scope and diagnostic, over edits of every
// corpus program and of a generated big one.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "analysis/incremental.hpp"
#include "same_analysis.hpp"

using namespace ark;

namespace {

const std::string kPath = "/virtual/edited.ark";

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// reanalyze() on a fresh analysis of `before`.
std::shared_ptr<analysis::Analysis> again(const std::string& before, const std::string& after,
                                          const std::string& path = kPath) {
    analysis::AnalysisOptions options;
    std::shared_ptr<analysis::Analysis> previous = analysis::analyze(kPath, before, options);
    return analysis::reanalyze(previous, path, after, options);
}

// The edits a person makes while typing, at one offset.
std::vector<std::string> edits_at(const std::string& text, size_t at) {
    const std::string head = text.substr(0, at), tail = text.substr(at);
    std::vector<std::string> edited = {head + " x" + tail, head + "x" + tail, head + "(" + tail, head + ")" + tail,
                                       head + "\"" + tail, head + "# note\n" + tail, head + "\n" + tail,
                                       head + "(print y)" + tail, head + "1" + tail};
    if (at < text.size()) {
        edited.push_back(head + tail.substr(1));            // delete a character
        edited.push_back(head + "z" + tail.substr(1));      // replace it
    }
    if (at + 8 <= text.size()) edited.push_back(head + tail.substr(8));  // delete a word or so
    return edited;
}

// How many of the incremental rebuilds check_edits() compared resolved only
// the edited forms (splice_resolution.hpp).
size_t n_spliced = 0;

// Applies the edits at `n_offsets` offsets spread over the text, at as many
// line ends (where typing usually happens) and at the end; compares; returns
// how many edits took the incremental path.
size_t check_edits(const std::string& text, size_t n_offsets) {
    // A text reanalyze() declines as it is (macros, imports, syntax errors)
    // it declines after any edit: skip the edits (some such programs are
    // slow to analyse on purpose).
    if (!again(text, text)) return 0;
    std::vector<size_t> offsets;
    const size_t step = std::max<size_t>(1, text.size() / n_offsets);
    for (size_t i = 0; i < text.size(); i += step) {
        offsets.push_back(i);
        if (const size_t line_end = text.find('\n', i); line_end != std::string::npos) offsets.push_back(line_end);
    }
    offsets.push_back(text.size());
    size_t n_incremental = 0;
    for (size_t at : offsets) {
        const std::vector<std::string> edits = edits_at(text, at);
        for (size_t edit = 0; edit < edits.size(); ++edit) {
            auto incremental = again(text, edits[edit]);
            if (!incremental) continue;
            ++n_incremental;
            n_spliced += incremental->resolution_spliced;
            CAPTURE(at, edit);  // (Catch2 prints captures eagerly: not the texts)
            CHECK(test::first_difference(*analysis::analyze(kPath, edits[edit], analysis::AnalysisOptions()), *incremental) == "");
        }
    }
    return n_incremental;
}

// Like bench/lsp/bench.py's program: documented functions with locals, loops
// and calls, plus globals.
std::string generated_program(int n_functions) {
    std::string text;
    for (int i = 0; i < n_functions; ++i) {
        const std::string name = "compute-" + std::to_string(i);
        const std::string callee = i == 0 ? "+" : "compute-" + std::to_string(i / 2);
        text += "# Computes step " + std::to_string(i) + ".\n(let " + name + " (fun (alpha beta) {\n  (mut total (" + callee +
                " alpha beta))\n  (mut index 0)\n  (while (< index 3) {\n    (set total (+ total (* index beta)))\n"
                "    (set index (+ index 1)) })\n  (if (> total 100) (print \"big\" total) (print \"small\"))\n  total }))\n"
                "(let value-" + std::to_string(i) + " (" + name + " " + std::to_string(i) + " 2))\n";
    }
    return text + "(print value-0)\n";
}

}  // namespace

TEST_CASE("reanalyze equals analyze over edits of the corpus programs", "[incremental]") {
    size_t n_incremental = 0;
    n_spliced = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(std::string(ARK_SOURCE_DIR) + "/tests/programs")) {
        if (entry.path().extension() != ".ark") continue;
        INFO(entry.path().string());
        n_incremental += check_edits(read_text(entry.path()), 4);
    }
    // Most of the corpus uses neither macros nor imports: the fast path must
    // really have been taken (and checked) thousands of times, and most of
    // those edits leave what the forms define as it was (only the edited
    // forms are resolved again).
    CHECK(n_incremental > 3000);
    CHECK(n_spliced > n_incremental / 2);
}

TEST_CASE("reanalyze equals analyze over edits of a generated program", "[incremental]") {
    n_spliced = 0;
    CHECK(check_edits(generated_program(40), 40) > 500);
    CHECK(n_spliced > 250);
}

// ArkScript 4.8 code the fast path takes (no macros, no imports): parameter
// attributes, dicts, the list instructions, raw strings, loop scopes,
// breakpoints, operators as values, bindings that give values.
const std::string kLanguage48Program = R"ark(# 4.8 code the fast path takes
(let bump (fun ((mut n)) { (set n (+ n 1)) n }))
(let size (fun ((ref xs)) (len xs)))
(mut d (dict "a" 1 2 "b"))
(@= d "z" (bump 1))
(mut grid [[1 2] [3 4]])
(@@= grid 0 1 (size [1 2]))
(mut i 0)
(while (< i 3) { (let square (* i i)) (set i (+ i 1)) (breakpoint (= square 4)) })
(let add +)
(let keep (fun (&d) (@ d "a")))
(print (apply add [1 2]) (format "{:nc}" [1 2]) r"C:\new" (@ d "z") (@@ grid 0 1) (let v (set i 0)) (pop! grid 0) (keep))
)ark";

TEST_CASE("reanalyze equals analyze over edits of 4.8 code", "[incremental]") {
    REQUIRE(again(kLanguage48Program, kLanguage48Program));
    CHECK(check_edits(kLanguage48Program, 60) > 500);
    // Typing 4.8 forms: an attribute, a capture, a dict, a raw string, an
    // in-place instruction. Each is taken and equal, or declined.
    const std::vector<std::string> typed = {"((mut x)) ", "(ref xs)", "&d ", "(dict 1 2) ", "r\"a\\b\" ",
                                            "(@= d 1 2) ", "(breakpoint) ", "(let v +) "};
    size_t n_incremental = 0;
    for (size_t at = 0; at <= kLanguage48Program.size(); at += 7) {
        for (const std::string& insert : typed) {
            const std::string edited = kLanguage48Program.substr(0, at) + insert + kLanguage48Program.substr(at);
            auto incremental = again(kLanguage48Program, edited);
            if (!incremental) continue;
            ++n_incremental;
            CAPTURE(at, insert);
            CHECK(test::first_difference(*analysis::analyze(kPath, edited, analysis::AnalysisOptions()), *incremental) == "");
        }
    }
    CHECK(n_incremental > 200);
    // A macro or an import typed into 4.8 code makes expansion whole-program: declined.
    CHECK_FALSE(again(kLanguage48Program, "(macro twice (x) (* 2 x))\n" + kLanguage48Program));
    CHECK_FALSE(again(kLanguage48Program, "(import std.List)\n" + kLanguage48Program));
    CHECK_FALSE(again(kLanguage48Program, "(import std.String :find)\n" + kLanguage48Program));
    CHECK_FALSE(again("(macro value 21)\n" + kLanguage48Program, kLanguage48Program));
}

TEST_CASE("reanalyze declines what it cannot do exactly", "[incremental]") {
    CHECK(again("(let a 1)\n(let b 2)\n", "(let a 1)\n(let b 3)\n"));
    // An unclosed form or string would take in the rest of the file.
    CHECK_FALSE(again("(let a 1)\n(let b 2)\n", "(let a (1)\n(let b 2)\n"));
    CHECK_FALSE(again("(let a 1)\n(let b 2)\n", "(let a \"1)\n(let b 2)\n"));
    // Macros, spreads and imports make expansion whole-program.
    CHECK_FALSE(again("(macro m 1)\n(let b m)\n", "(macro m 2)\n(let b m)\n"));
    CHECK_FALSE(again("(let a 1)\n", "(let a ($argcount print))\n"));
    CHECK_FALSE(again("(let a 1)\n", "(import std.List)\n(let a 1)\n"));
    // A previous text with a lexer error (which may reach past its form); another file.
    CHECK_FALSE(again("(let a \"1)\n(let b 2)\n", "(let a \"1\")\n(let b 2)\n"));
    CHECK_FALSE(again("(let a 1)\n", "(let a 1)\n", "/virtual/other.ark"));
}

TEST_CASE("reanalyze recycles only what it alone holds", "[incremental]") {
    analysis::AnalysisOptions options;
    std::shared_ptr<analysis::Analysis> previous = analysis::analyze(kPath, "(let a 1)\n", options);
    {
        // Still referenced elsewhere (a request reading it): left alone.
        const std::shared_ptr<analysis::Analysis> reader = previous;
        CHECK_FALSE(analysis::reanalyze(previous, kPath, "(let a 2)\n", options));
        CHECK(previous == reader);
    }
    // Declined (an unclosed form): left as it was.
    CHECK_FALSE(analysis::reanalyze(previous, kPath, "(let a (2)\n", options));
    REQUIRE(previous);
    CHECK(previous->main_source().text == "(let a 1)\n");
    // Taken: the result is the same object, changed in place.
    const analysis::Analysis* const object = previous.get();
    const std::shared_ptr<analysis::Analysis> next = analysis::reanalyze(previous, kPath, "(let a 2)\n", options);
    CHECK(next.get() == object);
    CHECK_FALSE(previous);
    CHECK(next->main_source().text == "(let a 2)\n");
}

// Typing `(print ` in a body leaves a form open until its `)` comes: the
// enclosing `}` closes it (reported), so both steps stay in the edited
// top-level form and are rebuilt incrementally, each from the one before.
TEST_CASE("reanalyze takes a form left open and then closed, step after step", "[incremental]") {
    const std::string text = generated_program(30);
    analysis::AnalysisOptions options;
    std::shared_ptr<analysis::Analysis> current = analysis::analyze(kPath, text, options);
    size_t n_steps = 0;
    for (size_t at = text.find("  total }))"); at != std::string::npos; at = text.find("  total }))", at + 1)) {
        const size_t name = at + 2;
        const std::vector<std::string> steps = {
            text.substr(0, name) + "(print " + text.substr(name),                  // open
            text.substr(0, name) + "(print total) " + text.substr(name),            // closed (and more typed)
            text.substr(0, name) + "(print total) )" + text.substr(name),           // a stray `)`
            text.substr(0, name) + "(print total) " + text.substr(name),            // removed
            text,                                                                    // back
        };
        for (size_t step = 0; step < steps.size(); ++step) {
            CAPTURE(at, step);
            std::shared_ptr<analysis::Analysis> next = analysis::reanalyze(current, kPath, steps[step], options);
            REQUIRE(next);
            CHECK(test::first_difference(*analysis::analyze(kPath, steps[step], options), *next) == "");
            // Resolved on the step before, but for the stray `)` and its
            // removal: the parser's mending moves the body's last form out
            // of the function, which changes what the forms define.
            if (step != 2 && step != 3) CHECK(next->resolution_spliced);
            current = std::move(next);
            ++n_steps;
        }
        CHECK(current->has_errors() == false);
    }
    CHECK(n_steps == 150);
    // Still declined: a form left open at its top level (it takes in the
    // forms after it), and an open string.
    CHECK_FALSE(again(text, text.substr(0, text.find("(let value-3")) + "(" + text.substr(text.find("(let value-3"))));
    CHECK_FALSE(again(text, text.substr(0, text.find("total }))")) + "\"" + text.substr(text.find("total }))"))));
}

// A file without imports that defines its own macros above the code: an
// edit below them expands the edited forms with the expander the whole file
// left (analysis.expansion), and equals analyze().
TEST_CASE("reanalyze expands a file's own macros below their definitions", "[incremental]") {
    const std::string macros = "(macro twice (x) (+ x x))\n(macro unless2 (c body) (if c nil body))\n";
    const std::string text = macros + generated_program(20) + "(print (twice 3) (unless2 false 4))\n";
    REQUIRE(again(text, text));
    CHECK(check_edits(text, 30) > 200);
    // Uses of the macros typed below them are taken and equal.
    size_t n_incremental = 0;
    for (size_t at = macros.size(); at <= text.size(); at += 97) {
        for (const std::string& insert : {std::string("(twice 2) "), std::string("(unless2 true (print 1)) ")}) {
            const std::string edited = text.substr(0, at) + insert + text.substr(at);
            auto incremental = again(text, edited);
            if (!incremental) continue;
            ++n_incremental;
            CAPTURE(at, insert);
            CHECK(test::first_difference(*analysis::analyze(kPath, edited, analysis::AnalysisOptions()), *incremental) == "");
        }
    }
    CHECK(n_incremental > 20);
    // Declined: an edit above a definition, or of one; a definition typed;
    // $gensym anywhere (names are numbered in program order).
    CHECK_FALSE(again(text, "(print 1)\n" + text));
    CHECK_FALSE(again(text, "(macro twice (x) (* x 2))\n" + text.substr(text.find('\n') + 1)));
    CHECK_FALSE(again(text, text + "(macro thrice (x) (+ x x x))\n"));
    const std::string fresh = "(macro fresh () ($gensym))\n(let a (fun ((fresh)) 1))\n(let b 2)\n";
    CHECK_FALSE(again(fresh, "(macro fresh () ($gensym))\n(let a (fun ((fresh)) 1))\n(let b 3)\n"));
    // A definition never used makes no name: taken.
    CHECK(again("(macro fresh () ($gensym))\n(let b 2)\n", "(macro fresh () ($gensym))\n(let b 3)\n"));
}

// Only the edited forms are resolved again when what they define is as it
// was; any change to that (a name bound, a global's mutability, parameters or
// dict-ness) or a kept diagnostic that points into the edited form makes the
// whole program resolved again. Each way, the result equals analyze().
TEST_CASE("reanalyze resolves only the edited forms while what they define stays", "[incremental]") {
    const std::string text =
        "(let f (fun (a b) (+ a b)))\n"       // form 0
        "(mut counter 0)\n"                    // form 1
        "(let d (dict \"k\" 1))\n"             // form 2
        "(let g (fun (x) { (let y (f x 1)) (set counter (+ counter y)) (@= d \"k\" y) y }))\n"
        "(print (g 2) counter missing-name)\n";
    const auto replaced = [&](const std::string& from, const std::string& to) {
        std::string edited = text;
        const size_t at = edited.find(from);
        REQUIRE(at != std::string::npos);
        return edited.replace(at, from.size(), to);
    };
    struct Case {
        std::string edited;
        bool spliced;
    };
    const std::vector<Case> cases = {
        {replaced("(+ a b)", "(- a b)"), true},                // a body
        {replaced("(+ a b)", "(+ a bx)"), true},               // an unbound name in a body
        {replaced("missing-name", "counter"), true},           // the unbound name mended
        {replaced("(print (g 2)", "(print (g 2 3)"), true},    // an arity warning in the edited form
        {replaced("(let f (fun (a b)", "(let f (fun (a)"), false},   // a global's parameters: calls after it
        {replaced("(let f (fun (a b)", "(let h (fun (a b)"), false}, // a global's name
        {replaced("(mut counter 0)", "(let counter 0)"), false},     // mutability: the `set` after it
        {replaced("(dict \"k\" 1)", "[1]"), false},                  // dict-ness: the `@=` after it
        {replaced("(let y (f x 1))", "(let z (f x 1))"), false},     // a local's name: defined anywhere
        {replaced("(let y (f x 1))", "(let y (f x 1 2))"), true},    // a local's value
    };
    for (size_t i = 0; i < cases.size(); ++i) {
        CAPTURE(i);
        const std::shared_ptr<analysis::Analysis> incremental = again(text, cases[i].edited);
        REQUIRE(incremental);
        CHECK(incremental->resolution_spliced == cases[i].spliced);
        CHECK(test::first_difference(*analysis::analyze(kPath, cases[i].edited, analysis::AnalysisOptions()), *incremental) == "");
    }
    // A redefinition's error after the edited form points into it ("first
    // defined here"): the whole program is resolved again.
    const std::string twice = "(let v 1)\n(print v)\n(let v 2)\n";
    const std::string twice_edited = "(let v  1)\n(print v)\n(let v 2)\n";
    const auto redefinition = again(twice, twice_edited);
    REQUIRE(redefinition);
    CHECK_FALSE(redefinition->resolution_spliced);
    CHECK(test::first_difference(*analysis::analyze(kPath, twice_edited, analysis::AnalysisOptions()), *redefinition) == "");
}

// While a `(` is left open, unbound names get no hints (resolve()'s
// `hints`); the keystroke that closes it gives the kept errors of the other
// forms their hints, as a whole resolution makes them.
TEST_CASE("reanalyze gives the kept unbound names their hints once the syntax is clean", "[incremental]") {
    const std::string text = generated_program(10) + "(print value-1 valeu-2)\n";
    const size_t at = text.find("  total }))") + 2;
    const std::string open = text.substr(0, at) + "(print " + text.substr(at);
    const std::string closed = text.substr(0, at) + "(print total) " + text.substr(at);
    analysis::AnalysisOptions options;
    std::shared_ptr<analysis::Analysis> current = analysis::analyze(kPath, open, options);
    const auto misspelt = [](const analysis::Analysis& a) {
        return std::find_if(a.resolution->checks.begin(), a.resolution->checks.end(),
                            [](const Diagnostic& d) { return d.message.find("valeu-2") != std::string::npos; });
    };
    REQUIRE(misspelt(*current) != current->resolution->checks.end());
    CHECK_FALSE(misspelt(*current)->hint);  // made without hints
    std::shared_ptr<analysis::Analysis> next = analysis::reanalyze(current, kPath, closed, options);
    REQUIRE(next);
    CHECK(next->resolution_spliced);
    CHECK(test::first_difference(*analysis::analyze(kPath, closed, options), *next) == "");
    REQUIRE(misspelt(*next) != next->resolution->checks.end());
    CHECK(misspelt(*next)->hint == "did you mean `value-2`?");
}
