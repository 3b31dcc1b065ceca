// Parses every .ark file of tests/programs/, std/ and grammar/test/programs/ (found at run time).
// A program (a file with an expectation sibling such as `.expected`) whose expected error is a
// SyntaxError must show one, in itself or in a package it imports (see find_syntax_error); every
// other file must have no ERROR or MISSING node, except helper packages that only such programs
// import (they are the broken files those programs load).
#include "ts_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>

namespace fs = std::filesystem;
using namespace ark::grammar_test;

namespace {

struct ParsedFile {
    std::string source;
    TreePtr tree;
};

std::vector<fs::path> ark_files(const fs::path &dir) {
    std::vector<fs::path> files;
    if (!fs::is_directory(dir)) return files;
    for (const auto &entry : fs::recursive_directory_iterator(dir))
        if (entry.is_regular_file() && entry.path().extension() == ".ark") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

fs::path sibling(const fs::path &file, const char *extension) {
    fs::path result = file;
    result.replace_extension(extension);
    return result;
}

// A program has an expected output or error beside it; other .ark files are packages.
bool is_program(const fs::path &file) {
    for (const char *extension : {".expected", ".expected-error", ".out", ".err"})
        if (fs::is_regular_file(sibling(file, extension))) return true;
    return false;
}

// `NN.expected-error` (shared/examples style) or `NN.err` naming a SyntaxError.
bool expects_syntax_error(const fs::path &program) {
    for (const char *extension : {".expected-error", ".err"}) {
        const fs::path expectation = sibling(program, extension);
        if (fs::is_regular_file(expectation) && read_file(expectation).find("SyntaxError") != std::string::npos)
            return true;
    }
    return false;
}

const ParsedFile &parsed(std::map<fs::path, ParsedFile> &cache, const fs::path &file) {
    auto found = cache.find(file);
    if (found == cache.end()) {
        std::string source = read_file(file);
        TreePtr tree = parse(source);
        found = cache.emplace(file, ParsedFile{std::move(source), std::move(tree)}).first;
    }
    return found->second;
}

// The files named by the `import` forms of `file` (§3.7): `a.b.c` is `a/b/c.ark`, looked up in the
// folder of the main program, then in the repository (the library directory holding std/).
std::vector<fs::path> imported_files(const ParsedFile &file, const fs::path &main_dir) {
    std::vector<fs::path> result;
    std::vector<TSNode> pending{ts_tree_root_node(file.tree.get())};
    while (!pending.empty()) {
        const TSNode node = pending.back();
        pending.pop_back();
        for (std::uint32_t i = 0; i < ts_node_named_child_count(node); ++i)
            pending.push_back(ts_node_named_child(node, i));
        if (std::strcmp(ts_node_type(node), "package_path") != 0) continue;
        fs::path relative;
        for (std::uint32_t i = 0; i < ts_node_named_child_count(node); ++i) {
            const TSNode part = ts_node_named_child(node, i);
            if (std::strcmp(ts_node_type(part), "path_segment") != 0) continue;
            relative /= file.source.substr(ts_node_start_byte(part), ts_node_end_byte(part) - ts_node_start_byte(part));
        }
        relative += ".ark";
        for (const fs::path &dir : {main_dir, fs::path(ARK_SOURCE_DIR)})
            if (fs::is_regular_file(dir / relative)) {
                result.push_back(fs::canonical(dir / relative));
                break;
            }
    }
    return result;
}

// `program` and every package it reaches through imports.
std::vector<fs::path> reachable_files(std::map<fs::path, ParsedFile> &cache, const fs::path &program) {
    std::vector<fs::path> order{program};
    std::set<fs::path> seen{program};
    for (std::size_t i = 0; i < order.size(); ++i)
        for (const fs::path &next : imported_files(parsed(cache, order[i]), program.parent_path()))
            if (seen.insert(next).second) order.push_back(next);
    return order;
}

std::size_t check_files_under(const std::vector<fs::path> &roots) {
    std::vector<fs::path> files;
    for (const fs::path &root : roots)
        for (const fs::path &file : ark_files(root)) files.push_back(fs::canonical(file));

    std::map<fs::path, ParsedFile> cache;
    std::set<fs::path> broken_on_purpose;  // packages reached only from SyntaxError programs
    std::set<fs::path> must_be_clean;
    for (const fs::path &file : files) {
        if (!is_program(file)) continue;
        const std::vector<fs::path> reached = reachable_files(cache, file);
        if (!expects_syntax_error(file)) {
            must_be_clean.insert(reached.begin(), reached.end());
            continue;
        }
        bool found = false;
        for (const fs::path &each : reached) {
            const ParsedFile &parsed_file = parsed(cache, each);
            if (find_syntax_error(ts_tree_root_node(parsed_file.tree.get()), parsed_file.source)) found = true;
            if (each != file) broken_on_purpose.insert(each);
        }
        INFO(file.string() << ": a SyntaxError is expected, but neither it nor its imports show one");
        CHECK(found);
    }
    for (const fs::path &file : files) {
        if (expects_syntax_error(file)) continue;
        if (broken_on_purpose.count(file) != 0 && must_be_clean.count(file) == 0) continue;
        const ParsedFile &parsed_file = parsed(cache, file);
        const TSNode root = ts_tree_root_node(parsed_file.tree.get());
        if (const auto problem = find_error_node(root)) {
            FAIL_CHECK(file.string() << ":" << problem->row + 1 << ":" << problem->column + 1 << ": "
                                     << problem->what << " in " << node_sexp(root).substr(0, 2000));
        }
    }
    return files.size();
}

}  // namespace

TEST_CASE("programs: grammar fixtures parse", "[programs]") {
    CHECK(check_files_under({fs::path(ARK_GRAMMAR_DIR) / "test" / "programs"}) > 0);
}

TEST_CASE("programs: tests/programs and std parse", "[programs]") {
    const std::size_t n_checked =
        check_files_under({fs::path(ARK_SOURCE_DIR) / "tests" / "programs", fs::path(ARK_SOURCE_DIR) / "std"});
    WARN(n_checked << " files checked in tests/programs and std");
}

TEST_CASE("programs: syntax errors are found", "[programs]") {
    for (const char *source : {"(let x)", "(print 1abc)", "(print \"\\q\")", "(print \"\\u0000\")", "(print 1e400)",
                               "(print (+ 1 2)", "1", "(fun (a &c b) a)",
                               "(fun (a a) a)", "(fun (a &a) a)", "($ m (x ...x) x)"}) {
        INFO(source);
        const TreePtr tree = parse(source);
        CHECK(find_syntax_error(ts_tree_root_node(tree.get()), source).has_value());
    }
    for (const char *source : {"(let x 1)", "(print 1 \"a\" [x] {y})", "(await a b)", "(fun (a b &c) a)"}) {
        INFO(source);
        const TreePtr tree = parse(source);
        CHECK_FALSE(find_syntax_error(ts_tree_root_node(tree.get()), source).has_value());
    }
}
