// reanalyze() must give exactly what analyze() gives: every token, node,
// lowered form, symbol, reference, scope and diagnostic, over edits of every
// corpus program and of a generated big one.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "analysis/incremental.hpp"

using namespace ark;

namespace {

const std::string kPath = "/virtual/edited.ark";

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

bool same_range(const SourceRange& a, const SourceRange& b) { return a == b; }

bool same_sexp(const syntax::Sexp& a, const syntax::Sexp& b) {
    if (a.kind != b.kind || !same_range(a.where, b.where) || a.text != b.text || a.number != b.number ||
        a.path != b.path || a.children.size() != b.children.size())
        return false;
    for (size_t i = 0; i < a.children.size(); ++i)
        if (!same_sexp(a.children[i], b.children[i])) return false;
    return true;
}

bool same_diagnostic(const Diagnostic& a, const Diagnostic& b) {
    if (a.code != b.code || a.kind != b.kind || a.severity != b.severity || !same_range(a.where, b.where) ||
        a.message != b.message || a.hint != b.hint || a.related.size() != b.related.size() || a.fixes.size() != b.fixes.size())
        return false;
    for (size_t i = 0; i < a.related.size(); ++i)
        if (!same_range(a.related[i].where, b.related[i].where) || a.related[i].message != b.related[i].message) return false;
    for (size_t i = 0; i < a.fixes.size(); ++i) {
        if (a.fixes[i].title != b.fixes[i].title || a.fixes[i].edits.size() != b.fixes[i].edits.size()) return false;
        for (size_t j = 0; j < a.fixes[i].edits.size(); ++j)
            if (!same_range(a.fixes[i].edits[j].where, b.fixes[i].edits[j].where) ||
                a.fixes[i].edits[j].new_text != b.fixes[i].edits[j].new_text)
                return false;
    }
    return true;
}

template <class T, class Same>
bool same_list(const std::vector<T>& a, const std::vector<T>& b, Same same) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (!same(a[i], b[i])) return false;
    return true;
}

// reanalyze() on a fresh analysis of `before`.
std::shared_ptr<analysis::Analysis> again(const std::string& before, const std::string& after,
                                          const std::string& path = kPath) {
    analysis::AnalysisOptions options;
    std::shared_ptr<analysis::Analysis> previous = analysis::analyze(kPath, before, options);
    return analysis::reanalyze(previous, path, after, options);
}

// Checks every field of the two analyses; names the first that differs.
void check_same(const analysis::Analysis& full, const analysis::Analysis& incremental) {
    CHECK(incremental.sources.size() == full.sources.size());
    CHECK(incremental.main_source().text == full.main_source().text);
    CHECK(incremental.main_source().path == full.main_source().path);
    const syntax::SyntaxTree& a = full.parse.tree;
    const syntax::SyntaxTree& b = incremental.parse.tree;
    CHECK(b.text == a.text);
    CHECK(same_list(a.tokens, b.tokens, [](const syntax::Token& x, const syntax::Token& y) {
        return x.kind == y.kind && x.range.begin == y.range.begin && x.range.end == y.range.end;
    }));
    CHECK(same_list(a.nodes, b.nodes, [](const syntax::SyntaxNode& x, const syntax::SyntaxNode& y) {
        return x.kind == y.kind && x.range.begin == y.range.begin && x.range.end == y.range.end && x.token == y.token &&
               x.close_token == y.close_token && x.parent == y.parent && x.children == y.children;
    }));
    CHECK(same_list(full.parse.diagnostics, incremental.parse.diagnostics, same_diagnostic));
    CHECK(same_list(full.expanded.program, incremental.expanded.program, same_sexp));
    CHECK(same_list(full.expanded.diagnostics, incremental.expanded.diagnostics, same_diagnostic));
    CHECK(incremental.expanded.imports.size() == full.expanded.imports.size());
    CHECK(incremental.expanded.macros.size() == full.expanded.macros.size());
    CHECK(same_list(full.symbols.symbols, incremental.symbols.symbols, [](const analysis::Symbol& x, const analysis::Symbol& y) {
        return x.name == y.name && x.kind == y.kind && same_range(x.name_range, y.name_range) &&
               same_range(x.form_range, y.form_range) && x.is_mutable == y.is_mutable && x.scope == y.scope &&
               x.function_params == y.function_params && same_range(x.value_range, y.value_range) &&
               x.constant_value == y.constant_value;
    }));
    CHECK(same_list(full.symbols.references, incremental.symbols.references,
                    [](const analysis::Reference& x, const analysis::Reference& y) {
                        return x.name == y.name && same_range(x.range, y.range) && x.kind == y.kind &&
                               x.symbol == y.symbol && x.is_write == y.is_write && x.scope == y.scope;
                    }));
    CHECK(same_list(full.symbols.scopes, incremental.symbols.scopes, [](const analysis::Scope& x, const analysis::Scope& y) {
        return x.parent == y.parent && same_range(x.range, y.range) && x.symbols == y.symbols;
    }));
    CHECK(same_list(full.diagnostics, incremental.diagnostics, same_diagnostic));
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
            CAPTURE(at, edit);  // (Catch2 prints captures eagerly: not the texts)
            check_same(*analysis::analyze(kPath, edits[edit], analysis::AnalysisOptions()), *incremental);
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
    for (const auto& entry : std::filesystem::recursive_directory_iterator(std::string(ARK_SOURCE_DIR) + "/tests/programs")) {
        if (entry.path().extension() != ".ark") continue;
        INFO(entry.path().string());
        n_incremental += check_edits(read_text(entry.path()), 4);
    }
    // Most of the corpus uses neither macros nor imports: the fast path must
    // really have been taken (and checked) thousands of times.
    CHECK(n_incremental > 3000);
}

TEST_CASE("reanalyze equals analyze over edits of a generated program", "[incremental]") {
    CHECK(check_edits(generated_program(40), 40) > 500);
}

TEST_CASE("reanalyze declines what it cannot do exactly", "[incremental]") {
    CHECK(again("(let a 1)\n(let b 2)\n", "(let a 1)\n(let b 3)\n"));
    // An unclosed form or string would take in the rest of the file.
    CHECK_FALSE(again("(let a 1)\n(let b 2)\n", "(let a (1)\n(let b 2)\n"));
    CHECK_FALSE(again("(let a 1)\n(let b 2)\n", "(let a \"1)\n(let b 2)\n"));
    // Macros, spreads and imports make expansion whole-program.
    CHECK_FALSE(again("($ m 1)\n(let b m)\n", "($ m 2)\n(let b m)\n"));
    CHECK_FALSE(again("(let a 1)\n", "(let a ($argcount print))\n"));
    CHECK_FALSE(again("(let a 1)\n", "(import std.List)\n(let a 1)\n"));
    // A previous text with syntax errors; another file.
    CHECK_FALSE(again("(let a 1\n", "(let a 1)\n"));
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
