// Field-by-field comparison of two Analyses (tokens, nodes, lowered forms,
// symbols, references, scopes, diagnostics), for the tests and the fuzz
// target that hold reanalyze() to analyze(). Header-only: the fuzz build
// compiles it too.
#pragma once
#include <algorithm>
#include <string>
#include <vector>

#include "analysis/analysis.hpp"

namespace ark::test {

namespace same_detail {

inline bool same_sexp(const syntax::Sexp& a, const syntax::Sexp& b) {
    if (a.kind != b.kind || a.form != b.form || a.id != b.id || a.where != b.where || a.text != b.text || a.number() != b.number() || a.path != b.path ||
        a.children.size() != b.children.size())
        return false;
    for (size_t i = 0; i < a.children.size(); ++i)
        if (!same_sexp(a.children[i], b.children[i])) return false;
    return true;
}

inline bool same_diagnostic(const Diagnostic& a, const Diagnostic& b) {
    if (a.code != b.code || a.kind != b.kind || a.severity != b.severity || a.where != b.where || a.message != b.message ||
        a.hint != b.hint || a.related.size() != b.related.size() || a.fixes.size() != b.fixes.size())
        return false;
    for (size_t i = 0; i < a.related.size(); ++i)
        if (a.related[i].where != b.related[i].where || a.related[i].message != b.related[i].message) return false;
    for (size_t i = 0; i < a.fixes.size(); ++i) {
        if (a.fixes[i].title != b.fixes[i].title || a.fixes[i].edits.size() != b.fixes[i].edits.size()) return false;
        for (size_t j = 0; j < a.fixes[i].edits.size(); ++j)
            if (a.fixes[i].edits[j].where != b.fixes[i].edits[j].where ||
                a.fixes[i].edits[j].new_text != b.fixes[i].edits[j].new_text)
                return false;
    }
    return true;
}

template <class List, class Same>  // a std::vector or an analysis::Layered
bool same_list(const List& a, const List& b, Same same) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (!same(a[i], b[i])) return false;
    return true;
}

}  // namespace same_detail

// The first part in which the two differ ("" when they are the same).
inline std::string first_difference(const analysis::Analysis& a, const analysis::Analysis& b) {
    using namespace same_detail;
    if (a.sources.size() != b.sources.size() || a.main_file != b.main_file ||
        a.main_source().text != b.main_source().text || a.main_source().path != b.main_source().path)
        return "sources";
    const syntax::SyntaxTree& x = a.parse.tree;
    const syntax::SyntaxTree& y = b.parse.tree;
    if (x.text != y.text) return "tree text";
    if (!same_list(x.tokens, y.tokens, [](const syntax::Token& s, const syntax::Token& t) {
            return s.kind == t.kind && s.range.begin == t.range.begin && s.range.end == t.range.end;
        }))
        return "tokens";
    if (!same_list(x.nodes, y.nodes, [](const syntax::SyntaxNode& s, const syntax::SyntaxNode& t) {
            return s.kind == t.kind && s.range.begin == t.range.begin && s.range.end == t.range.end &&
                   s.token == t.token && s.close_token == t.close_token && s.parent == t.parent && s.children == t.children;
        }))
        return "nodes";
    if (!same_list(a.parse.diagnostics, b.parse.diagnostics, same_diagnostic)) return "parse diagnostics";
    if (!same_list(a.expanded.program, b.expanded.program, same_sexp)) return "program";
    if (!same_list(a.expanded.diagnostics, b.expanded.diagnostics, same_diagnostic)) return "expansion diagnostics";
    if (a.expanded.imports.size() != b.expanded.imports.size() || a.expanded.macros.size() != b.expanded.macros.size())
        return "imports or macros";
    if (!same_list(a.symbols.symbols, b.symbols.symbols, [](const analysis::Symbol& s, const analysis::Symbol& t) {
            return s.name == t.name && s.kind == t.kind && s.name_range == t.name_range && s.form_range == t.form_range &&
                   s.is_mutable == t.is_mutable && s.scope == t.scope && s.function_params == t.function_params &&
                   s.value_range == t.value_range && s.constant_value == t.constant_value && s.builtin == t.builtin;
        }))
        return "symbols";
    if (!same_list(a.symbols.references, b.symbols.references, [](const analysis::Reference& s, const analysis::Reference& t) {
            return s.name == t.name && s.range == t.range && s.kind == t.kind && s.symbol == t.symbol &&
                   s.is_write == t.is_write && s.scope == t.scope;
        }))
        return "references";
    if (!same_list(a.symbols.scopes, b.symbols.scopes, [](const analysis::Scope& s, const analysis::Scope& t) {
            return s.parent == t.parent && s.range == t.range && s.symbols == t.symbols && s.is_loop == t.is_loop;
        }))
        return "scopes";
    if (!same_list(a.symbols.nodes, b.symbols.nodes, [](const analysis::NodeFacts& s, const analysis::NodeFacts& t) {
            return s.reference == t.reference && s.definition == t.definition && s.scope == t.scope;
        }))
        return "node facts";
    // The table's indexes answer alike at every offset of the main file
    // (when one was moved along by a splice: else both are built alike).
    const analysis::SymbolTable& s = a.symbols;
    const analysis::SymbolTable& t = b.symbols;
    const bool spliced = a.resolution_spliced || b.resolution_spliced;
    // The answers change only at the ends of the ranges indexed.
    std::vector<uint32_t> offsets;
    const auto add_ends = [&](const SourceRange& r) {
        if (r.file != a.main_file) return;
        for (const uint32_t at : {r.range.begin, r.range.end})
            for (const uint32_t offset : {at - 1, at, at + 1}) offsets.push_back(offset);
    };
    for (const analysis::SymbolTable* table : {&s, &t}) {
        for (size_t i = 0; spliced && i < table->symbols.size(); ++i) add_ends(table->symbols[i].name_range);
        for (size_t i = 0; spliced && i < table->references.size(); ++i) add_ends(table->references[i].range);
        for (size_t i = 0; spliced && i < table->scopes.size(); ++i) add_ends(table->scopes[i].range);
    }
    std::sort(offsets.begin(), offsets.end());
    offsets.erase(std::unique(offsets.begin(), offsets.end()), offsets.end());
    for (const uint32_t offset : offsets) {
        if (s.symbols_touching(a.main_file, offset) != t.symbols_touching(b.main_file, offset) ||
            s.references_touching(a.main_file, offset) != t.references_touching(b.main_file, offset) ||
            s.scope_at(a.main_file, offset) != t.scope_at(b.main_file, offset))
            return "index at offset " + std::to_string(offset);
    }
    for (size_t i = 0; spliced && i < s.symbols.size(); ++i) {
        const std::vector<const analysis::Reference*> x = s.references_to(static_cast<int>(i));
        const std::vector<const analysis::Reference*> y = t.references_to(static_cast<int>(i));
        if (!same_list(x, y, [](const analysis::Reference* r, const analysis::Reference* q) { return r->range == q->range; }))
            return "references to symbol " + std::to_string(i);
    }
    if (!same_list(a.diagnostics, b.diagnostics, same_diagnostic)) return "diagnostics";
    if (!same_list(a.syntax_diagnostics, b.syntax_diagnostics, same_diagnostic)) return "syntax diagnostics";
    return "";
}

}  // namespace ark::test
