// Runs grammar/test/corpus/*.txt with the tree-sitter runtime (no CLI needed), the way
// `tree-sitter test` does: whitespace-insensitive, fields compared when the expected tree has them.
#include "ts_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;
using namespace ark::grammar_test;

namespace {

std::vector<fs::path> corpus_files() {
    std::vector<fs::path> files;
    for (const auto &entry : fs::directory_iterator(fs::path(ARK_GRAMMAR_DIR) / "test" / "corpus"))
        if (entry.is_regular_file() && entry.path().extension() == ".txt") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

TEST_CASE("corpus: the reader handles the CLI format", "[corpus]") {
    const auto cases = parse_corpus(
        "==========\nfirst\n==========\n\n(f 1)\n\n---\n\n(source_file\n  (list head: (symbol) (number)))\n"
        "=====\nsecond\n:skip\n=====\n(g)\n-----\n(source_file (list (symbol)))\n");
    REQUIRE(cases.size() == 2);
    CHECK(cases[0].name == "first");
    CHECK(cases[0].input == "\n(f 1)");
    CHECK(normalize_sexp(cases[0].expected) == "(source_file (list head: (symbol) (number)))");
    CHECK(cases[1].skip);
    CHECK(cases[1].line == 11);
    CHECK(strip_fields("(list head: (symbol))") == "(list (symbol))");
    CHECK_FALSE(has_fields(cases[1].expected));
}

TEST_CASE("corpus: every example parses to its expected tree", "[corpus]") {
    const auto files = corpus_files();
    REQUIRE_FALSE(files.empty());
    std::size_t n_checked = 0;
    for (const fs::path &file : files) {
        for (const CorpusCase &example : parse_corpus(read_file(file))) {
            if (example.skip) continue;
            INFO(file.filename().string() << ":" << example.line << ": " << example.name);
            const TreePtr tree = parse(example.input);
            const TSNode root = ts_tree_root_node(tree.get());
            if (example.expect_error) {
                CHECK(ts_node_has_error(root));
            } else {
                const std::string expected = normalize_sexp(example.expected);
                std::string actual = node_sexp(root);
                if (!has_fields(expected)) actual = strip_fields(actual);
                CHECK(normalize_sexp(actual) == expected);
            }
            ++n_checked;
        }
    }
    CHECK(n_checked > 0);
}
