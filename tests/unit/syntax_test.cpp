// Lexer and parser: tokens keep every byte, recovery gives one precise
// diagnostic per mistake and a usable tree for the rest.
#include <algorithm>

#include <catch2/catch.hpp>

#include "fixture.hpp"
#include "syntax/lower.hpp"
#include "syntax/tree.hpp"

using namespace ark;
using namespace ark::syntax;

namespace {
std::string tokens_joined(std::string_view text) {
    std::vector<Diagnostic> diags;
    std::string out;
    for (const Token& t : lex(text, 0, diags)) out += std::string(text.substr(t.range.begin, t.range.length()));
    return out;
}

std::string forms(std::string_view text) {
    auto parsed = parse(text, 0);
    std::string out;
    for (const Sexp& s : lower(parsed.tree, 0, parsed.diagnostics)) out += repr(s) + "\n";
    return out;
}

std::vector<std::string> parse_codes(std::string_view text) { return test::codes(parse(text, 0).diagnostics); }
}  // namespace

TEST_CASE("lexer keeps every byte", "[lexer]") {
    for (std::string_view text : {"(let x 1) # c\n", "  \"a\\\"b\" [1 2.5e3 -7]{x.y.z &c ...r}", "(\x80 bad", "\"open"})
        CHECK(tokens_joined(text) == text);
}

TEST_CASE("lexer: numbers, identifiers, errors", "[lexer]") {
    std::vector<Diagnostic> d;
    auto kinds = [&](std::string_view t) {
        d.clear();
        std::vector<TokenKind> out;
        for (auto& tok : lex(t, 0, d))
            if (!tok.is_trivia()) out.push_back(tok.kind);
        return out;
    };
    CHECK(kinds("42 -7 2.5 1. 007 1e3 3E+2") == std::vector<TokenKind>(7, TokenKind::Number));
    CHECK(kinds("- -> -x +5 empty? list:map $x") == std::vector<TokenKind>(7, TokenKind::Symbol));
    CHECK(kinds("a.b.c") == std::vector<TokenKind>{TokenKind::Field});
    CHECK(kinds("&cap ...rest") == std::vector<TokenKind>{TokenKind::Capture, TokenKind::Spread});
    CHECK(kinds("1abc") == std::vector<TokenKind>{TokenKind::Error});
    CHECK(test::codes(d) == std::vector<std::string>{"E0003"});
    kinds("1e400");
    CHECK(test::codes(d) == std::vector<std::string>{"E0003"});
    kinds("\"\\x41\"");
    CHECK(test::codes(d) == std::vector<std::string>{"E0002"});
    kinds("\"\\u12\"");
    CHECK(test::codes(d) == std::vector<std::string>{"E0002"});
    kinds("'x");
    CHECK(test::codes(d) == std::vector<std::string>{"E0006"});
    kinds("caf\xc3\xa9");
    CHECK(test::codes(d) == std::vector<std::string>{"E0006"});
}

TEST_CASE("string escapes decode to bytes", "[lexer]") {
    CHECK(decode_string("\"a\\nb\\t\\\"\\\\\"") == "a\nb\t\"\\");
    CHECK(decode_string("\"\\u00e9\"") == "\xc3\xa9");
    CHECK(decode_string("\"\\U0001F600\"") == "\xf0\x9f\x98\x80");
}

TEST_CASE("raw strings: r\" at the start of a token", "[lexer]") {
    std::vector<Diagnostic> d;
    auto kinds = [&](std::string_view t) {
        d.clear();
        std::vector<TokenKind> out;
        for (auto& tok : lex(t, 0, d))
            if (!tok.is_trivia()) out.push_back(tok.kind);
        return out;
    };
    using K = TokenKind;
    CHECK(kinds(R"(r"C:\new\table")") == std::vector<K>{K::String});
    CHECK(kinds(R"((print r"a\"b" r""))") == std::vector<K>{K::LParen, K::Symbol, K::String, K::String, K::RParen});
    // Escapes an ordinary string refuses are text in a raw one: no diagnostic.
    CHECK(kinds(R"(r"\x41 \u12 \q \U0")") == std::vector<K>{K::String});
    CHECK(d.empty());
    CHECK(kinds(R"("\q")") == std::vector<K>{K::Error});
    CHECK(d.size() == 1);
    // `\"` does not end it, `\\` pairs: r"a\\" is closed by its last quote, r"a\" is not.
    CHECK(kinds(R"((f r"a\\" x))") == std::vector<K>{K::LParen, K::Symbol, K::String, K::Symbol, K::RParen});
    CHECK(kinds(R"((f r"a\" x"))") == std::vector<K>{K::LParen, K::Symbol, K::String, K::RParen});
    CHECK(kinds(R"((f r"\\\"" x))") == std::vector<K>{K::LParen, K::Symbol, K::String, K::Symbol, K::RParen});
    CHECK(d.empty());
    // Only a lone `r` opening a token: the other names before a quote are names, as before.
    CHECK(kinds(R"(r "x")") == std::vector<K>{K::Symbol, K::String});
    CHECK(kinds(R"(bar"x")") == std::vector<K>{K::Symbol, K::String});
    CHECK(kinds(R"(&r"x")") == std::vector<K>{K::Capture, K::String});
    CHECK(kinds(R"(a.r"x")") == std::vector<K>{K::Field, K::String});
    CHECK(kinds(R"(...r"x")") == std::vector<K>{K::Spread, K::String});
    CHECK(kinds(R"(rr"x")") == std::vector<K>{K::Symbol, K::String});
    CHECK(kinds("(let r 5) (print r)").size() == 9);
    CHECK(d.empty());
    // ... and one right after another token is a raw string: the `r` starts a token there.
    CHECK(kinds(R"("a"r"b\c")") == std::vector<K>{K::String, K::String});
    CHECK(kinds(R"((f)r"b")") == std::vector<K>{K::LParen, K::Symbol, K::RParen, K::String});
    CHECK(d.empty());
    // The token is the whole literal, prefix included, over lines and UTF-8.
    const std::string text = "(print r\"\xc3\xa9\\t\n\\\"x\\\"\")";
    auto tokens = lex(text, 0, d);
    CHECK(d.empty());
    REQUIRE(tokens.size() == 5);
    CHECK(tokens[3].kind == K::String);
    CHECK(text.substr(tokens[3].range.begin, tokens[3].range.length()) == "r\"\xc3\xa9\\t\n\\\"x\\\"\"");
}

TEST_CASE("raw strings: an unterminated one is E0001 at its r\"", "[lexer]") {
    for (std::string_view text : {"(print r\"abc)\n", "(print \"\xc3\xa9\" r\"abc)\n", "(print r\"C:\\dir\\\")\n"}) {
        CAPTURE(text);
        CHECK(tokens_joined(text) == text);
        auto parsed = parse(text, 0);
        // The string runs to the end of the file, so the list is left open too: as for "abc.
        REQUIRE(test::codes(parsed.diagnostics) == std::vector<std::string>{"E0001", "E0004"});
        const Diagnostic& e = parsed.diagnostics[0];
        const uint32_t at = static_cast<uint32_t>(text.find("r\""));
        CHECK(e.where.range.begin == at);
        CHECK(e.where.range.end == at + 2);
        CHECK(e.message == "unterminated raw string: this `r\"` is never closed");
        // A trailing backslash escapes the quote meant to close: the hint says so.
        CHECK(e.hint.has_value() == (text.find("\\\"") != std::string_view::npos));
    }
    std::vector<Diagnostic> d;
    auto tokens = lex("r\"", 0, d);
    REQUIRE(tokens.size() == 1);
    CHECK(tokens[0].kind == TokenKind::Error);
    CHECK(test::codes(d) == std::vector<std::string>{"E0001"});
}

TEST_CASE("raw strings decode with their backslashes", "[lexer]") {
    CHECK(decode_string(R"(r"C:\new\table")") == R"(C:\new\table)");
    CHECK(decode_string(R"(r"a\"b")") == "a\"b");
    CHECK(decode_string(R"(r"")") == "");
    CHECK(decode_string(R"(r"\n")").size() == 2);
    CHECK(decode_string(R"(r"\\n\t")") == R"(\\n\t)");
    CHECK(decode_string(R"(r"\\")") == R"(\\)");
    CHECK(decode_string(R"(r"\\\"")") == R"(\\")");
    CHECK(decode_string(R"(r"a\" x")") == "a\" x");
    CHECK(decode_string(R"(r"\u00e9 \U0001F600")") == R"(\u00e9 \U0001F600)");
    CHECK(decode_string("r\"\xc3\xa9\\\xc3\xa9\"") == "\xc3\xa9\\\xc3\xa9");
    // The ordinary reading of the same text, for contrast.
    CHECK(decode_string(R"("\\n\t")") == "\\n\t");
}

TEST_CASE("raw strings lower to String nodes spanning the literal", "[parser]") {
    const std::string text = R"((f r"a\nb" [r"\"" r""] r))";
    auto parsed = parse(text, 0);
    REQUIRE(parsed.diagnostics.empty());
    auto program = lower(parsed.tree, 0, parsed.diagnostics);
    REQUIRE(program.size() == 1);
    const Sexp& call = program[0];
    REQUIRE(call.children.size() == 4);
    CHECK(call.children[1].kind == SexpKind::String);
    CHECK(call.children[1].text == R"(a\nb)");
    CHECK(text.substr(call.children[1].where.range.begin, call.children[1].where.range.length()) == R"(r"a\nb")");
    const Sexp& list = call.children[2];
    REQUIRE(list.children.size() == 2);
    CHECK(list.children[0].kind == SexpKind::String);
    CHECK(list.children[0].text == "\"");
    CHECK(list.children[1].text.empty());
    CHECK(call.children[3].kind == SexpKind::Symbol);
    CHECK(call.children[3].text == "r");
}

TEST_CASE("parser: sugar and structure", "[parser]") {
    CHECK(forms("(print [1 \"a\"] {1 2})") == "(print (list 1 \"a\") (begin 1 2))\n");
    CHECK(forms("(let f (fun (a &b) a.b))") == "(let f (fun (a &b) a.b))\n");
    CHECK(forms("# only a comment\n") == "");
    CHECK(forms("(())") == "(())\n");
}

TEST_CASE("parser recovery: one diagnostic per mistake", "[parser]") {
    SECTION("missing close paren points at the unclosed bracket") {
        auto parsed = parse("(print 1)\n(let x (fun (a) a)\n(print 2)", 0);
        REQUIRE(test::codes(parsed.diagnostics) == std::vector<std::string>{"E0004"});
        CHECK(parsed.diagnostics[0].where.range.begin == 10);
        // The rest of the file is still in the tree.
        CHECK(parsed.tree.root().children.size() == 2);
    }
    SECTION("stray closing bracket") {
        auto parsed = parse("(print 1)]\n(print 2)", 0);
        REQUIRE(test::codes(parsed.diagnostics) == std::vector<std::string>{"E0005"});
        CHECK(parsed.diagnostics[0].where.range.begin == 9);
    }
    SECTION("mismatched bracket closes the inner list once") {
        CHECK(parse_codes("(a [b c)") == std::vector<std::string>{"E0004"});
    }
    SECTION("unterminated string") {
        CHECK(parse_codes("(print \"abc)\n") == std::vector<std::string>{"E0001", "E0004"});
    }
    SECTION("top-level atom") {
        auto parsed = parse("(print 1) x", 0);
        auto diags = parsed.diagnostics;
        lower(parsed.tree, 0, diags);
        CHECK(test::codes(diags) == std::vector<std::string>{"E0007"});
    }
    SECTION("deep nesting does not overflow the stack") {
        std::string deep(100000, '(');
        auto parsed = parse(deep, 0);
        auto found = test::codes(parsed.diagnostics);
        // One E0010 for the part beyond the nesting limit, one E0004 per open list kept.
        CHECK(std::count(found.begin(), found.end(), "E0010") == 1);
        CHECK(found.size() == 257);  // the nesting limit is 256 (parser.cpp)
    }
}

TEST_CASE("node_at finds the innermost node", "[parser]") {
    auto parsed = parse("(let x (+ a b))", 0);
    const auto& tree = parsed.tree;
    uint32_t n = tree.node_at(10);  // on `a`
    CHECK(tree.node_text(tree.node(n)) == "a");
    CHECK(tree.node_text(tree.node(tree.node(n).parent)) == "(+ a b)");
}
