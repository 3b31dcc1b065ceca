#include "analysis/analysis.hpp"

#include <algorithm>
#include <filesystem>

#include "analysis/resolve.hpp"
#include "syntax/lower.hpp"

namespace ark::analysis {

bool Analysis::has_errors() const {
    return std::any_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

std::shared_ptr<Analysis> analyze(const std::string& path, std::string text, const AnalysisOptions& options) {
    auto a = std::make_shared<Analysis>();
    a->main_file = a->sources.add(path, std::move(text));
    a->parse = syntax::parse(a->sources.file(a->main_file).text, a->main_file);
    std::vector<Diagnostic> diags = a->parse.diagnostics;
    std::vector<syntax::Sexp> forms = syntax::lower(a->parse.tree, a->main_file, diags);

    expand::ExpandOptions expand_options;
    std::filesystem::path main_path(path);
    expand_options.main_dir = main_path.has_parent_path() ? main_path.parent_path().string() : ".";
    expand_options.library_paths = options.library_paths;
    expand_options.read_file = options.read_file;
    a->expanded = expand::expand_program(std::move(forms), a->sources, expand_options);
    diags.insert(diags.end(), a->expanded.diagnostics.begin(), a->expanded.diagnostics.end());

    // Resolution on a program with syntax errors still runs (the server needs
    // symbols while the user types), but its errors would be noise: keep
    // them only when the syntax is clean.
    bool syntax_ok = std::none_of(diags.begin(), diags.end(), [](const Diagnostic& d) { return d.severity == Severity::Error; });
    std::vector<Diagnostic> checks;
    resolve(a->expanded.program, a->symbols, checks);
    if (syntax_ok) diags.insert(diags.end(), checks.begin(), checks.end());
    std::stable_sort(diags.begin(), diags.end(), [](const Diagnostic& x, const Diagnostic& y) {
        if (x.where.file != y.where.file) return x.where.file < y.where.file;
        return x.where.range.begin < y.where.range.begin;
    });
    a->diagnostics = std::move(diags);
    return a;
}

int SymbolTable::symbol_at(FileId file, uint32_t offset) const {
    for (size_t i = 0; i < symbols.size(); ++i)
        if (symbols[i].name_range.file == file && symbols[i].name_range.range.touches(offset)) return static_cast<int>(i);
    return -1;
}

int SymbolTable::reference_at(FileId file, uint32_t offset) const {
    for (size_t i = 0; i < references.size(); ++i)
        if (references[i].range.file == file && references[i].range.range.touches(offset)) return static_cast<int>(i);
    return -1;
}

std::vector<const Reference*> SymbolTable::references_to(int symbol) const {
    std::vector<const Reference*> out;
    for (const auto& r : references)
        if (r.kind == ReferenceKind::Resolved && r.symbol == symbol) out.push_back(&r);
    return out;
}

int SymbolTable::scope_at(FileId file, uint32_t offset) const {
    int best = 0;
    for (size_t i = 1; i < scopes.size(); ++i) {
        const Scope& s = scopes[i];
        if (s.range.file == file && s.range.range.contains(offset)) {
            if (best == 0 || s.range.range.length() <= scopes[best].range.range.length()) best = static_cast<int>(i);
        }
    }
    return best;
}

std::vector<int> SymbolTable::visible_symbols(int scope) const {
    std::vector<int> out;
    for (int s = scope; s >= 0; s = scopes[s].parent)
        out.insert(out.end(), scopes[s].symbols.begin(), scopes[s].symbols.end());
    return out;
}

std::string doc_comment_before(const SourceFile& file, uint32_t offset) {
    const LineIndex& lines = file.lines;
    LineColumn at = lines.to_line_column(offset, PositionEncoding::Utf8);
    std::vector<std::string> collected;
    for (uint32_t line = at.line; line-- > 0;) {
        std::string_view text = lines.line_text(line);
        size_t first = text.find_first_not_of(" \t\r");
        if (first == std::string_view::npos || text[first] != '#') break;
        std::string_view body = text.substr(first + 1);
        if (!body.empty() && body[0] == ' ') body.remove_prefix(1);
        while (!body.empty() && (body.back() == '\r' || body.back() == ' ')) body.remove_suffix(1);
        collected.emplace_back(body);
    }
    std::string doc;
    for (size_t i = collected.size(); i-- > 0;) {
        doc += collected[i];
        if (i) doc += "\n";
    }
    return doc;
}

namespace {
size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}
}  // namespace

std::optional<std::string> suggest_name(const std::string& name, const std::vector<std::string>& candidates) {
    std::optional<std::string> best;
    size_t best_distance = name.size() / 2 + 1;
    for (const auto& c : candidates) {
        if (c == name) continue;
        size_t d = edit_distance(name, c);
        if (d < best_distance || (d == best_distance && best && c < *best && d <= name.size() / 2)) {
            if (d <= name.size() / 2) {
                best = c;
                best_distance = d;
            }
        }
    }
    return best;
}

}  // namespace ark::analysis
