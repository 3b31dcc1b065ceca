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
