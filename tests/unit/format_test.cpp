// compiler/format: fixtures of input -> expected output, plus the invariants
// every output must keep (idempotent, same S-expressions, same comments).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "fixture.hpp"
#include "format/formatter.hpp"
#include "syntax/lower.hpp"

using ark::format::format_range;
using ark::format::format_source;
using ark::format::FormatOptions;

namespace {

std::string lowered(const std::string& text) {
    std::vector<ark::Diagnostic> diagnostics;
    auto parsed = ark::syntax::parse(text, 0);
    std::string out;
    for (const auto& form : ark::syntax::lower(parsed.tree, 0, diagnostics)) out += ark::syntax::repr(form) + "\n";
    return out;
}

std::vector<std::string> comment_texts(const std::string& text) {
    std::vector<std::string> out;
    auto parsed = ark::syntax::parse(text, 0);
    for (uint32_t i = 0; i < parsed.tree.tokens.size(); ++i) {
        if (parsed.tree.tokens[i].kind != ark::syntax::TokenKind::Comment) continue;
        std::string c(parsed.tree.token_text(i));
        while (!c.empty() && (c.back() == ' ' || c.back() == '\r')) c.pop_back();
        out.push_back(c);
    }
    return out;
}

// Formats `input`, compares with `expected`, and checks the invariants.
void check_format(const std::string& input, const std::string& expected, FormatOptions options = {}) {
    CAPTURE(input);
    auto once = format_source(input, options);
    REQUIRE(once.has_value());
    CHECK(*once == expected);
    auto twice = format_source(*once, options);
    REQUIRE(twice.has_value());
    CHECK(*twice == *once);
    CHECK(lowered(*once) == lowered(input));
    CHECK(comment_texts(*once) == comment_texts(input));
}

struct Fixture {
    const char* name;
    const char* input;
    const char* expected;
};

}  // namespace

TEST_CASE("format: fixtures", "[format]") {
    static const Fixture fixtures[] = {
        {"empty file", "", ""},
        {"only blanks", "\n\n  \n", ""},
        {"whitespace normalised in a form", "(  print   1\n  2 )", "(print 1 2)\n"},
        {"one newline at the end", "(print 1)", "(print 1)\n"},
        {"blank lines at the start and end removed", "\n\n(a)\n\n\n", "(a)\n"},
        {"at most one blank line between forms", "(a)\n\n\n\n(b)\n(c)\n", "(a)\n\n(b)\n(c)\n"},
        {"two forms on one line are split", "(a) (b)", "(a)\n(b)\n"},
        {"strings and numbers kept as written", "(print \"a\\tb\\u00e9\" 1.50 007 1e3 -2.)",
         "(print \"a\\tb\\u00e9\" 1.50 007 1e3 -2.)\n"},
        {"multi-line string kept verbatim", "(print \"line 1\nline 2\")", "(print \"line 1\nline 2\")\n"},
        {"list and block sugar", "[ 1 2  3 ]\n{  (a)   (b) }\n{ }\n( )", "[1 2 3]\n{ (a) (b) }\n{}\n()\n"},
        {"atoms of every kind", "(f a.b.c &x ...rest \"s\")", "(f a.b.c &x ...rest \"s\")\n"},
        // Raw strings (4.8) are printed as written, never as the ordinary string of the same value.
        {"raw strings kept as written", R"((print   r"C:\new\table"  r"a\"b"   r"" r"\u00e9\\" r"C:\dir\\"))",
         R"((print r"C:\new\table" r"a\"b" r"" r"\u00e9\\" r"C:\dir\\"))" "\n"},
        {"multi-line raw string kept verbatim", "(print r\"line 1\\n\nline 2\")", "(print r\"line 1\\n\nline 2\")\n"},
        {"the symbol r before a string stays apart", "(let r 5)\n(print r   \"x\")", "(let r 5)\n(print r \"x\")\n"},
        {"a name glued to a string is spaced", "(print bar\"x\")", "(print bar \"x\")\n"},
        // Comments.
        {"comment on its own line", "# header\n\n(a)\n# between\n(b)", "# header\n\n(a)\n# between\n(b)\n"},
        {"trailing comment after a form", "(a)   # why\n(b)", "(a) # why\n(b)\n"},
        {"comment text unchanged", "#no space  ##  odd #\n(a)", "#no space  ##  odd #\n(a)\n"},
        {"comment inside a form breaks it", "(let x # the answer\n 42)", "(let x # the answer\n  42)\n"},
        {"own-line comment inside a block", "{ (a)\n# note\n(b) }", "{\n  (a)\n  # note\n  (b) }\n"},
        {"trailing comment before closers moves after them", "(let x (+ 1\n 2 # two\n))",
         "(let x (+ 1 2)) # two\n"},
        {"last own-line comment keeps the closer below it", "{\n  (a)\n  # (b) disabled\n}",
         "{\n  (a)\n  # (b) disabled\n}\n"},
        {"comment after the open bracket", "{ # setup\n (a) (b) }", "{ # setup\n  (a)\n  (b) }\n"},
        {"comment-only file", "# one\n\n\n# two", "# one\n\n# two\n"},
        {"two trailing comments in a row", "(a (b # one\n) # two\n)", "(a (b)) # one\n# two\n"},
        {"trailing comments around a closer", "(a (b # one\n) # two\n x)", "(a\n  (b) # one\n  # two\n  x)\n"},
        {"comment in a call", "(print 1 # first\n 2)", "(print\n  1 # first\n  2)\n"},
        // Body forms written on several lines stay broken; short ones join.
        {"short call joined", "(print\n  1\n  2)", "(print 1 2)\n"},
        {"fun with a block body", "(let f (fun (x) {\n(let y (* x 2))\n(+ y 1)}))",
         "(let f (fun (x) {\n  (let y (* x 2))\n  (+ y 1) }))\n"},
        {"fun on one line stays", "(let f (fun (x) (+ x 1)))", "(let f (fun (x) (+ x 1)))\n"},
        {"fun with a body on the next line", "(let f (fun (x)\n (+ x 1)))", "(let f (fun (x)\n  (+ x 1)))\n"},
        {"if with branches", "(if (< x 0)\n(- x)\n   x)", "(if (< x 0)\n  (- x)\n  x)\n"},
        {"if with one block branch hangs it", "(if ok {\n(a)\n(b)})", "(if ok {\n  (a)\n  (b) })\n"},
        {"if with two block branches", "(if c { (a) }\n{(b)\n(c)})", "(if c\n  { (a) }\n  {\n    (b)\n    (c) })\n"},
        {"while loop", "(while (< i 10) {\n(print i)\n (set i (+ i 1))})",
         "(while (< i 10) {\n  (print i)\n  (set i (+ i 1)) })\n"},
        {"nested blocks", "(let f (fun (n) {\n(mut i 0)\n(while (< i n) {\n(if (= i 2) {\n(print \"two\")\n})\n(set i (+ i 1))})\ni}))",
         "(let f (fun (n) {\n  (mut i 0)\n  (while (< i n) {\n    (if (= i 2) {\n      (print \"two\") })\n    (set i (+ i 1)) })\n  i }))\n"},
        {"blank lines inside a block kept (one at most)", "{\n\n(a)\n\n\n(b)\n\n}", "{\n  (a)\n\n  (b) }\n"},
        {"block at the top level", "{\n(a)\n(b)}", "{\n  (a)\n  (b) }\n"},
        {"callback hangs after its arguments", "(list:forEach xs (fun (x) {\n(print x)}))",
         "(list:forEach xs (fun (x) {\n  (print x) }))\n"},
        {"macro with a body", "(macro twice (x)\n{ (x)\n (x) })", "(macro twice (x) {\n  (x)\n  (x) })\n"},
        {"begin written on lines", "(begin\n(a)\n(b))", "(begin\n  (a)\n  (b))\n"},
        {"callback before other arguments", "(foo (fun (x) {\n (a) }) b)", "(foo (fun (x) {\n       (a) })\n     b)\n"},
        {"nested functions written on lines", "(let f (fun () (fun () (fun () {\n(a)}))))",
         "(let f (fun ()\n  (fun ()\n    (fun () {\n      (a) }))))\n"},
        {"call with a list head", "((fun (x) {\n x }) 1)", "((fun (x) {\n  x })\n  1)\n"},
        {"CRLF line endings become LF", "(let a 1)\r\n# c\r\n\r\n(b)\r\n", "(let a 1)\n# c\n\n(b)\n"},
        {"tabs are whitespace", "(let\ta\t1)", "(let a 1)\n"},
        {"comment in empty brackets", "(# c\n)\n[ # d\n]", "() # c\n[] # d\n"},
        {"blank line before a comment in a block", "{\n(a)\n\n# c\n(b)}", "{\n  (a)\n\n  # c\n  (b) }\n"},
        {"dict with comments: one pair per line", "(dict # people\n \"ada\" 36 # first\n\n\n \"bob\" 40)",
         "(dict # people\n  \"ada\" 36 # first\n\n  \"bob\" 40)\n"},
        {"dict with a comment between a key and its value", "(dict \"k\" # why\n 1)", "(dict\n  \"k\" # why\n    1)\n"},
    };
    for (const Fixture& f : fixtures) {
        SECTION(f.name) { check_format(f.input, f.expected); }
    }
}

TEST_CASE("format: width", "[format]") {
    FormatOptions narrow;
    narrow.max_width = 30;
    SECTION("a call too long fills lines aligned on its first argument") {
        check_format("(print \"aaaaaaaaaa\" \"bbbbbbbbbb\" \"cc\")",
                     "(print \"aaaaaaaaaa\"\n       \"bbbbbbbbbb\" \"cc\")\n", narrow);
    }
    SECTION("a let whose value does not fit goes below the name") {
        check_format("(let a-long-name (some-function 1 2))", "(let a-long-name\n  (some-function 1 2))\n", narrow);
    }
    SECTION("a long list of atoms fills lines") {
        check_format("[1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16]", "[1 2 3 4 5 6 7 8 9 10 11 12 13\n 14 15 16]\n",
                     narrow);
    }
    SECTION("a long if breaks") {
        check_format("(if (< x 0) (print \"negative\") (print \"positive\"))",
                     "(if (< x 0)\n  (print \"negative\")\n  (print \"positive\"))\n", narrow);
    }
    SECTION("a long condition aligns its operands") {
        FormatOptions sixty;
        sixty.max_width = 60;
        check_format("(if (and (> aaaaaaaaaaaa bbbbbbbbbbbbbbbb) (< cccccccccccccccccc dddddddddddddddd)) (print \"yes\") (print \"no\"))",
                     "(if (and (> aaaaaaaaaaaa bbbbbbbbbbbbbbbb)\n         (< cccccccccccccccccc dddddddddddddddd))\n  (print \"yes\")\n  (print \"no\"))\n",
                     sixty);
    }
    SECTION("long parameter lists fill lines") {
        check_format("(let f (fun (aaaaaa bbbbbb cccccc dddddd eeeeee) {\n(a)}))",
                     "(let f (fun (aaaaaa bbbbbb\n             cccccc dddddd\n             eeeeee)\n  {\n    (a) }))\n", narrow);
    }
    // (dict k v ...) breaks one key/value pair per line (LANGUAGE-4.8 §11).
    SECTION("a long dict puts one pair per line, aligned on its first key") {
        check_format("(let d (dict \"name\" \"Ada\" \"age\" 36))", "(let d (dict \"name\" \"Ada\"\n             \"age\" 36))\n",
                     narrow);
    }
    SECTION("a dict far to the right puts its pairs below its head") {
        check_format("(let a-long-name (dict \"key\" 1 \"other\" 2 \"third\" 3))",
                     "(let a-long-name (dict\n  \"key\" 1\n  \"other\" 2\n  \"third\" 3))\n", narrow);
    }
    SECTION("a dict value breaks on its own, its key staying on the line") {
        check_format("(dict \"k\" (dict \"aaaaaaaa\" 1 \"bbbbbbbb\" 2) \"j\" 3)",
                     "(dict \"k\" (dict\n        \"aaaaaaaa\" 1\n        \"bbbbbbbb\" 2)\n      \"j\" 3)\n", narrow);
    }
    SECTION("a short dict stays on one line") {
        check_format("(let d (dict\n  \"a\" 1\n  \"b\" 2))", "(let d (dict \"a\" 1 \"b\" 2))\n", narrow);
    }
    SECTION("indent option") {
        FormatOptions four;
        four.indent = 4;
        check_format("(while c {\n(a)})", "(while c {\n    (a) })\n", four);
    }
}

TEST_CASE("format: broken code is never formatted", "[format]") {
    CHECK_FALSE(format_source("(print 1", {}).has_value());
    CHECK_FALSE(format_source("(print 1))", {}).has_value());
    CHECK_FALSE(format_source("(print \"abc)", {}).has_value());
    CHECK_FALSE(format_source("(print r\"C:\\dir\\\")", {}).has_value());  // its last quote is escaped
    CHECK_FALSE(format_source("(print 1abc)", {}).has_value());
    CHECK_FALSE(format_source("42", {}).has_value());  // a bare atom at the top level
}

TEST_CASE("format: idempotent on tricky inputs", "[format]") {
    const char* inputs[] = {
        "(a # c1\n # c2\n)",
        "(# c\n let x 1)",
        "(let # c\n x 1)",
        "{ # c\n}",
        "(foo b (a # c\n))",
        "(a) # c1\n# c2\n(b) # c3",
        "(f\n\n  a\n\n  b)",
        "[(a) # one\n (b)]",
        "(if c \"multi\nline\" 2)",
        "(fun (x) # params\n {\n (x) })",
        "((fun (x) {\n x }) 1)",
        "(let x [\n1 # one\n2])",
        "(print (list:map [1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33] (fun (x) (* x x))))",
        "(let f (fun (a b c) (if (and (< a b) (< b c) (< c 100) (> a 0) (> b 0) (> c 0)) (print \"increasing\") (print \"not\"))))",
    };
    for (const char* input : inputs) {
        CAPTURE(input);
        auto once = format_source(input, {});
        REQUIRE(once.has_value());
        auto twice = format_source(*once, {});
        REQUIRE(twice.has_value());
        CHECK(*twice == *once);
        CHECK(lowered(*once) == lowered(input));
        CHECK(comment_texts(*once) == comment_texts(input));
    }
}

TEST_CASE("format: range formatting covers whole top-level forms", "[format]") {
    std::string text = "(a   1)\n(b\n  2) # b\n\n(c    3)\n";
    SECTION("a range inside the second form") {
        auto edit = format_range(text, 11, 12, {});
        REQUIRE(edit.has_value());
        CHECK(edit->begin == 8);
        CHECK(edit->end == 19);
        CHECK(edit->new_text == "(b 2) # b");
    }
    SECTION("a range over two forms") {
        auto edit = format_range(text, 3, 10, {});
        REQUIRE(edit.has_value());
        CHECK(edit->begin == 0);
        CHECK(edit->end == 19);
        CHECK(edit->new_text == "(a 1)\n(b 2) # b");
    }
    SECTION("a range in blank space changes nothing") {
        auto edit = format_range(text, 20, 20, {});
        REQUIRE(edit.has_value());
        CHECK(edit->begin == edit->end);
        CHECK(edit->new_text.empty());
    }
    SECTION("broken code") { CHECK_FALSE(format_range("(a", 0, 1, {}).has_value()); }
}

// `ark fmt` and the server format the lossless tree analyze() built, not a
// parse of their own: the same text either way, and the same refusals.
TEST_CASE("analyze()'s tree formats as the text does", "[format]") {
    for (const std::string text : {"(let f (fun (a b)\n(+ a b)))   # sum\n(print (f 1 2))",
                                   "(let x [1 2\n3])\n\n\n(print x)\n", "(print (not 1 2))  # E0301, not syntax\n"}) {
        const auto analysis = ark::test::analyze_snippet(text);
        REQUIRE(analysis->syntax_clean());
        CHECK(ark::format::format_tree(analysis->parse.tree, analysis->syntax_clean(), {}) == format_source(text, {}));
    }
    for (const std::string broken : {"(print 1", "(print 1))", "42\n(print 1)"}) {
        const auto analysis = ark::test::analyze_snippet(broken);
        CHECK_FALSE(analysis->syntax_clean());
        CHECK_FALSE(ark::format::format_tree(analysis->parse.tree, analysis->syntax_clean(), {}).has_value());
        CHECK_FALSE(format_source(broken, {}).has_value());
    }
}
