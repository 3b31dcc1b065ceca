// analyze_with_preamble() must give, for a file whose imports are analysed
// once (its preamble), what analyze() gives for the whole file: the same
// tokens, forms after the imports, symbols, references, scopes and
// diagnostics, over edits everywhere below the imports; and decline what it
// cannot do exactly.
#include <catch2/catch.hpp>

#include <map>

#include "analysis/incremental.hpp"
#include "analysis/preamble.hpp"
#include "lints/lint.hpp"
#include "same_analysis.hpp"

using namespace ark;

namespace {

const std::string kPath = "/virtual/main.ark";

const std::map<std::string, std::string> kPackages = {
    {"/virtual/pkg/shapes.ark",
     "# @deprecated use rect-area\n(let old-thing (fun (x) x))\n"
     "# The area.\n(let rect-area (fun (w h) (* w h)))\n"
     "(let perimeter (fun (w h) { (let hidden-local 1) (* 2 (+ w h)) }))\n"
     "(macro DOUBLE (x) (* 2 x))\n(let pi-ish 3)\n(mut counter-base 0)\n"},
    {"/virtual/pkg/util.ark", "(import pkg.shapes)\n(let twice (fun (x) (* 2 x)))\n(let unused 1)\n"},
    {"/virtual/helper.ark", "(let helper-value 41)\n"},
};

analysis::AnalysisOptions options() {
    analysis::AnalysisOptions o;
    o.library_paths = {ARK_SOURCE_DIR};  // std/List.ark and friends
    o.read_file = [](const std::string& path) -> FileRead {
        if (const auto found = kPackages.find(path); found != kPackages.end()) return FileRead(found->second);
        return read_regular_file(path);
    };
    return o;
}

const std::string kImports = "(import std.List)\n(import std.Math)\n(import pkg.shapes:*)\n(import pkg.util :twice)\n";

const std::string kBody =
    "# Uses what the imports bring (the word in a comment changes nothing).\n"
    "(let area (rect-area 3 4))\n"
    "(print (list:map [1 2 3] (fun (x) (twice x))))\n"
    "(mut counter 0)\n"
    "(set counter (+ counter (old-thing 1)))\n"
    "(let n ($argcount rect-area))\n"
    "(print (DOUBLE 4) (shapes:perimeter 1 2) (math:gcd 4 6))\n"
    "(let f (fun (&area) area))\n"
    "(print f.area)\n"
    "(let g (fun () hidden-local))\n"
    "(while (< counter 3) { (let step 1) (set counter (+ counter step)) })\n";

// The whole analysis with the imported forms taken off its program, to
// compare with one made on top of a preamble.
// How `on_top` (an analysis of `text` on a preamble, or a reanalysis of one)
// differs from analyze() of the same text, once the imported forms are taken
// off the whole analysis' program; "" when it does not.
std::string difference_from_whole(const analysis::Analysis& on_top, const std::string& text,
                                  const std::string& path = kPath) {
    std::shared_ptr<analysis::Analysis> whole = analysis::analyze(path, text, options());
    auto& program = whole->expanded.program;
    if (program.size() < on_top.expanded.program.size()) return "program size";
    // The references' names point into the program's nodes: keep those where
    // they are, and compare a copy of the last forms.
    const std::vector<syntax::Sexp> analysed = std::move(program);
    program.assign(analysed.end() - static_cast<std::ptrdiff_t>(on_top.expanded.program.size()), analysed.end());
    return test::first_difference(*whole, on_top);
}

std::string difference(const std::string& text, const std::shared_ptr<const analysis::Preamble>& preamble,
                       const std::string& path = kPath) {
    const std::shared_ptr<analysis::Analysis> on_top = analysis::analyze_with_preamble(preamble, path, text, options());
    if (!on_top) return "declined";
    return difference_from_whole(*on_top, text, path);
}

}  // namespace

TEST_CASE("a preamble holds the leading imports only", "[preamble]") {
    const auto preamble = analysis::build_preamble(kPath, kImports + kBody, options());
    REQUIRE(preamble);
    CHECK(preamble->text == kImports.substr(0, kImports.size() - 1));
    CHECK(preamble->import_forms == 4);
    CHECK_FALSE(analysis::build_preamble(kPath, kBody, options()));                      // no imports
    CHECK_FALSE(analysis::build_preamble(kPath, "(import std.List\n" + kBody, options()));  // an unclosed import
}

TEST_CASE("analysis on top of a preamble equals analyze over edits below the imports", "[preamble]") {
    const std::string text = kImports + kBody;
    const auto preamble = analysis::build_preamble(kPath, text, options());
    REQUIRE(preamble);
    CHECK(difference(text, preamble) == "");
    size_t compared = 0;
    for (size_t at = kImports.size(); at <= text.size(); ++at) {
        const std::string head = text.substr(0, at), tail = text.substr(at);
        const std::vector<std::string> edits = {head + " x" + tail, head + "(" + tail, head + "\"" + tail,
                                                head + "(print y)" + tail, head + "1" + tail,
                                                at < text.size() ? head + tail.substr(1) : head};
        for (size_t edit = 0; edit < edits.size(); ++edit) {
            CAPTURE(at, edit);
            const std::string found = difference(edits[edit], preamble);
            if (found == "declined") continue;  // the last import's `)` undone
            CHECK(found == "");
            ++compared;
        }
    }
    CHECK(compared > 2000);
}

TEST_CASE("analysis on top of a preamble: the diagnostics that need the imports", "[preamble]") {
    const auto preamble = analysis::build_preamble(kPath, kImports + kBody, options());
    REQUIRE(preamble);
    const std::vector<std::string> bodies = {
        "(print mapp)\n",                   // E0101, and the namespaced hint
        "(print list:mapp)\n",              // E0101, a suggestion from an imported name
        "(print string:ord \"a\")\n",       // E0113: std.String is not imported
        "(print str:join)\n",               // E0112: renamed
        "(set pi-ish 4)\n",                 // E0107: an imported constant
        "(let rect-area 1)\n",              // the file's own name wins over the :* import
        "(list:reverse 1 2 3)\n",           // W0302 through std's binding of a builtin
        "(rect-area 1)\n",                  // W0301
        "(print (old-thing 2))\n",          // W0303
        "(macro DOUBLE (x) x)\n(print (DOUBLE 1))\n",
        "(let builtin__list:x 1)\n",        // E0102
        "(let f (fun (&nowhere) 1))\n",     // E0103
    };
    for (const std::string& body : bodies) {
        CAPTURE(body);
        CHECK(difference(kImports + body, preamble) == "");
    }
}

TEST_CASE("analysis on top of a preamble declines what it cannot do exactly", "[preamble]") {
    const auto preamble = analysis::build_preamble(kPath, kImports + kBody, options());
    REQUIRE(preamble);
    const auto declined = [&](const std::string& text, const std::string& path = kPath) {
        return !analysis::analyze_with_preamble(preamble, path, text, options());
    };
    CHECK_FALSE(declined(kImports + "(print 1)\n"));
    CHECK(declined("(import std.List)\n(print 1)\n"));                            // other imports
    CHECK(declined(kImports + "(import std.String)\n(print 1)\n"));               // an import after them
    CHECK(declined(kImports + "(let f (fun () { (import std.String) 1 }))\n"));  // one in a function body
    CHECK_FALSE(declined(kImports + "# more imports below? no\n(print 1)\n"));
    CHECK(declined(kImports.substr(0, kImports.size() - 2) + " :x)\n(print 1)"));  // the last import goes on
    CHECK(declined(kImports + "(print 1)\n", "/elsewhere/other.ark"));  // imports resolve from another folder
}

TEST_CASE("a preamble serves the other files of its folder that begin with the same imports", "[preamble]") {
    const auto preamble = analysis::build_preamble(kPath, kImports + kBody, options());
    REQUIRE(preamble);
    for (const std::string& body : {kBody, std::string("(print 1)\n"), std::string("(print (rect-area 1 nowhere))\n")}) {
        CAPTURE(body);
        CHECK(difference(kImports + body, preamble, "/virtual/other.ark") == "");
        // The folder is compared as written: `sub/..` is not assumed to be `.` (sub may be a symlink).
        CHECK(difference(kImports + body, preamble, "/virtual/sub/../third.ark") == "declined");
    }
    CHECK(difference(kImports + kBody, preamble, "/elsewhere/main.ark") == "declined");

    // A file the preamble read would import itself: not served.
    const std::string imports_helper = "(import helper)\n";
    const auto with_helper = analysis::build_preamble(kPath, imports_helper + "(print helper-value)\n", options());
    REQUIRE(with_helper);
    CHECK(difference(imports_helper + "(print helper-value)\n", with_helper, "/virtual/third.ark") == "");
    CHECK_FALSE(analysis::analyze_with_preamble(with_helper, "/virtual/helper.ark", imports_helper + "(print 1)\n", options()));

    // Nor does a preamble with an expansion error serve another file (the
    // error may depend on the importing file's path); it still serves its own.
    const std::string imports_missing = "(import std.List)\n(import missing-module)\n";
    const auto with_error = analysis::build_preamble(kPath, imports_missing + "(print 1)\n", options());
    REQUIRE(with_error);
    CHECK(analysis::analyze_with_preamble(with_error, kPath, imports_missing + "(print 2)\n", options()));
    CHECK_FALSE(analysis::analyze_with_preamble(with_error, "/virtual/other.ark", imports_missing + "(print 2)\n", options()));
}

TEST_CASE("lints find the same in the main file on top of a preamble", "[preamble][lints]") {
    const std::string text = kImports + kBody +
                             "(let fut (async rect-area 1 2))\n(await fut)\n(await fut)\n(let unused-here 1)\n"
                             "(if true (print 1))\n(let counter-base 2)\n(set counter counter)\n"
                             // the lints that start at the main file's own part of the table
                             "(let uses-one (fun (w unused-param) w))\n(print (uses-one 1 2))\n"
                             "(let shadows (fun (pi-ish) (perimeter pi-ish 1)))\n(print (shadows 1))\n"
                             "(let lost (async rect-area 1 1))\n"
                             "(let reads-caller (fun () (set dyn 1)))\n";
    const auto preamble = analysis::build_preamble(kPath, text, options());
    REQUIRE(preamble);
    const auto on_top = analysis::analyze_with_preamble(preamble, kPath, text, options());
    REQUIRE(on_top);
    const auto whole = analysis::analyze(kPath, text, options());
    const auto main_file_findings = [](const analysis::Analysis& a) {
        std::vector<std::string> out;
        for (const Diagnostic& d : lints::run_lints(a, lints::LintConfig{}))
            if (d.where.file == a.main_file)
                out.push_back(d.code + " " + std::to_string(d.where.range.begin) + " " + d.message);
        return out;
    };
    const std::vector<std::string> expected = main_file_findings(*whole);
    CAPTURE(expected);
    CHECK(expected.size() >= 6);
    CHECK(main_file_findings(*on_top) == expected);
}

TEST_CASE("reanalyze on top of a preamble equals analyze over edits below the imports", "[preamble][incremental]") {
    // Plain imports: a `:*` or a selector renames the file's own names, and reanalyze declines those.
    const std::string imports = "(import std.List)\n(import std.Math)\n(import pkg.shapes)\n";
    const std::string text = imports +
                             "# Uses the packages.\n(let area (shapes:rect-area 3 4))\n"
                             "(let f (fun (n) (list:map [1 2 n] (fun (x) (math:gcd x area)))))\n"
                             "(mut counter 0)\n(while (< counter 3) { (let step 1) (set counter (+ counter step)) })\n"
                             "(print (f 2) shapes:pi-ish (shapes:old-thing 1))\n";
    const auto preamble = analysis::build_preamble(kPath, text, options());
    REQUIRE(preamble);
    size_t compared = 0, spliced = 0;
    for (size_t at = imports.size(); at <= text.size(); ++at) {
        const std::string head = text.substr(0, at), tail = text.substr(at);
        const std::vector<std::string> edits = {head + " x" + tail, head + "1" + tail, head + "(print y)" + tail,
                                                head + "(" + tail, at < text.size() ? head + tail.substr(1) : head};
        for (size_t edit = 0; edit < edits.size(); ++edit) {
            CAPTURE(at, edit);
            std::shared_ptr<analysis::Analysis> previous = analysis::analyze_with_preamble(preamble, kPath, text, options());
            REQUIRE(previous);
            const std::shared_ptr<analysis::Analysis> incremental = analysis::reanalyze(previous, kPath, edits[edit], options());
            if (!incremental) continue;  // an unclosed form, or a word that expansion acts on
            CHECK(difference_from_whole(*incremental, edits[edit]) == "");
            ++compared;
            spliced += incremental->resolution_spliced;
        }
    }
    CHECK(compared > 800);
    // Most edits leave what the forms define as it was: only the edited
    // forms were resolved again, on top of the preamble.
    CHECK(spliced > compared / 2);
    // An edit of the imports themselves is declined.
    std::shared_ptr<analysis::Analysis> previous = analysis::analyze_with_preamble(preamble, kPath, text, options());
    CHECK_FALSE(analysis::reanalyze(previous, kPath, "(import std.String)\n" + text, options()));
}

TEST_CASE("reanalyze on top of a preamble expands the imported macros' uses", "[preamble][incremental]") {
    // std.Macros brings macros only; pkg.shapes a macro and functions.
    const std::string imports = "(import std.Macros)\n(import pkg.shapes)\n";
    const std::string text = imports +
                             "(mut n 0)\n(unless (> n 1) (set n 5))\n(let f (fun (x) (DOUBLE (shapes:rect-area x 2))))\n"
                             "(print n (-> 3 f))\n";
    const auto preamble = analysis::build_preamble(kPath, text, options());
    REQUIRE(preamble);
    CHECK(difference(text, preamble) == "");
    size_t compared = 0;
    for (size_t at = imports.size(); at <= text.size(); ++at) {
        const std::string head = text.substr(0, at), tail = text.substr(at);
        const std::vector<std::string> edits = {head + " x" + tail, head + "1" + tail, head + "(unless n 2)" + tail,
                                                head + "(DOUBLE 2)" + tail, head + "(" + tail,
                                                at < text.size() ? head + tail.substr(1) : head};
        for (size_t edit = 0; edit < edits.size(); ++edit) {
            CAPTURE(at, edit);
            std::shared_ptr<analysis::Analysis> previous = analysis::analyze_with_preamble(preamble, kPath, text, options());
            REQUIRE(previous);
            const std::shared_ptr<analysis::Analysis> incremental = analysis::reanalyze(previous, kPath, edits[edit], options());
            if (!incremental) continue;  // an open form, a macro used wrongly (reported), a form a macro splits
            CHECK(difference_from_whole(*incremental, edits[edit]) == "");
            ++compared;
        }
    }
    CHECK(compared > 250);
    // Changing a macro's argument, and a name inside a use, are taken.
    for (const std::string& edited : {imports + "(mut n 0)\n(unless (> n 2) (set n 5))\n(let f (fun (x) (DOUBLE (shapes:rect-area x 2))))\n(print n (-> 3 f))\n",
                                      imports + "(mut n 0)\n(unless (> n 1) (set n 5))\n(let f (fun (x) (DOUBLE (shapes:rect-area y 2))))\n(print n (-> 3 f))\n"}) {
        std::shared_ptr<analysis::Analysis> previous = analysis::analyze_with_preamble(preamble, kPath, text, options());
        CHECK(analysis::reanalyze(previous, kPath, edited, options()));
    }
    // A form whose expansion depends on the others' is declined: `$argcount`
    // of a name reads the bindings before it, `$gensym` numbers in program
    // order; and so is an edit above a macro the file defines.
    {
        std::shared_ptr<analysis::Analysis> previous =
            analysis::analyze_with_preamble(preamble, kPath, imports + "(let t 1)\n(macro M 1)\n", options());
        REQUIRE(previous);
        CHECK_FALSE(analysis::reanalyze(previous, kPath, imports + "(let t 2)\n(macro M 1)\n", options()));
    }
    for (const std::string& rest : std::vector<std::string>{"(let g (fun (a b) a))\n(let k ($argcount g))\n", "(let s ($gensym))\n(let t 1)\n"}) {
        CAPTURE(rest);
        const std::string base = imports + rest;
        std::shared_ptr<analysis::Analysis> previous = analysis::analyze_with_preamble(preamble, kPath, base, options());
        REQUIRE(previous);
        CHECK_FALSE(analysis::reanalyze(previous, kPath, base + "(let u 2)\n", options()));
    }
}

TEST_CASE("reanalyze on top of a preamble expands the file's own macros below them", "[preamble][incremental]") {
    const std::string imports = "(import std.Macros)\n(import pkg.shapes)\n";
    const std::string own = "(macro twice (x) (+ x x))\n";
    const std::string text = imports + own +
                             "(mut n 0)\n(unless (> n 1) (set n (twice 5)))\n"
                             "(let f (fun (x) (twice (DOUBLE (shapes:rect-area x 2)))))\n(print n (-> 3 f))\n";
    const auto preamble = analysis::build_preamble(kPath, text, options());
    REQUIRE(preamble);
    CHECK(difference(text, preamble) == "");
    size_t compared = 0;
    for (size_t at = imports.size(); at <= text.size(); ++at) {
        const std::string head = text.substr(0, at), tail = text.substr(at);
        const std::vector<std::string> edits = {head + " x" + tail, head + "1" + tail, head + "(twice 2)" + tail,
                                                head + "(unless n 2)" + tail, head + "(" + tail,
                                                at < text.size() ? head + tail.substr(1) : head};
        for (size_t edit = 0; edit < edits.size(); ++edit) {
            CAPTURE(at, edit);
            std::shared_ptr<analysis::Analysis> previous = analysis::analyze_with_preamble(preamble, kPath, text, options());
            REQUIRE(previous);
            const std::shared_ptr<analysis::Analysis> incremental = analysis::reanalyze(previous, kPath, edits[edit], options());
            if (!incremental) continue;  // an edit of the definition, an open form, a use reported
            CHECK(at >= imports.size() + own.size() - 1);  // never above or in the definition
            CHECK(difference_from_whole(*incremental, edits[edit]) == "");
            ++compared;
        }
    }
    CHECK(compared > 250);
}
