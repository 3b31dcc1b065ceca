// Compiles every grammar/queries/*.scm against the grammar with ts_query_new, and checks a few
// captures of highlights.scm and locals.scm on a sample (predicates are left to editors).
#include "ts_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <set>
#include <utility>

namespace fs = std::filesystem;
using namespace ark::grammar_test;

namespace {

const char *query_error_name(TSQueryError error) {
    switch (error) {
    case TSQueryErrorNone: return "none";
    case TSQueryErrorSyntax: return "syntax error";
    case TSQueryErrorNodeType: return "unknown node type";
    case TSQueryErrorField: return "unknown field";
    case TSQueryErrorCapture: return "unknown capture";
    case TSQueryErrorStructure: return "impossible pattern";
    case TSQueryErrorLanguage: return "language mismatch";
    }
    return "unknown error";
}

fs::path queries_dir() { return fs::path(ARK_GRAMMAR_DIR) / "queries"; }

QueryPtr compile_query(const fs::path &file) {
    const std::string source = read_file(file);
    std::uint32_t error_offset = 0;
    TSQueryError error = TSQueryErrorNone;
    TSQuery *query = ts_query_new(language(), source.data(), static_cast<std::uint32_t>(source.size()),
                                  &error_offset, &error);
    if (query == nullptr) {
        const std::string before = source.substr(0, error_offset);
        const auto line = std::count(before.begin(), before.end(), '\n') + 1;
        const auto column = error_offset - (before.rfind('\n') == std::string::npos ? 0 : before.rfind('\n') + 1) + 1;
        FAIL(file.filename().string() << ":" << line << ":" << column << ": " << query_error_name(error));
    }
    return QueryPtr(query);
}

// (capture name, captured text) pairs of every match of `query` over `source`.
std::set<std::pair<std::string, std::string>> captures(const TSQuery *query, const std::string &source) {
    const TreePtr tree = parse(source);
    TSQueryCursor *cursor = ts_query_cursor_new();
    ts_query_cursor_exec(cursor, query, ts_tree_root_node(tree.get()));
    std::set<std::pair<std::string, std::string>> found;
    TSQueryMatch match;
    while (ts_query_cursor_next_match(cursor, &match)) {
        for (std::uint16_t i = 0; i < match.capture_count; ++i) {
            std::uint32_t name_length = 0;
            const char *name = ts_query_capture_name_for_id(query, match.captures[i].index, &name_length);
            const TSNode node = match.captures[i].node;
            found.emplace(std::string(name, name_length),
                          source.substr(ts_node_start_byte(node), ts_node_end_byte(node) - ts_node_start_byte(node)));
        }
    }
    ts_query_cursor_delete(cursor);
    return found;
}

}  // namespace

TEST_CASE("queries: every query file compiles", "[queries]") {
    std::set<std::string> names;
    for (const auto &entry : fs::directory_iterator(queries_dir())) {
        if (entry.path().extension() != ".scm") continue;
        INFO(entry.path().string());
        names.insert(entry.path().filename().string());
        CHECK(compile_query(entry.path()) != nullptr);
    }
    for (const char *expected : {"highlights.scm", "locals.scm", "folds.scm", "indents.scm", "textobjects.scm"})
        CHECK(names.count(expected) == 1);
}

TEST_CASE("queries: highlights capture definitions, parameters and keywords", "[queries]") {
    const QueryPtr query = compile_query(queries_dir() / "highlights.scm");
    const auto found = captures(query.get(), "(let add (fun (a &b) (+ a b)))\n(import std.List)\n(let x)\n");
    CHECK(found.count({"function", "add"}) == 1);
    CHECK(found.count({"keyword.function", "fun"}) == 1);
    CHECK(found.count({"variable.parameter", "a"}) == 1);
    CHECK(found.count({"variable.parameter", "b"}) == 1);
    CHECK(found.count({"module", "List"}) == 1);
    CHECK(found.count({"keyword.import", "import"}) == 1);
    // `(let x)` is malformed: a plain list whose head the keyword pattern still matches
    CHECK(found.count({"keyword", "let"}) == 1);
}

TEST_CASE("queries: raw strings are strings, prefix included", "[queries]") {
    const QueryPtr highlights = compile_query(queries_dir() / "highlights.scm");
    const auto found = captures(highlights.get(), R"((print r"C:\new\table" r"a\"b" r"\\" r) (let r 5))");
    CHECK(found.count({"string", R"(r"C:\new\table")"}) == 1);
    CHECK(found.count({"string", R"(r"a\"b")"}) == 1);
    CHECK(found.count({"string", R"(r"\\")"}) == 1);
    // A raw string is one token: no escape_sequence inside, not even for its `\"`.
    for (const auto &[name, text] : found) CHECK(name != "string.escape");
    // `r` alone is a name, not the start of a string.
    CHECK(found.count({"string", "r"}) == 0);
    CHECK(found.count({"string", "r)"}) == 0);
    const QueryPtr textobjects = compile_query(queries_dir() / "textobjects.scm");
    CHECK(captures(textobjects.get(), R"((f r"a\b"))").count({"string.outer", R"(r"a\b")"}) == 1);
}

TEST_CASE("queries: locals define parameters and functions", "[queries]") {
    const QueryPtr query = compile_query(queries_dir() / "locals.scm");
    const auto found = captures(query.get(), "(let add (fun (a &b) (+ a b)))");
    CHECK(found.count({"local.definition.function", "add"}) == 1);
    CHECK(found.count({"local.definition.parameter", "a"}) == 1);
    CHECK(found.count({"local.definition.parameter", "b"}) == 1);
    CHECK(found.count({"local.reference", "a"}) == 1);
    CHECK(found.count({"local.scope", "(fun (a &b) (+ a b))"}) == 1);
    // A while body is a scope (4.0+), its condition is not.
    const auto loop = captures(query.get(), "(while (< i 3) { (let x i) })");
    CHECK(loop.count({"local.scope", "{ (let x i) }"}) == 1);
    CHECK(loop.count({"local.scope", "(< i 3)"}) == 0);
    CHECK(loop.count({"local.definition.var", "x"}) == 1);
}
