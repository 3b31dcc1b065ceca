// Indexes over one Analysis for the lints: built once per run_lints() call.
#include "lints/context.hpp"

#include "base/diagnostic_codes.hpp"

namespace ark::lints {

using analysis::ReferenceKind;
using analysis::SymbolKind;

bool is_call(const Sexp& node, std::string_view head) { return node.kind == SexpKind::List && node.head_name() == head; }

bool is_exit_call(const Sexp& node) { return is_call(node, "sys:exit") || is_call(node, "builtin__sys:exit"); }

bool is_fun(const Sexp& node) {
    return node.is_form(Keyword::Fun) && node.children.size() >= 2 && node.children[1].kind == SexpKind::List;
}

void walk(const Sexp& root, const std::function<void(const Sexp&)>& visit) {
    std::vector<const Sexp*> work{&root};
    while (!work.empty()) {
        const Sexp* node = work.back();
        work.pop_back();
        visit(*node);
        for (size_t i = node->children.size(); i-- > 0;) work.push_back(&node->children[i]);
    }
}

void walk(const std::vector<Sexp>& forms, const std::function<void(const Sexp&)>& visit) {
    for (const Sexp& form : forms) walk(form, visit);
}

std::string quoted(std::string_view name) {
    std::string out;
    out.reserve(name.size() + 2);
    out += '`';
    out += name;
    out += '\'';
    return out;
}

LintContext::LintContext(const analysis::Analysis& analysis, std::function<bool()> cancelled)
    : analysis_(analysis), poll_(std::move(cancelled)) {
    const auto& table = analysis.symbols;
    written_.assign(table.symbols.size(), false);
    values_.assign(table.symbols.size(), nullptr);
    forms_.assign(table.symbols.size(), nullptr);
    functions_.assign(table.scopes.size(), nullptr);
    read_in_place_.assign(table.symbols.size(), false);
    // Built on the first dynamic write only: a preamble's table holds
    // hundreds of thousands of symbols.
    std::unordered_map<std::string_view, std::vector<int>> symbols_named;
    // The main file's global names: a preamble's read of a global of the
    // same name counts as a read of it (is_read() goes by name).
    std::unordered_set<std::string_view> own_globals;
    const size_t first_own = first_own_reference();
    if (first_own > 0)
        for (size_t i = first_own_symbol(); i < table.symbols.size(); ++i)
            if (table.symbols[i].kind == SymbolKind::Global) own_globals.insert(table.symbols[i].name);
    for (size_t index = 0; index < table.references.size(); ++index) {
        if (index % 4096 == 0 && this->cancelled()) return;
        const analysis::Reference& r = table.references[index];
        if (index < first_own) {
            // A preamble's reference: what lints ask about it is a write, a
            // dynamic read or write (by name), and a read of a global named
            // like one of the main file's. Skipping the rest (reads of the
            // imported functions' parameters, locals and other globals) skips
            // most of a preamble's references.
            const bool concerns_lints = r.is_write || r.kind == ReferenceKind::Dynamic ||
                                        (r.kind == ReferenceKind::Resolved && r.symbol >= 0 &&
                                         table.symbols[r.symbol].kind == SymbolKind::Global && own_globals.count(r.name));
            if (!concerns_lints) continue;
        }
        if (!r.is_write) {
            if (r.kind == ReferenceKind::Dynamic) read_dynamically_.insert(r.name);
            if (r.kind != ReferenceKind::Resolved || r.symbol < 0 || static_cast<size_t>(r.symbol) >= table.symbols.size())
                continue;
            const analysis::Symbol& target = table.symbols[r.symbol];
            read_in_scope_.insert({r.name, target.scope});
            if (target.kind == SymbolKind::Global) {
                global_reads_[r.name]++;
                global_reads_from_[{r.name, r.scope}]++;
            }
            continue;
        }
        if (r.kind == ReferenceKind::Resolved && r.symbol >= 0) written_[r.symbol] = true;
        // A dynamic write may land on any variable of that name.
        if (r.kind == ReferenceKind::Dynamic) {
            if (symbols_named.empty())
                for (size_t i = 0; i < table.symbols.size(); ++i) symbols_named[table.symbols[i].name].push_back(static_cast<int>(i));
            if (const auto named = symbols_named.find(r.name); named != symbols_named.end())
                for (int i : named->second) written_[i] = true;
        }
    }
    if (this->cancelled()) return;
    index_program();
}

void LintContext::index_program() {
    const auto stop = [this] { return cancelled(); };
    walk_values(program(), [&](const Sexp& node, Use use, const Sexp*) {
        if (const int scope = scope_of_function(node); scope >= 0 && static_cast<size_t>(scope) < functions_.size())
            functions_[scope] = &node;
        if (is_call(node, "async")) async_calls_.push_back(&node);
        else if (is_call(node, "await")) await_calls_.push_back(&node);
        if ((node.is_form(Keyword::Let) || node.is_form(Keyword::Mut)) && node.children.size() == 3) {
            int s = defined_symbol(node.children[1]);
            if (s >= 0 && !values_[s]) {
                values_[s] = &node.children[2];
                forms_[s] = &node;
            }
        }
        // An in-place list form whose value is used (4.4+: the list, or the
        // element pop! removed) reads its variable.
        if (use != Use::Discarded && node.children.size() >= 2 && language::is_in_place_list_op(node.head_name()))
            if (const int s = resolved_symbol(node.children[1]); s >= 0) read_in_place_[s] = true;
    }, stop);
}

std::string_view LintContext::text(const SourceRange& where) const {
    if (where.file >= analysis_.sources.size()) return {};
    std::string_view all = analysis_.sources.file(where.file).text;
    if (where.range.begin > all.size() || where.range.end > all.size() || where.range.end < where.range.begin) return {};
    return all.substr(where.range.begin, where.range.length());
}

bool LintContext::from_source(const Sexp& node) const {
    std::string_view t = text(node.where);
    switch (node.kind) {
        case SexpKind::Symbol:
        case SexpKind::Field:
        case SexpKind::Number:
            return t == node.text;
        case SexpKind::Capture:
            return t.size() == node.text.size() + 1 && t.substr(1) == node.text;
        case SexpKind::Spread:
            return false;
        case SexpKind::String:
            // An ordinary or a raw (r"...") literal; a string a macro made spans its call instead.
            return t.starts_with('"') || t.starts_with("r\"");
        case SexpKind::List:
        case SexpKind::Bracket:
        case SexpKind::Brace: {
            char open = node.kind == SexpKind::List ? '(' : node.kind == SexpKind::Bracket ? '[' : '{';
            if (t.empty() || t.front() != open) return false;
            if (node.children.empty()) return true;
            const Sexp& first = node.children.front();
            return first.where.file == node.where.file && first.where.range.begin > node.where.range.begin &&
                   first.where.range.end <= node.where.range.end && from_source(first);
        }
    }
    return false;
}

const analysis::Reference* LintContext::reference(const Sexp& node) const {
    const int r = symbols().facts(node).reference;
    return r < 0 ? nullptr : &symbols().references[r];
}

int LintContext::resolved_symbol(const Sexp& node) const {
    if (node.kind != SexpKind::Symbol && node.kind != SexpKind::Capture) return -1;
    const analysis::Reference* r = reference(node);
    return r && r->kind == ReferenceKind::Resolved ? r->symbol : -1;
}

int LintContext::defined_symbol(const Sexp& name_node) const { return symbols().facts(name_node).definition; }

const Sexp* LintContext::value_of(int symbol) const {
    return symbol >= 0 && static_cast<size_t>(symbol) < values_.size() ? values_[symbol] : nullptr;
}

const Sexp* LintContext::definition_of(int symbol) const {
    return symbol >= 0 && static_cast<size_t>(symbol) < forms_.size() ? forms_[symbol] : nullptr;
}

bool LintContext::is_written(int symbol) const {
    return symbol >= 0 && static_cast<size_t>(symbol) < written_.size() && written_[symbol];
}

const Sexp* LintContext::function_of(const Sexp& callee) const {
    if (is_fun(callee)) return &callee;
    int s = resolved_symbol(callee);
    if (s < 0 || is_written(s)) return nullptr;
    const Sexp* value = value_of(s);
    return value && is_fun(*value) ? value : nullptr;
}

int LintContext::scope_of_function(const Sexp& fun) const { return symbols().facts(fun).scope; }

const Sexp* LintContext::function_of_scope(int scope) const {
    return scope >= 0 && static_cast<size_t>(scope) < functions_.size() ? functions_[scope] : nullptr;
}

// A read of the name reaches `symbol` when it is dynamic, when it resolves to a
// definition in the symbol's scope (the symbol itself, or a `mut`
// redeclaration: the same variable at run time), or, for a local, when it
// resolves to the global of that name from another scope (dynamic scoping: a
// function reading the global `x` reads this local instead when it is called
// while the local is bound).
bool LintContext::is_read(int symbol) const {
    const analysis::Symbol& s = symbols().symbols[symbol];
    if (read_in_place_[symbol] || read_dynamically_.count(s.name) || read_in_scope_.count({s.name, s.scope})) return true;
    if (s.kind == SymbolKind::Global) return false;
    const auto global = global_reads_.find(s.name);
    if (global == global_reads_.end()) return false;
    const auto from_own_scope = global_reads_from_.find({s.name, s.scope});
    return global->second > (from_own_scope == global_reads_from_.end() ? 0 : from_own_scope->second);
}

Diagnostic LintContext::make(std::string_view code, SourceRange where, std::string message) const {
    return make_diagnostic(code, where, std::move(message));
}

}  // namespace ark::lints

namespace ark::lints {

namespace {
void visit_value(const Sexp& node, Use use, const Sexp* parent, const ValueVisitor& visit);

void visit_block(const std::vector<Sexp>& forms, size_t first, Use last_use, const Sexp* parent, const ValueVisitor& visit) {
    for (size_t i = first; i < forms.size(); ++i)
        visit_value(forms[i], i + 1 == forms.size() ? last_use : Use::Discarded, parent, visit);
}

void visit_value(const Sexp& node, Use use, const Sexp* parent, const ValueVisitor& visit) {
    visit(node, use, parent);
    if (node.kind == SexpKind::Brace) return visit_block(node.children, 0, use, &node, visit);
    if (node.kind == SexpKind::Bracket) {
        for (const Sexp& child : node.children) visit_value(child, Use::Used, &node, visit);
        return;
    }
    if (node.kind != SexpKind::List || node.children.empty()) return;
    const auto head = node.form;
    const auto& c = node.children;
    if (head == Keyword::Begin) return visit_block(c, 1, use, &node, visit);
    if (head == Keyword::Let || head == Keyword::Mut || head == Keyword::Set) {
        if (c.size() == 3) visit_value(c[2], Use::Used, &node, visit);
        return;
    }
    if (head == Keyword::Fun) {
        if (is_fun(node)) visit_block(c, 2, Use::Returned, &node, visit);
        return;
    }
    if (head == Keyword::If) {
        for (size_t i = 1; i < c.size(); ++i) visit_value(c[i], i == 1 ? Use::Used : use, &node, visit);
        return;
    }
    if (head == Keyword::While) {
        for (size_t i = 1; i < c.size(); ++i) visit_value(c[i], i == 1 ? Use::Used : Use::Discarded, &node, visit);
        return;
    }
    if (head == Keyword::Import || head == Keyword::Del) return;
    for (const Sexp& child : c) visit_value(child, Use::Used, &node, visit);
}
}  // namespace

void walk_values(const std::vector<Sexp>& forms, const ValueVisitor& visit, const std::function<bool()>& stop) {
    // Every form of the block is a statement, the last one too (visit_block with last_use Discarded).
    for (const Sexp& form : forms) {
        if (stop && stop()) return;
        visit_value(form, Use::Discarded, nullptr, visit);
    }
}

TextRange deletion_range(std::string_view text, TextRange form) {
    uint32_t begin = form.begin, end = form.end;
    while (end < text.size() && (text[end] == ' ' || text[end] == '\t')) ++end;
    uint32_t line_begin = begin;
    while (line_begin > 0 && (text[line_begin - 1] == ' ' || text[line_begin - 1] == '\t')) --line_begin;
    bool alone_before = line_begin == 0 || text[line_begin - 1] == '\n';
    bool alone_after = end >= text.size() || text[end] == '\n' || text[end] == '\r';
    if (alone_before && alone_after) {
        begin = line_begin;
        if (end < text.size() && text[end] == '\r') ++end;
        if (end < text.size() && text[end] == '\n') ++end;
    }
    return {begin, end};
}

}  // namespace ark::lints
