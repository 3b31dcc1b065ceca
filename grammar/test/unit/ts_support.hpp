// Helpers for the grammar tests: RAII over the tree-sitter runtime, file reading, the corpus
// format of the tree-sitter CLI, and the search for syntax errors in a tree.
#pragma once

#include <tree_sitter/api.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ark::grammar_test {

struct TreeDeleter {
    void operator()(TSTree *tree) const { ts_tree_delete(tree); }
};
struct QueryDeleter {
    void operator()(TSQuery *query) const { ts_query_delete(query); }
};
using TreePtr = std::unique_ptr<TSTree, TreeDeleter>;
using QueryPtr = std::unique_ptr<TSQuery, QueryDeleter>;

const TSLanguage *language();

// Parses `source` with the ArkScript grammar; never null.
TreePtr parse(std::string_view source);

// ts_node_string as a std::string (the runtime prints fields as `name: (node)`).
std::string node_sexp(TSNode node);

std::string read_file(const std::filesystem::path &path);

// One example of a corpus file (tree-sitter CLI format: `===` header, input, `---`, tree).
struct CorpusCase {
    std::string name;
    std::string input;
    std::string expected;
    std::size_t line = 0;       // 1-based line of the header in the file
    bool skip = false;          // `:skip` attribute
    bool expect_error = false;  // `:error` attribute: only an error is expected
};
std::vector<CorpusCase> parse_corpus(std::string_view text);

// Collapses whitespace so trees printed on one line or indented compare equal.
std::string normalize_sexp(std::string_view sexp);
// Removes `field: ` prefixes (the CLI ignores fields when the expected tree has none).
std::string strip_fields(std::string_view sexp);
bool has_fields(std::string_view sexp);

struct SyntaxProblem {
    std::string what;
    std::uint32_t row = 0;     // 0-based, as tree-sitter reports it
    std::uint32_t column = 0;  // 0-based byte column
};

// First ERROR or MISSING node, in document order.
std::optional<SyntaxProblem> find_error_node(TSNode root);

// Everything the compiler reports as a SyntaxError that the tree shows: ERROR/MISSING nodes, a
// keyword form of the wrong shape (parsed as a plain list, see NODES.md), a number glued to the
// next token (`1abc`), a number that overflows to infinity (`1e400`) and a repeated parameter name.
std::optional<SyntaxProblem> find_syntax_error(TSNode root, std::string_view source);

}  // namespace ark::grammar_test
