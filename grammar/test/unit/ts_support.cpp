// Helpers for the grammar tests (see ts_support.hpp).
#include "ts_support.hpp"

#include <tree_sitter/tree-sitter-arkscript.h>

#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

namespace ark::grammar_test {

const TSLanguage *language() { return tree_sitter_arkscript(); }

TreePtr parse(std::string_view source) {
    TSParser *parser = ts_parser_new();
    if (!ts_parser_set_language(parser, language())) {
        ts_parser_delete(parser);
        throw std::runtime_error("the runtime rejects the grammar's ABI version");
    }
    TSTree *tree = ts_parser_parse_string(parser, nullptr, source.data(),
                                          static_cast<std::uint32_t>(source.size()));
    ts_parser_delete(parser);
    if (tree == nullptr) throw std::runtime_error("ts_parser_parse_string returned no tree");
    return TreePtr(tree);
}

std::string node_sexp(TSNode node) {
    char *text = ts_node_string(node);
    std::string result(text);
    std::free(text);
    return result;
}

std::string read_file(const std::filesystem::path &path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

namespace {

bool is_header_rule(std::string_view line) {
    return line.size() >= 3 && line.substr(0, 3) == "===";
}

bool is_divider(std::string_view line) {
    std::size_t n_dashes = 0;
    while (n_dashes < line.size() && line[n_dashes] == '-') ++n_dashes;
    if (n_dashes < 3) return false;
    for (std::size_t i = n_dashes; i < line.size(); ++i)
        if (!std::isspace(static_cast<unsigned char>(line[i]))) return false;
    return true;
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        start = end + 1;
    }
    return lines;
}

std::string join_lines(const std::vector<std::string_view> &lines, std::size_t first, std::size_t last) {
    std::string text;
    for (std::size_t i = first; i < last; ++i) {
        text += lines[i];
        text += '\n';
    }
    return text;
}

}  // namespace

std::vector<CorpusCase> parse_corpus(std::string_view text) {
    const std::vector<std::string_view> lines = split_lines(text);
    std::vector<CorpusCase> cases;
    std::size_t i = 0;
    while (i < lines.size()) {
        if (!is_header_rule(lines[i])) {
            ++i;
            continue;
        }
        CorpusCase example;
        example.line = i + 1;
        std::size_t j = i + 1;
        while (j < lines.size() && !is_header_rule(lines[j])) {
            std::string_view line = lines[j];
            if (line == ":skip") example.skip = true;
            else if (line == ":error") example.expect_error = true;
            else if (!line.empty() && line.front() != ':' && example.name.empty()) example.name = line;
            ++j;
        }
        const std::size_t body = j + 1;
        std::size_t divider = body;
        while (divider < lines.size() && !is_divider(lines[divider]) && !is_header_rule(lines[divider]))
            ++divider;
        if (divider >= lines.size() || !is_divider(lines[divider]))
            throw std::runtime_error("corpus example at line " + std::to_string(example.line) +
                                     " has no `---` divider");
        std::size_t next = divider + 1;
        while (next < lines.size() && !is_header_rule(lines[next])) ++next;

        example.input = join_lines(lines, body, divider);
        while (!example.input.empty() && example.input.back() == '\n') example.input.pop_back();
        example.expected = join_lines(lines, divider + 1, next);
        cases.push_back(std::move(example));
        i = next;
    }
    return cases;
}

std::string normalize_sexp(std::string_view sexp) {
    std::string collapsed;
    bool pending_space = false;
    for (char c : sexp) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            pending_space = true;
            continue;
        }
        if (pending_space && !collapsed.empty() && collapsed.back() != '(' && c != ')')
            collapsed += ' ';
        pending_space = false;
        collapsed += c;
    }
    return collapsed;
}

std::string strip_fields(std::string_view sexp) {
    static const std::regex field(R"([A-Za-z_][A-Za-z0-9_]*: )");
    return std::regex_replace(std::string(sexp), field, "");
}

bool has_fields(std::string_view sexp) {
    static const std::regex field(R"([A-Za-z_][A-Za-z0-9_]*:\s)");
    return std::regex_search(std::string(sexp).c_str(), field);
}

namespace {

SyntaxProblem problem_at(TSNode node, std::string what) {
    const TSPoint start = ts_node_start_point(node);
    return SyntaxProblem{std::move(what), start.row, start.column};
}

std::string_view node_text(TSNode node, std::string_view source) {
    const std::uint32_t start = ts_node_start_byte(node);
    const std::uint32_t end = ts_node_end_byte(node);
    return source.substr(start, end - start);
}

// Keyword forms whose wrong shape is a SyntaxError (§3); `async`/`await` are builtins, so a wrong
// argument count there is a run-time TypeError instead.
bool is_checked_keyword(std::string_view name) {
    static constexpr std::array<std::string_view, 9> keywords = {
        "let", "mut", "set", "fun", "if", "while", "del", "$", "$if"};
    for (std::string_view keyword : keywords)
        if (name == keyword) return true;
    return false;
}

bool is_delimiter(char c) {
    return std::isspace(static_cast<unsigned char>(c)) || std::strchr("()[]{}\"#", c) != nullptr;
}

template <typename Visit>
std::optional<SyntaxProblem> walk(TSNode root, Visit visit) {
    TSTreeCursor cursor = ts_tree_cursor_new(root);
    std::optional<SyntaxProblem> found;
    for (;;) {
        TSNode node = ts_tree_cursor_current_node(&cursor);
        found = visit(node);
        if (found) break;
        if (ts_tree_cursor_goto_first_child(&cursor)) continue;
        bool moved = false;
        while (!moved) {
            if (ts_tree_cursor_goto_next_sibling(&cursor)) moved = true;
            else if (!ts_tree_cursor_goto_parent(&cursor)) break;
        }
        if (!moved) break;
    }
    ts_tree_cursor_delete(&cursor);
    return found;
}

}  // namespace

std::optional<SyntaxProblem> find_error_node(TSNode root) {
    if (!ts_node_has_error(root)) return std::nullopt;
    return walk(root, [](TSNode node) -> std::optional<SyntaxProblem> {
        if (ts_node_is_missing(node))
            return problem_at(node, std::string("MISSING ") + ts_node_type(node));
        if (std::strcmp(ts_node_type(node), "ERROR") == 0) return problem_at(node, "ERROR");
        return std::nullopt;
    });
}

std::optional<SyntaxProblem> find_syntax_error(TSNode root, std::string_view source) {
    if (auto error = find_error_node(root)) return error;
    return walk(root, [source](TSNode node) -> std::optional<SyntaxProblem> {
        const char *type = ts_node_type(node);
        if (std::strcmp(type, "list") == 0) {
            TSNode head = ts_node_child_by_field_name(node, "head", 4);
            if (!ts_node_is_null(head) && std::strcmp(ts_node_type(head), "symbol") == 0 &&
                is_checked_keyword(node_text(head, source)))
                return problem_at(node, "malformed `" + std::string(node_text(head, source)) + "` form");
        }
        if (std::strcmp(type, "parameter_list") == 0 || std::strcmp(type, "macro_parameters") == 0) {
            // §3.2 [P], §3.9: parameter names are unique (captures and `...rest` included).
            std::set<std::string_view> names;
            for (std::uint32_t i = 0; i < ts_node_named_child_count(node); ++i) {
                TSNode parameter = ts_node_named_child(node, i);
                TSNode name = ts_node_child_by_field_name(parameter, "name", 4);
                if (!ts_node_is_null(name)) parameter = name;
                if (!names.insert(node_text(parameter, source)).second)
                    return problem_at(parameter, "duplicate parameter `" +
                                                     std::string(node_text(parameter, source)) + "`");
            }
        }
        if (std::strcmp(type, "number") == 0) {
            const std::uint32_t end = ts_node_end_byte(node);
            if (end < source.size() && !is_delimiter(source[end]))
                return problem_at(node, "number not followed by a delimiter");
            // §1: a literal that overflows to infinity is "not a valid number" (a value check
            // the grammar cannot express).
            const std::string literal(node_text(node, source));
            if (std::isinf(std::strtod(literal.c_str(), nullptr)))
                return problem_at(node, "number out of range");
        }
        return std::nullopt;
    });
}

}  // namespace ark::grammar_test
