// splice_resolution(): the symbol table of the forms before an edited window
// stays where it is, the window's forms are resolved again by a
// WindowResolver, and the entries of the forms after it are moved along.
//
// Why that gives what a whole resolution gives. A form's resolution depends
// on the others only through what they define: the names bound anywhere
// (unbound and dynamic names, field paths, hints), the globals before it
// (flow-sensitive checks: redefinition, arity, `set` of a constant) and all
// globals (which definition a reference finds). So the window is checked
// against its old self: the same definition events in the same order, and
// the same symbols (name, scope kind, and for a global its mutability,
// parameters, builtin and dict-ness). Then the symbols keep their indices,
// every reference outside the window resolves as before, and only scopes,
// references and nodes after the window move by a count; the check
// diagnostics of the other forms are kept, their ranges moved by the edit.
#include "analysis/splice_resolution.hpp"

#include <algorithm>
#include <utility>

#include "analysis/check_forms.hpp"
#include "analysis/preamble.hpp"
#include "analysis/resolve.hpp"

namespace ark::analysis {

namespace {

// What other forms can see of a symbol of the window.
struct SymbolSignature {
    std::string_view name;
    bool global = false;
    bool in_loop = false;
    SymbolKind kind = SymbolKind::Global;
    bool is_mutable = false;
    int parameters = -1;  // a function's parameter count, -1 for another value
    std::optional<uint32_t> builtin;
    bool dict = false;

    bool operator==(const SymbolSignature&) const = default;
};

SymbolSignature signature(const SymbolTable& table, size_t index, bool dict) {
    const Symbol& s = table.symbols[index];
    SymbolSignature sig;
    sig.name = s.name;
    sig.in_loop = table.scopes[s.scope].is_loop;
    sig.global = s.scope == 0;
    if (!sig.global) return sig;  // only a global is visible to the other forms
    sig.kind = s.kind;
    sig.is_mutable = s.is_mutable;
    sig.parameters = s.function_params ? static_cast<int>(s.function_params->size()) : -1;
    sig.builtin = s.builtin;
    sig.dict = dict;
    return sig;
}

// Moves a range of the text before the edit to the text after it, or
// returns false when it lies in the window (where nothing maps).
bool move_range(SourceRange& where, FileId file, const ReplacedForms& replaced) {
    if (where.file != file || where.range.end <= replaced.text_begin) return true;
    if (where.range.begin < replaced.text_end_before) return false;
    where.range = {static_cast<uint32_t>(where.range.begin + replaced.delta), static_cast<uint32_t>(where.range.end + replaced.delta)};
    return true;
}

bool move_diagnostic(Diagnostic& d, FileId file, const ReplacedForms& replaced) {
    if (!move_range(d.where, file, replaced)) return false;
    for (RelatedInfo& related : d.related)
        if (!move_range(related.where, file, replaced)) return false;
    for (Fix& fix : d.fixes)
        for (TextEdit& edit : fix.edits)
            if (!move_range(edit.where, file, replaced)) return false;
    return true;
}

uint32_t moved(uint32_t value, int64_t delta) { return static_cast<uint32_t>(value + delta); }
SourceRange moved(SourceRange where, int64_t delta) {
    where.range = {moved(where.range.begin, delta), moved(where.range.end, delta)};
    return where;
}

}  // namespace

std::optional<WindowNodes> label_window(Analysis& a, size_t first_form, size_t old_count, std::span<syntax::Sexp> new_forms) {
    if (!a.resolution || first_form + old_count >= a.resolution->marks.size()) return std::nullopt;
    const std::vector<FormMark>& marks = a.resolution->marks;
    WindowNodes nodes;
    nodes.first = marks[first_form].node;
    nodes.new_end = label_nodes(new_forms, nodes.first);
    nodes.delta = static_cast<int64_t>(nodes.new_end) - static_cast<int64_t>(marks[first_form + old_count].node);
    return nodes;
}

bool splice_resolution(Analysis& a, const ReplacedForms& replaced, const std::vector<Diagnostic>& early) {
    a.resolution_spliced = false;
    if (!a.resolution) return false;
    std::unique_ptr<ResolutionMemo> memo = std::move(a.resolution);  // the table and the memo change together
    std::vector<syntax::Sexp>& program = a.expanded.program;
    const size_t first = replaced.first, old_end = first + replaced.old_forms.size();
    const size_t old_form_count = program.size() - replaced.new_count + replaced.old_forms.size();
    if (memo->marks.size() != old_form_count + 1 || program.empty()) return false;
    // Hints are made only when the syntax is clean, as in resolve_program().
    const bool hints = !has_error(early);
    // A reference or symbol names its node's text in place: a top-level
    // atom's text would have moved with the program's vector.
    for (const syntax::Sexp& form : program)
        if (!form.text.empty() || !form.path.empty()) return false;
    const auto old_definitions = definitions_of(replaced.old_forms);
    const auto new_definitions = definitions_of(std::span<const syntax::Sexp>(program).subspan(first, replaced.new_count));
    if (!old_definitions || !new_definitions || *old_definitions != *new_definitions) return false;

    SymbolTable& table = a.symbols;
    const FormMark old_first = memo->marks[first], old_after = memo->marks[old_end];
    // The window's symbols as the other forms saw them.
    std::vector<SymbolSignature> old_signatures;
    for (uint32_t i = old_first.symbol; i < old_after.symbol; ++i)
        old_signatures.push_back(
            signature(table, i, std::binary_search(memo->dict_symbols.begin(), memo->dict_symbols.end(), static_cast<int>(i))));

    // The forms after the window, out of the table; the window's, dropped.
    std::vector<Symbol> symbols_after = table.symbols.split_off(old_after.symbol);
    std::vector<Reference> references_after = table.references.split_off(old_after.reference);
    std::vector<Scope> scopes_after = table.scopes.split_off(old_after.scope);
    std::vector<NodeFacts> nodes_after = table.nodes.split_off(old_after.node);
    table.symbols.split_off(old_first.symbol);
    table.references.split_off(old_first.reference);
    table.scopes.split_off(old_first.scope);
    table.nodes.split_off(old_first.node);
    // The global scope spans the file once it has a form (Resolver::run,
    // continue_with), and lists the window's globals and those after it
    // again below.
    if (std::as_const(table.scopes)[0].range.range.end != UINT32_MAX)
        table.scopes[0].range = SourceRange{program.front().where.file, {0, UINT32_MAX}};
    std::vector<int>& globals = table.scopes[0].symbols;
    const auto globals_kept = std::lower_bound(globals.begin(), globals.end(), static_cast<int>(old_first.symbol));
    std::vector<int> globals_after(std::lower_bound(globals_kept, globals.end(), static_cast<int>(old_after.symbol)), globals.end());
    globals.erase(globals_kept, globals.end());

    // The window's forms, checked and resolved.
    const uint32_t window_end_node = replaced.nodes.new_end;
    const uint32_t node_count = moved(memo->marks.back().node, replaced.nodes.delta);
    for (uint32_t id = old_first.node; id < window_end_node; ++id) table.nodes.push_back(NodeFacts{});
    std::vector<Diagnostic> window_checks;
    std::vector<CheckOrigin> window_origins;
    const MalformedForms malformed = check_forms(program, node_count, window_checks, &window_origins, first, replaced.new_count);
    const std::shared_ptr<const ResolverState> base = a.preamble ? a.preamble->resolution : nullptr;
    WindowResolver resolver(base.get(), *memo, static_cast<uint32_t>(first), malformed, table, window_checks, window_origins, hints);
    resolver.visit(std::span<const syntax::Sexp>(program).subspan(first, replaced.new_count), window_end_node);
    if (table.symbols.size() - old_first.symbol != old_signatures.size()) return false;
    for (size_t k = 0; k < old_signatures.size(); ++k) {
        const auto index = static_cast<int>(old_first.symbol + k);
        if (!(signature(table, index, resolver.bound_to_dict(index)) == old_signatures[k])) return false;
    }

    // The forms after the window, moved along: symbols keep their indices.
    const int64_t scope_delta = static_cast<int64_t>(table.scopes.size()) - old_after.scope;
    const int64_t reference_delta = static_cast<int64_t>(table.references.size()) - old_after.reference;
    const auto moved_scope = [&](int scope) { return scope >= static_cast<int>(old_after.scope) ? static_cast<int>(scope + scope_delta) : scope; };
    const int64_t delta = replaced.delta;
    for (Symbol& s : symbols_after) {
        s.name_range = moved(s.name_range, delta);
        s.form_range = moved(s.form_range, delta);
        if (s.kind == SymbolKind::Global || s.kind == SymbolKind::Local) s.value_range = moved(s.value_range, delta);  // else none
        s.scope = moved_scope(s.scope);
        table.symbols.push_back(std::move(s));
    }
    for (Reference& r : references_after) {
        r.range = moved(r.range, delta);
        r.scope = moved_scope(r.scope);
        table.references.push_back(r);
    }
    for (Scope& scope : scopes_after) {
        scope.range = moved(scope.range, delta);
        scope.parent = moved_scope(scope.parent);
        table.scopes.push_back(std::move(scope));
    }
    for (NodeFacts& facts : nodes_after) {
        if (facts.reference >= 0) facts.reference = static_cast<int>(facts.reference + reference_delta);
        if (facts.scope >= 0) facts.scope = moved_scope(facts.scope);
        table.nodes.push_back(facts);
    }
    std::vector<int>& all_globals = table.scopes[0].symbols;
    all_globals.insert(all_globals.end(), globals_after.begin(), globals_after.end());
    resolver.finish();
    table.build_index();

    // The check diagnostics in the order a whole resolution makes them: per
    // pass, the forms before the window, the window's, the forms after it.
    const FileId file = a.main_file;
    const auto form_delta = static_cast<int64_t>(replaced.new_count) - static_cast<int64_t>(replaced.old_forms.size());
    std::vector<Diagnostic> checks;
    std::vector<CheckOrigin> origins;
    // A kept check, moved; an unbound name's error made without hints gets them now.
    const bool add_hints = hints && !memo->hints;
    const auto keep = [&](size_t i, CheckOrigin origin) {
        Diagnostic d = memo->checks[i];
        if (!move_diagnostic(d, file, replaced)) return false;
        if (add_hints && d.code == "E0101" && !d.hint && d.fixes.empty()) {
            if (origin.pass != CheckPass::Finish || origin.reference < 0) return false;  // a `del`'s (rare)
            resolver.add_hints(d, std::string(std::as_const(table.references)[static_cast<size_t>(origin.reference)].name));
        }
        checks.push_back(std::move(d));
        origins.push_back(origin);
        return true;
    };
    for (const CheckPass pass : {CheckPass::Other, CheckPass::Shape, CheckPass::Visit, CheckPass::Finish}) {
        for (size_t i = 0; i < memo->checks.size(); ++i)
            if (memo->origins[i].pass == pass && (pass == CheckPass::Other || memo->origins[i].form < first))
                if (!keep(i, memo->origins[i])) return false;
        for (size_t i = 0; i < window_checks.size(); ++i)
            if (window_origins[i].pass == pass) {
                checks.push_back(window_checks[i]);
                origins.push_back(window_origins[i]);
            }
        for (size_t i = 0; i < memo->checks.size(); ++i)
            if (memo->origins[i].pass == pass && pass != CheckPass::Other && memo->origins[i].form >= old_end) {
                CheckOrigin origin = memo->origins[i];
                origin.form = static_cast<uint32_t>(origin.form + form_delta);
                if (origin.reference >= 0) origin.reference = static_cast<int>(origin.reference + reference_delta);
                if (!keep(i, origin)) return false;
            }
    }

    // The memo of this resolution: the window's marks, the others' moved.
    std::vector<FormMark> marks(memo->marks.begin(), memo->marks.begin() + static_cast<std::ptrdiff_t>(first));
    const std::vector<FormMark>& window_marks = resolver.marks();
    marks.insert(marks.end(), window_marks.begin(), window_marks.end() - 1);
    for (size_t i = old_end; i < memo->marks.size(); ++i) {
        FormMark mark = memo->marks[i];
        mark.node = moved(mark.node, replaced.nodes.delta);
        mark.scope = moved(mark.scope, scope_delta);
        mark.reference = moved(mark.reference, reference_delta);
        marks.push_back(mark);
    }
    std::vector<int> dict_symbols;
    for (int symbol : memo->dict_symbols)
        if (symbol < static_cast<int>(old_first.symbol) || symbol >= static_cast<int>(old_after.symbol)) dict_symbols.push_back(symbol);
    for (uint32_t i = old_first.symbol; i < old_after.symbol; ++i)
        if (resolver.bound_to_dict(static_cast<int>(i))) dict_symbols.push_back(static_cast<int>(i));
    std::sort(dict_symbols.begin(), dict_symbols.end());
    memo->marks = std::move(marks);
    memo->dict_symbols = std::move(dict_symbols);
    memo->checks = checks;
    memo->origins = std::move(origins);
    memo->hints = hints;
    a.resolution = std::move(memo);

    if (a.preamble) {
        if (a.preamble->mentions_deprecated || a.main_source().text.find("@deprecated") != std::string::npos)
            warn_deprecated_uses(a, a.symbols.references.base_size(), checks);
    } else if (mentions_deprecated(a.sources)) {
        warn_deprecated_uses(a, 0, checks);
    }
    set_diagnostics(a, early, checks);
    a.resolution_spliced = true;
    return true;
}

}  // namespace ark::analysis
