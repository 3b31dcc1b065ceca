#include "analysis/analysis.hpp"

#include <algorithm>
#include <filesystem>
#include <unordered_map>

#include "analysis/check_forms.hpp"
#include "analysis/preamble.hpp"
#include "analysis/resolve.hpp"
#include "base/diagnostic_codes.hpp"
#include "syntax/lower.hpp"

namespace ark::analysis {

bool Analysis::has_errors() const {
    return has_error(diagnostics);
}

std::vector<const std::vector<syntax::Sexp>*> Analysis::program_parts() const {
    if (preamble) return {&preamble->analysis->expanded.program, &expanded.program};
    return {&expanded.program};
}

bool Analysis::syntax_clean() const {
    return !has_error(syntax_diagnostics);
}

std::shared_ptr<Analysis> analyze(const std::string& path, std::string text, const AnalysisOptions& options) {
    const auto cancelled = [&options] { return options.cancelled && options.cancelled(); };
    auto a = std::make_shared<Analysis>();
    a->main_file = a->sources.add(path, std::move(text));
    a->parse = syntax::parse(a->sources.file(a->main_file).text, a->main_file);
    if (cancelled()) return nullptr;
    std::vector<Diagnostic> diags = a->parse.diagnostics;
    std::vector<syntax::Sexp> forms = syntax::lower(a->parse.tree, a->main_file, diags);
    a->syntax_diagnostics = diags;
    if (cancelled()) return nullptr;

    // The expander's state is worth keeping for a file that defines macros
    // and imports nothing (a textual test: wrong only towards not keeping).
    const std::string_view main_text = a->sources.file(a->main_file).text;
    const bool own_macros = main_text.find("macro") != std::string_view::npos && main_text.find("import") == std::string_view::npos;
    a->expanded = expand::expand_program(std::move(forms), a->sources, expand_options_for(path, options),
                                         own_macros ? &a->expansion : nullptr);
    diags.insert(diags.end(), a->expanded.diagnostics.begin(), a->expanded.diagnostics.end());
    if (cancelled()) return nullptr;
    resolve_program(*a, std::move(diags));
    return a;
}

expand::ExpandOptions expand_options_for(const std::string& path, const AnalysisOptions& options) {
    expand::ExpandOptions expand_options;
    std::filesystem::path main_path(path);
    expand_options.main_dir = main_path.has_parent_path() ? main_path.parent_path().string() : ".";
    expand_options.library_paths = options.library_paths;
    expand_options.read_file = options.read_file;
    expand_options.allowed_roots = options.allowed_import_roots;
    return expand_options;
}

namespace {

// The W0303 for a read of global `symbol` marked @deprecated, if it is one.
std::optional<std::string> deprecation_of(const Analysis& a, const Symbol& s) {
    if (s.kind != SymbolKind::Global || s.form_range.file >= a.sources.size()) return std::nullopt;
    const std::string doc = doc_comment_before(a.sources.file(s.form_range.file), s.form_range.range.begin);
    const size_t at = doc.find("@deprecated");
    if (at == std::string::npos) return std::nullopt;
    std::string why = doc.substr(at + 11);
    why = why.substr(0, why.find('\n'));
    while (!why.empty() && why.front() == ' ') why.erase(0, 1);
    return why;
}

Diagnostic deprecated_use(const Symbol& s, const Reference& r, const std::string& why) {
    Diagnostic d = make_diagnostic("W0303", r.range, "`" + std::string(s.name) + "' is deprecated" + (why.empty() ? "" : ": " + why));
    d.related.push_back({s.name_range, "marked @deprecated here"});
    return d;
}

}  // namespace

bool mentions_deprecated(const SourceMap& sources) {
    for (FileId f = 0; f < sources.size(); ++f)
        if (sources.file(f).text.find("@deprecated") != std::string::npos) return true;
    return false;
}

// 4.4+: a `# @deprecated why` line in the doc comment of a global's
// definition makes every use of it a W0303 (upstream prints the notice on
// stderr when the program runs; `ark run` prints this warning).
void warn_deprecated_uses(const Analysis& a, size_t first_reference, std::vector<Diagnostic>& out) {
    const SymbolTable& table = a.symbols;
    if (first_reference == 0) {
        for (size_t i = 0; i < table.symbols.size(); ++i) {
            const std::optional<std::string> why = deprecation_of(a, table.symbols[i]);
            if (!why) continue;
            for (const Reference* r : table.references_to(static_cast<int>(i)))
                if (!r->is_write) out.push_back(deprecated_use(table.symbols[i], *r, *why));
        }
        return;
    }
    std::unordered_map<int, std::optional<std::string>> known;
    for (size_t i = first_reference; i < table.references.size(); ++i) {
        const Reference& r = table.references[i];
        if (r.kind != ReferenceKind::Resolved || r.is_write || r.symbol < 0) continue;
        auto [entry, added] = known.try_emplace(r.symbol);
        if (added) entry->second = deprecation_of(a, table.symbols[r.symbol]);
        if (entry->second) out.push_back(deprecated_use(table.symbols[r.symbol], r, *entry->second));
    }
}

void set_diagnostics(Analysis& a, std::vector<Diagnostic> early, const std::vector<Diagnostic>& checks) {
    // Resolution on a program with syntax errors still runs (the server needs
    // symbols while the user types), but its errors would be noise: keep
    // them only when the syntax is clean.
    if (!has_error(early)) early.insert(early.end(), checks.begin(), checks.end());
    std::stable_sort(early.begin(), early.end(), [](const Diagnostic& x, const Diagnostic& y) {
        if (x.where.file != y.where.file) return x.where.file < y.where.file;
        return x.where.range.begin < y.where.range.begin;
    });
    a.diagnostics = std::move(early);
}

void resolve_program(Analysis& a, std::vector<Diagnostic> diags) {
    std::vector<Diagnostic> checks;
    auto memo = std::make_unique<ResolutionMemo>();
    const uint32_t node_count = label_nodes(a.expanded.program);
    const MalformedForms malformed = check_forms(a.expanded.program, node_count, checks, &memo->origins);
    resolve(a.expanded.program, node_count, malformed, a.symbols, checks, nullptr, /*hints=*/!has_error(diags), memo.get());
    memo->checks = checks;
    a.resolution = std::move(memo);
    a.resolution_spliced = false;
    if (mentions_deprecated(a.sources)) warn_deprecated_uses(a, 0, checks);
    set_diagnostics(a, std::move(diags), checks);
}

namespace {

using RangeEntry = SymbolTable::RangeEntry;

// Sorts one file's entries, given in index order, by (begin, index). The
// resolver records names almost in source order (a `let`'s name after the
// names in its value, a `set`'s target after its value), so an insertion sort
// finishes in about one pass. Past a budget of moves the input is not nearly
// sorted after all and std::sort takes over.
void sort_one_file(std::vector<RangeEntry>::iterator first, std::vector<RangeEntry>::iterator last) {
    const auto before = [](const RangeEntry& a, const RangeEntry& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.index < b.index;
    };
    size_t budget = 4 * static_cast<size_t>(last - first) + 64;
    for (auto i = first; i != last; ++i) {
        for (auto j = i; j != first && before(*j, *(j - 1)); --j) {
            std::iter_swap(j, j - 1);
            if (--budget == 0) {
                std::sort(first, last, before);
                return;
            }
        }
    }
}

std::vector<RangeEntry> sorted_ranges(std::vector<RangeEntry> entries) {
    // By file first, keeping index order (a counting sort): the program puts
    // an imported file's forms before the file importing it, whose id is
    // lower, so across files the entries come in no useful order.
    FileId n_files = 0;
    for (const RangeEntry& e : entries) n_files = std::max(n_files, e.file + 1);
    if (n_files > 1) {
        std::vector<size_t> start(n_files + 1, 0);
        for (const RangeEntry& e : entries) ++start[e.file + 1];
        for (FileId f = 0; f < n_files; ++f) start[f + 1] += start[f];
        std::vector<RangeEntry> by_file(entries.size());
        std::vector<size_t> next(start.begin(), start.end() - 1);
        for (const RangeEntry& e : entries) by_file[next[e.file]++] = e;
        entries = std::move(by_file);
        for (FileId f = 0; f < n_files; ++f)
            sort_one_file(entries.begin() + static_cast<std::ptrdiff_t>(start[f]),
                          entries.begin() + static_cast<std::ptrdiff_t>(start[f + 1]));
    } else {
        sort_one_file(entries.begin(), entries.end());
    }
    for (size_t i = 0; i < entries.size(); ++i) {
        entries[i].max_end = entries[i].end;
        if (i > 0 && entries[i - 1].file == entries[i].file)
            entries[i].max_end = std::max(entries[i].max_end, entries[i - 1].max_end);
    }
    return entries;
}

// Indices (ascending) of the entries of `file` with begin <= offset <= end,
// or begin <= offset < end when `strict`.
std::vector<int> ranges_at(const std::vector<RangeEntry>& entries, FileId file, uint32_t offset, bool strict) {
    auto after = std::upper_bound(entries.begin(), entries.end(), std::pair{file, offset},
                                  [](const std::pair<FileId, uint32_t>& key, const RangeEntry& e) {
                                      return key.first != e.file ? key.first < e.file : key.second < e.begin;
                                  });
    std::vector<int> found;
    for (auto it = after; it != entries.begin();) {
        --it;
        if (it->file != file || it->max_end < offset) break;
        if (strict ? offset < it->end : offset <= it->end) found.push_back(it->index);
    }
    std::sort(found.begin(), found.end());
    return found;
}

}  // namespace

SymbolTable::SymbolTable(std::shared_ptr<const SymbolTable> base)
    : symbols(std::shared_ptr<const Layered<Symbol>>(base, &base->symbols)),
      references(std::shared_ptr<const Layered<Reference>>(base, &base->references)),
      scopes(std::shared_ptr<const Layered<Scope>>(base, &base->scopes)),
      nodes(std::shared_ptr<const Layered<NodeFacts>>(base, &base->nodes)),
      base_(std::move(base)) {}

void SymbolTable::build_index() {
    Index index;
    std::vector<RangeEntry> entries;
    entries.reserve(symbols.own().size());
    for (size_t i = symbols.base_size(); i < symbols.size(); ++i) {
        const SourceRange& r = symbols[i].name_range;
        entries.push_back({r.file, r.range.begin, r.range.end, 0, static_cast<int>(i)});
    }
    index.symbol_names = sorted_ranges(std::move(entries));
    entries.clear();
    entries.reserve(references.own().size());
    for (size_t i = references.base_size(); i < references.size(); ++i) {
        const SourceRange& r = references[i].range;
        entries.push_back({r.file, r.range.begin, r.range.end, 0, static_cast<int>(i)});
    }
    index.reference_names = sorted_ranges(std::move(entries));
    entries.clear();
    entries.reserve(scopes.own().size());
    for (size_t i = std::max<size_t>(1, scopes.base_size()); i < scopes.size(); ++i) {
        const SourceRange& r = scopes[i].range;
        entries.push_back({r.file, r.range.begin, r.range.end, 0, static_cast<int>(i)});
    }
    index.scope_ranges = sorted_ranges(std::move(entries));

    // Own references only: the base's index knows its own.
    index.resolved_begin.assign(symbols.size() + 1, 0);
    for (const Reference& r : references.own())
        if (r.kind == ReferenceKind::Resolved && r.symbol >= 0 && static_cast<size_t>(r.symbol) < symbols.size())
            index.resolved_begin[r.symbol + 1]++;
    for (size_t s = 0; s < symbols.size(); ++s) index.resolved_begin[s + 1] += index.resolved_begin[s];
    index.resolved_refs.resize(index.resolved_begin.back());
    std::vector<uint32_t> next(index.resolved_begin.begin(), index.resolved_begin.end() - 1);
    for (size_t i = references.base_size(); i < references.size(); ++i) {
        const Reference& r = references[i];
        if (r.kind == ReferenceKind::Resolved && r.symbol >= 0 && static_cast<size_t>(r.symbol) < symbols.size())
            index.resolved_refs[next[r.symbol]++] = static_cast<int>(i);
    }
    index.n_symbols = symbols.size();
    index.n_references = references.size();
    index.n_scopes = scopes.size();
    index_ = std::move(index);
}

bool SymbolTable::indexed() const {
    return index_.n_symbols == symbols.size() && index_.n_references == references.size() &&
           index_.n_scopes == scopes.size() && (!base_ || base_->indexed());
}

namespace {

// The base's answers (smaller indices) then this table's.
std::vector<int> merged(std::vector<int> base, const std::vector<int>& own) {
    base.insert(base.end(), own.begin(), own.end());
    return base;
}

}  // namespace

std::vector<int> SymbolTable::symbols_touching(FileId file, uint32_t offset) const {
    if (indexed())
        return merged(base_ ? base_->symbols_touching(file, offset) : std::vector<int>{},
                      ranges_at(index_.symbol_names, file, offset, false));
    std::vector<int> out;
    for (size_t i = 0; i < symbols.size(); ++i)
        if (symbols[i].name_range.file == file && symbols[i].name_range.range.touches(offset)) out.push_back(static_cast<int>(i));
    return out;
}

std::vector<int> SymbolTable::references_touching(FileId file, uint32_t offset) const {
    if (indexed())
        return merged(base_ ? base_->references_touching(file, offset) : std::vector<int>{},
                      ranges_at(index_.reference_names, file, offset, false));
    std::vector<int> out;
    for (size_t i = 0; i < references.size(); ++i)
        if (references[i].range.file == file && references[i].range.range.touches(offset)) out.push_back(static_cast<int>(i));
    return out;
}

int SymbolTable::symbol_at(FileId file, uint32_t offset) const {
    const std::vector<int> found = symbols_touching(file, offset);
    return found.empty() ? -1 : found.front();
}

int SymbolTable::reference_at(FileId file, uint32_t offset) const {
    const std::vector<int> found = references_touching(file, offset);
    return found.empty() ? -1 : found.front();
}

std::vector<const Reference*> SymbolTable::references_to(int symbol) const {
    std::vector<const Reference*> out;
    if (indexed()) {
        if (symbol < 0 || static_cast<size_t>(symbol) >= symbols.size()) return out;
        if (base_ && static_cast<size_t>(symbol) < symbols.base_size()) out = base_->references_to(symbol);
        for (uint32_t i = index_.resolved_begin[symbol]; i < index_.resolved_begin[symbol + 1]; ++i)
            out.push_back(&references[index_.resolved_refs[i]]);
        return out;
    }
    for (const auto& r : references)
        if (r.kind == ReferenceKind::Resolved && r.symbol == symbol) out.push_back(&r);
    return out;
}

int SymbolTable::scope_at(FileId file, uint32_t offset) const {
    std::vector<int> candidates;
    if (indexed()) {
        if (base_)
            if (const int in_base = base_->scope_at(file, offset); in_base > 0) candidates.push_back(in_base);
        const std::vector<int> own = ranges_at(index_.scope_ranges, file, offset, true);
        candidates.insert(candidates.end(), own.begin(), own.end());
    } else {
        for (size_t i = 1; i < scopes.size(); ++i)
            if (scopes[i].range.file == file && scopes[i].range.range.contains(offset)) candidates.push_back(static_cast<int>(i));
    }
    // The smallest containing scope; among equal ones, the last.
    int best = 0;
    for (int i : candidates)
        if (best == 0 || scopes[i].range.range.length() <= scopes[best].range.range.length()) best = i;
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

// The Levenshtein distance of a and b if it is at most `bound`, else bound + 1.
// Every path through the table crosses each row and never gets cheaper, so
// a row whose every cell exceeds the bound ends the measure.
size_t edit_distance_within(std::string_view a, std::string_view b, size_t bound) {
    const size_t length_gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
    if (length_gap > bound) return bound + 1;
    constexpr size_t kOnStack = 64;  // names are short: no allocation per candidate
    size_t on_stack[2][kOnStack + 1];
    std::vector<size_t> on_heap;
    size_t* prev = on_stack[0];
    size_t* cur = on_stack[1];
    if (b.size() > kOnStack) {
        on_heap.resize(2 * (b.size() + 1));
        prev = on_heap.data();
        cur = prev + b.size() + 1;
    }
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        size_t row_min = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
            row_min = std::min(row_min, cur[j]);
        }
        if (row_min > bound) return bound + 1;
        std::swap(prev, cur);
    }
    return std::min(prev[b.size()], bound + 1);
}

}  // namespace

std::optional<std::string> suggest_name(std::string_view name, const std::vector<std::string_view>& candidates) {
    // The characters of `name`, counted: a candidate's characters that name
    // lacks (as multisets), or the reverse, each need an edit, so the larger
    // count is a lower bound of the distance (the bag distance).
    int counts[256] = {};
    for (const unsigned char c : name) ++counts[c];
    std::optional<std::string_view> best;
    size_t bound = name.size() / 2;  // a candidate further than this is never picked
    for (const std::string_view candidate : candidates) {
        if (candidate == name) continue;
        size_t surplus = 0;
        for (const unsigned char c : candidate)
            if (counts[c]-- <= 0) ++surplus;
        for (const unsigned char c : candidate) ++counts[c];
        const size_t missing = name.size() - (candidate.size() - surplus);
        if (std::max(surplus, missing) > bound) continue;
        const size_t distance = edit_distance_within(name, candidate, bound);
        if (distance > bound) continue;
        // Closer, or as close and first in spelling order.
        if (!best || distance < bound || candidate < *best) {
            best = candidate;
            bound = distance;
        }
    }
    if (!best) return std::nullopt;
    return std::string(*best);
}

}  // namespace ark::analysis
