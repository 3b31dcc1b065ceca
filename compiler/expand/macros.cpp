// The expansion walk (LANGUAGE.md §3.9): visits every list in program order,
// keeps macro scopes, applies macros outside-in (arguments are substituted
// unexpanded, the result is walked again), evaluates the macro primitives and
// hands `import` forms to imports.cpp.
//
// Ranges: a substituted argument keeps its own range; every node a macro body
// builds gets the range of the call, so errors point at the user's text.
#include "base/diagnostic_codes.hpp"
#include "expand/evaluate.hpp"
#include "expand/expander.hpp"

namespace ark::expand::detail {

namespace {

bool is_list_like(const Sexp& n) {
    return n.kind == SexpKind::List || n.kind == SexpKind::Bracket || n.kind == SexpKind::Brace;
}

bool is_primitive(std::string_view name) { return name == "macro" || language::find_macro_primitive(name); }

size_t count_nodes(const Sexp& root) {
    size_t total = 0;
    std::vector<const Sexp*> stack{&root};
    while (!stack.empty()) {
        const Sexp* n = stack.back();
        stack.pop_back();
        ++total;
        for (const Sexp& c : n->children) stack.push_back(&c);
    }
    return total;
}

// Sees through the `{x}` / `(begin x)` a macro body often leaves around a value.
template <class Node>  // Sexp or const Sexp
Node& unwrap_block(Node& n) {
    Node* v = &n;
    for (;;) {
        if (v->kind == SexpKind::Brace && v->children.size() == 1) v = &v->children[0];
        else if (v->head_name() == "begin" && v->children.size() == 2) v = &v->children[1];
        else return *v;
    }
}

// What items[i] may become.
enum class Slot {
    Many,       // any number of elements: a block expansion is spliced, nothing removes the call
    One,        // exactly one expression: a block stays one, nothing is a MacroError
    AtMostOne,  // an optional operand (the else branch of if, breakpoint's condition): a block
                // stays one, nothing removes the operand
};

// The one-expression operands of the special forms: the name and value of
// let/mut/set, the parameter list and body of fun, the condition and then
// branch of if, the parts of while, del's operand. A node expanded alone
// (an operand of a macro primitive) is one expression whose absence its
// primitive handles.
Slot slot_of(const std::vector<Sexp>& items, size_t i, Slots slots) {
    if (slots == Slots::Alone) return Slot::AtMostOne;
    if (slots == Slots::Many || i == 0 || items[0].kind != SexpKind::Symbol) return Slot::Many;
    const std::string& head = items[0].text;
    if ((head == "if" && i == 3) || head == "breakpoint") return Slot::AtMostOne;
    static constexpr std::string_view kOneExpression[] = {"let", "mut", "set", "fun", "if", "while", "del"};
    for (std::string_view form : kOneExpression)
        if (head == form) return Slot::One;
    return Slot::Many;
}

}  // namespace

std::optional<size_t> fun_arity(const Sexp& value) {
    const Sexp& v = unwrap_block(value);
    if (v.head_name() != "fun" || v.children.size() < 2 || v.children[1].kind != SexpKind::List) return std::nullopt;
    size_t n = 0;
    for (const Sexp& p : v.children[1].children)
        if (syntax::parameter_of(p)) ++n;
    return n;
}

Expander::Expander(SourceMap& sources, const ExpandOptions& options, ExpandResult& result)
    : sources_(&sources), options_(&options), result_(&result) {}

std::optional<size_t> Expander::arity_of(const std::string& name) const {
    if (const auto own = arity_.find(name); own != arity_.end()) return own->second;
    if (base_arity_)
        if (const auto base = base_arity_->find(name); base != base_arity_->end()) return base->second;
    return std::nullopt;
}

void Expander::run(std::vector<Sexp>& forms, std::optional<Expander>* kept) {
    if (!forms.empty()) {
        main_file_ = forms.front().where.file;
        main_path_ = sources_->file(main_file_).path;
    }
    scopes_.emplace_back();
    forms = expand_unit(std::move(forms), Walk{});
    if (kept) kept->emplace(sealed(main_file_));
    scopes_.clear();
    live_.clear();
    check_selectors();
    qualify_names(forms);
    report_counts(*result_);
}

void Expander::report_counts(ExpandResult& result) const {
    result.gensyms = gensyms_;
    result.argcount_reads = argcount_reads_;
    result.built_nodes = built_nodes_;
}

Expander Expander::sealed(FileId main_file) const {
    Expander copy(*this);
    copy.sources_ = nullptr;
    copy.options_ = nullptr;
    copy.result_ = nullptr;
    copy.real_roots_.reset();
    // The main file's own imports only: forms after them import nothing
    // (expand_after's contract), so only these can qualify their names.
    std::map<std::string, Package> packages;
    copy.import_uses_.clear();
    copy.kept_imports_.clear();  // a continuation's: made again from the records below
    for (const auto& [record_index, package_name] : import_uses_) {
        const ImportRecord& record = result_->imports[record_index];
        if (record.where.file != main_file) continue;
        copy.import_uses_.emplace_back(copy.kept_imports_.size(), package_name);
        copy.kept_imports_.push_back(record);
        packages.emplace(package_name, packages_.at(package_name));
    }
    copy.packages_ = std::move(packages);
    auto arity = std::make_shared<std::unordered_map<std::string, size_t>>(base_arity_ ? *base_arity_
                                                                                     : std::unordered_map<std::string, size_t>{});
    for (const auto& [name, count] : arity_) {
        if (count) (*arity)[name] = *count;
        else arity->erase(name);
    }
    copy.base_arity_ = std::move(arity);
    copy.arity_.clear();
    return copy;
}

std::optional<std::vector<Sexp>> Expander::continue_with(std::vector<Sexp> forms, SourceMap& sources,
                                                         const ExpandOptions& options, ExpandResult& result,
                                                         std::optional<Expander>* kept) const {
    Expander next(*this);
    next.sources_ = &sources;
    next.options_ = &options;
    next.result_ = &result;
    next.refuse_imports_ = true;
    // The records the kept import uses point at, first (the caller removes them).
    result.imports = kept_imports_;
    forms = next.expand_unit(std::move(forms), Walk{});
    if (next.met_import_) return std::nullopt;
    if (kept) kept->emplace(next.sealed(next.main_file_));
    next.scopes_.clear();
    next.live_.clear();
    next.qualify_names(forms);
    next.report_counts(result);
    return forms;
}

void Expander::old_syntax(const Sexp& head, std::string_view replacement, std::string message) {
    Diagnostic d = make_diagnostic("E0502", head.where, std::move(message));
    d.hint = "write `" + std::string(replacement) + "'; `ark migrate` rewrites a whole program";
    // A fix only where the node is the user's own text (not a macro's output).
    const std::string_view text = sources_->file(head.where.file).text;
    if (head.where.range.end <= text.size() &&
        text.substr(head.where.range.begin, head.where.range.length()) == head.text)
        d.fixes.push_back(Fix{"replace `" + head.text + "' with `" + std::string(replacement) + "'",
                              {TextEdit{head.where, std::string(replacement)}}});
    result_->diagnostics.push_back(std::move(d));
}

void Expander::macro_error(SourceRange where, std::string message, std::optional<std::string> hint) {
    Diagnostic d = make_diagnostic("E0501", where, std::move(message));
    d.hint = std::move(hint);
    result_->diagnostics.push_back(std::move(d));
}

// Expands `items` in place. Each item is examined until it is no longer a
// macro use: definitions vanish, macro calls are replaced by their expansion
// (examined again, one level deeper), other lists are walked inside.
size_t Expander::splice(std::vector<Sexp>& items, size_t i, Sexp block, Walk walk, bool in_block) {
    std::vector<Sexp> parts = std::move(block.children);
    // Expanded now, at the depth the call reached: a macro that recurses
    // through splicing (`{ ... (m (- n 1)) }`) still meets the depth limit.
    expand_items(parts, walk, in_block, Slots::Many);
    items.erase(items.begin() + static_cast<std::ptrdiff_t>(i));
    items.insert(items.begin() + static_cast<std::ptrdiff_t>(i), std::make_move_iterator(parts.begin()),
                 std::make_move_iterator(parts.end()));
    return parts.size();
}

size_t Expander::expand_items(std::vector<Sexp>& items, Walk walk, bool block, Slots slots, size_t from,
                              bool stop_at_import) {
    size_t i = from;
    int depth = walk.depth;
    bool from_macro = false;  // items[i] is (part of) a macro's output
    std::string first_call;   // the first macro or primitive expanded at this position, for errors
    auto reset = [&] {
        depth = walk.depth;
        from_macro = false;
        first_call.clear();
    };
    auto erase = [&] {
        items.erase(items.begin() + static_cast<std::ptrdiff_t>(i));
        reset();
    };
    // items[i] expanded to nothing. Where one expression is expected that is
    // a MacroError at the call (unless the expansion already reported one),
    // and `nil` stands in for it so the form around stays well-formed.
    auto vanish = [&](SourceRange where, size_t diagnostics_before, std::string_view what) {
        if (slot_of(items, i, slots) != Slot::One) return erase();
        if (result_->diagnostics.size() == diagnostics_before)
            macro_error(where, (first_call.empty() ? std::string(what) : first_call) + " produced no expression where one is expected",
                        "a $if without an else branch, or a macro definition, leaves nothing here");
        Sexp nil;
        nil.kind = SexpKind::Symbol;
        nil.text = "nil";
        nil.where = where;
        items[i] = std::move(nil);
        ++i;
        reset();
    };
    // A macro call's expansion that is a block: spliced where the list takes
    // any number of elements, else kept as one block expression (an empty
    // one is nothing, see vanish).
    auto place = [&](Sexp expansion, SourceRange where, size_t diagnostics_before, std::string_view what, bool by_macro) {
        const Slot slot = slot_of(items, i, slots);
        if (expansion.kind == SexpKind::Brace && slot == Slot::Many) {
            i += splice(items, i, std::move(expansion), Walk{depth, walk.nesting, walk.owner}, block);
            reset();
            return;
        }
        if (expansion.kind == SexpKind::Brace && expansion.children.empty() && slot == Slot::One)
            return vanish(where, diagnostics_before, what);
        items[i] = std::move(expansion);
        if (by_macro) from_macro = true;
    };
    // One more expansion step at this position; false once too deep.
    auto deeper = [&](const std::string& name, SourceRange where) {
        if (depth + 1 <= kMaxMacroDepth) {
            ++depth;
            return true;
        }
        macro_error(where,
                    "macro expansion went deeper than " + std::to_string(kMaxMacroDepth) + " levels while expanding `" +
                        name + "'",
                    "a recursive macro probably lacks a $if that stops it");
        stopped_ = true;
        return false;
    };

    while (i < items.size()) {
        if (stopped_) {
            items.resize(i);
            return i;
        }
        Sexp& x = items[i];
        if (x.kind == SexpKind::Spread) {
            macro_error(x.where, "found a leftover spread `..." + x.text + "' outside of a macro",
                        "`...name' only splices the `...rest' parameter inside a macro body");
            erase();
            continue;
        }
        if (x.kind == SexpKind::Symbol) {
            const Macro* m = find(x.text);
            if (!m || m->is_function) {
                ++i;
                reset();
                continue;
            }
            if (!deeper(m->name, x.where)) continue;
            const SourceRange where = x.where;
            const size_t diagnostics_before = result_->diagnostics.size();
            if (first_call.empty()) first_call = "macro `" + m->name + "'";
            Sexp expansion = instantiate(m->body, where);
            if (over_budget(m->name, where)) continue;
            place(std::move(expansion), where, diagnostics_before, "macro `" + m->name + "'", true);
            continue;
        }
        if (!is_list_like(x)) {
            ++i;
            reset();
            continue;
        }
        if (x.kind == SexpKind::List && !x.children.empty() && x.children[0].kind == SexpKind::Symbol) {
            const std::string head = x.children[0].text;
            const Walk here{depth, walk.nesting + 1, nullptr};
            const SourceRange where = x.where;
            const size_t diagnostics_before = result_->diagnostics.size();
            if (head == "macro" || head == "$") {
                if (head == "$") old_syntax(x.children[0], "macro", "`($ ...)' was replaced by `(macro ...)' in ArkScript 4.0");
                define(x, walk.owner);
                vanish(where, diagnostics_before, "this macro definition");
                continue;
            }
            if (head == "$undef") {
                undefine(x);
                vanish(where, diagnostics_before, "`$undef'");
                continue;
            }
            if (head == "import") {
                // A unit's own top-level import: its driver (expand_unit) takes it from here.
                if (stop_at_import && depth == walk.depth) return i;
                import(items, i, Walk{depth, walk.nesting, nullptr}, block);
                reset();
                continue;
            }
            std::optional<Sexp> next;
            bool expanded = true;
            if (head == "$if") {
                next = choose_branch(x, here);
            } else if (head == "$as-is" || head == "$paste") {
                if (head == "$paste") old_syntax(x.children[0], "$as-is", "`$paste' was renamed `$as-is' in ArkScript 4.0");
                if (x.children.size() == 2) next = std::move(x.children[1]);
                else macro_error(x.where, "`" + head + "' takes 1 argument, got " + std::to_string(x.children.size() - 1));
            } else if (is_foldable_head(head)) {
                next = list_primitive(x, here);
            } else if (head == "$type") {
                next = builtin_type(x, here);
            } else if (head == "$gensym") {
                next = builtin_gensym(x);
            } else if (head == "$repr") {
                next = builtin_repr(x);
            } else if (head == "$symcat") {
                next = builtin_symcat(x, here);
            } else if (head == "$argcount") {
                next = builtin_argcount(x, here);
            } else if (const Macro* m = find(head)) {
                if (m->is_function) {
                    next = apply(*m, x);
                } else {
                    // A value macro in head position replaces the head only.
                    if (!deeper(head, x.children[0].where)) continue;
                    x.children[0] = instantiate(m->body, x.children[0].where);
                    over_budget(head, x.children[0].where);
                    continue;
                }
            } else {
                expanded = false;
            }
            if (expanded) {
                if (stopped_ || !deeper(head, where)) continue;
                const std::string what = head[0] == '$' ? "`" + head + "'" : "macro `" + head + "'";
                if (first_call.empty()) first_call = what;
                if (!next) {
                    vanish(where, diagnostics_before, what);
                    continue;
                }
                // Macro calls and $if splice a block they expand to; the other
                // primitives give one node.
                if (head == "$if" || head[0] != '$') {
                    place(std::move(*next), where, diagnostics_before, what, head[0] != '$');
                    continue;
                }
                items[i] = std::move(*next);
                continue;
            }
        }
        // An ordinary form: walk inside it.
        expand_children(x, Walk{depth, walk.nesting + 1, nullptr});
        if (stopped_) continue;
        Sexp& done = items[i];
        if (from_macro && &unwrap_block(done) != &done) {
            // A macro body `{ ... }` that kept one form is just that form.
            Sexp inner = std::move(unwrap_block(done));
            done = std::move(inner);
        }
        note_binding(done);
        if (walk.owner) {
            collect_defines(done, walk.owner->values);
            collect_defines(done, walk.owner->defines);
        }
        ++i;
        reset();
    }
    return i;
}

void Expander::expand_children(Sexp& list, Walk walk) {
    if (stopped_ || !needs_walk(list)) return;
    if (walk.nesting > kMaxNesting) {
        // Only macro output gets this deep (the parser stops source at the same
        // depth): a runaway expansion, reported once and stopped.
        macro_error(list.where, "this form is nested too deeply to expand the macros inside it",
                    "a recursive macro probably lacks a $if that stops it");
        stopped_ = true;
        return;
    }
    scopes_.emplace_back();
    const bool block = list.kind == SexpKind::Brace || list.head_name() == "begin";
    expand_items(list.children, walk, block, list.kind == SexpKind::List ? Slots::OfList : Slots::Many);
    for (const Macro& m : scopes_.back())
        if (--live_[m.name] == 0) live_.erase(m.name);
    scopes_.pop_back();
}

std::optional<Sexp> Expander::expand_alone(Sexp node, Walk walk) {
    std::vector<Sexp> items;
    items.push_back(std::move(node));
    scopes_.emplace_back();
    expand_items(items, walk, false, Slots::Alone);
    for (const Macro& m : scopes_.back())
        if (--live_[m.name] == 0) live_.erase(m.name);
    scopes_.pop_back();
    if (items.empty()) return std::nullopt;
    return std::move(items.front());
}

// Most code holds no macro use: such a subtree is not walked at all (which
// also keeps the recursive walk away from absurdly deep plain data). Its
// function bindings are still recorded for $argcount, innermost first.
bool Expander::needs_walk(const Sexp& node) {
    std::vector<const Sexp*> stack;
    std::vector<const Sexp*> bindings;
    for (const Sexp& c : node.children) stack.push_back(&c);
    while (!stack.empty()) {
        const Sexp* n = stack.back();
        stack.pop_back();
        switch (n->kind) {
            case SexpKind::Spread: return true;
            case SexpKind::Symbol:
                if ((!n->text.empty() && n->text[0] == '$') || live_.count(n->text)) return true;
                break;
            case SexpKind::List: case SexpKind::Bracket: case SexpKind::Brace: {
                const std::string_view head = n->head_name();
                if (head == "import" || head == "macro") return true;
                if (head == "let" || head == "mut" || head == "set") bindings.push_back(n);
                for (const Sexp& c : n->children) stack.push_back(&c);
                break;
            }
            default: break;
        }
    }
    // Visited outer-first, right to left: reversed, that is program order.
    for (auto it = bindings.rbegin(); it != bindings.rend(); ++it) note_binding(**it);
    return false;
}

void Expander::note_binding(const Sexp& form) {
    const std::string_view head = form.head_name();
    if ((head != "let" && head != "mut" && head != "set") || form.children.size() != 3 ||
        form.children[1].kind != SexpKind::Symbol)
        return;
    // nullopt hides a binding of the base (a name bound again to something else).
    arity_[form.children[1].text] = fun_arity(form.children[2]);
}

const Macro* Expander::find(const std::string& name) const {
    if (!live_.count(name)) return nullptr;
    for (auto scope = scopes_.rbegin(); scope != scopes_.rend(); ++scope)
        for (auto m = scope->rbegin(); m != scope->rend(); ++m)
            if (m->name == name) return &*m;
    return nullptr;
}

void Expander::define(const Sexp& form, Package* owner) {
    const auto& c = form.children;
    if (c.size() != 3 && c.size() != 4) {
        macro_error(form.where, "`macro' takes a name and a value, or a name, a parameter list and a body; got " +
                                    std::to_string(c.size() - 1) + " argument(s)");
        return;
    }
    const Sexp& name = c[1];
    if (name.kind != SexpKind::Symbol) {
        macro_error(name.where, "a macro name must be a symbol, got `" + syntax::repr(name) + "'");
        return;
    }
    if (is_primitive(name.text)) {
        macro_error(name.where, "`" + name.text + "' is a macro primitive and can not be redefined");
        return;
    }
    Macro m;
    m.name = name.text;
    m.where = form.where;
    if (c.size() == 3) {
        // Always a value macro (4.0+), whatever the value looks like:
        // `(macro call (f arg))`. `(macro var ($gensym))` names one fresh
        // symbol, made now: every use of `var' is that symbol.
        m.body = c[2];
        if (m.body.kind == SexpKind::List && m.body.head_name() == "$gensym")
            if (auto symbol = builtin_gensym(m.body)) m.body = std::move(*symbol);
    } else {
        const Sexp& params = c[2];
        if (params.kind != SexpKind::List) {
            macro_error(params.where, "the parameters of macro `" + m.name + "' must be a list in parentheses, got `" +
                                          syntax::repr(params) + "'");
            return;
        }
        std::set<std::string> seen;
        for (size_t k = 0; k < params.children.size(); ++k) {
            const Sexp& p = params.children[k];
            const bool last = k + 1 == params.children.size();
            if (p.kind != SexpKind::Symbol && p.kind != SexpKind::Spread) {
                macro_error(p.where, "the parameters of macro `" + m.name + "' must be names, got `" +
                                         syntax::repr(p) + "'");
                return;
            }
            if (p.kind == SexpKind::Spread && !last) {
                macro_error(p.where, "`..." + p.text + "' must be the last parameter of macro `" + m.name + "'");
                return;
            }
            if (!seen.insert(p.text).second) {
                macro_error(p.where, "macro `" + m.name + "' has two parameters named `" + p.text + "'");
                return;
            }
            if (p.kind == SexpKind::Spread) m.rest = p.text;
            else m.params.push_back(p.text);
        }
        m.is_function = true;
        m.body = c[3];
    }
    MacroRecord record{m.name, m.where, m.params, m.is_function, name.where};
    if (m.rest) record.params.push_back("..." + *m.rest);
    result_->macros.push_back(std::move(record));
    if (owner) owner->defines.insert(m.name);
    ++live_[m.name];
    scopes_.back().push_back(std::move(m));
}

void Expander::undefine(const Sexp& form) {
    if (form.children.size() != 2 || form.children[1].kind != SexpKind::Symbol) {
        macro_error(form.where, "`$undef' takes the name of a macro");
        return;
    }
    const std::string& name = form.children[1].text;
    if (!live_.count(name)) return;  // unknown: ignored
    for (auto scope = scopes_.rbegin(); scope != scopes_.rend(); ++scope) {
        for (auto m = scope->rbegin(); m != scope->rend(); ++m) {
            if (m->name != name) continue;
            scope->erase(std::next(m).base());
            if (--live_[name] == 0) live_.erase(name);
            return;
        }
    }
}

std::optional<Sexp> Expander::apply(const Macro& macro, const Sexp& call) {
    const size_t n_args = call.children.size() - 1;
    const size_t needed = macro.params.size();
    if (macro.rest ? n_args < needed : n_args != needed) {
        macro_error(call.where, "Macro `" + macro.name + "' got " + std::to_string(n_args) + " argument(s) but needed " +
                                    (macro.rest ? "at least " : "") + std::to_string(needed));
        return std::nullopt;
    }
    std::vector<const Sexp*> args;
    for (size_t k = 0; k < needed; ++k) args.push_back(&call.children[k + 1]);
    Sexp rest;
    if (macro.rest) {
        rest.where = call.where;
        Sexp list_head;
        list_head.kind = SexpKind::Symbol;
        list_head.text = "list";
        list_head.where = call.where;
        rest.children.push_back(std::move(list_head));
        for (size_t k = needed + 1; k < call.children.size(); ++k) rest.children.push_back(call.children[k]);
    }
    Sexp out = substitute(macro.body, macro, args, macro.rest ? &rest : nullptr, call.where, 0);
    if (over_budget(macro.name, call.where))
        return std::nullopt;
    return out;
}

bool Expander::over_budget(const std::string& name, SourceRange where) {
    // Every expansion step counts its nodes: a macro whose output holds two
    // uses of itself doubles at each level, and the depth limit alone would
    // allow 2^256 nodes.
    if (built_nodes_ <= kMaxBuiltNodes)
        return false;
    macro_error(where, "macro `" + name + "' produced too much code (over " + std::to_string(kMaxBuiltNodes) + " nodes)",
                "a recursive macro probably lacks a $if that stops it");
    stopped_ = true;
    return true;
}

Sexp Expander::substitute(const Sexp& body, const Macro& macro, const std::vector<const Sexp*>& args,
                          const Sexp* rest, SourceRange site, int nesting) {
    // The argument bound to a parameter name, if any.
    auto bound = [&](const std::string& name) -> const Sexp* {
        for (size_t k = 0; k < macro.params.size(); ++k)
            if (macro.params[k] == name) return args[k];
        if (rest && macro.rest && *macro.rest == name) return rest;
        return nullptr;
    };
    ++built_nodes_;
    if (body.kind == SexpKind::Symbol || body.kind == SexpKind::Spread) {
        if (const Sexp* arg = bound(body.text)) {
            built_nodes_ += count_nodes(*arg);
            return *arg;
        }
    }
    if (body.kind == SexpKind::Capture) {
        // (fun (&p) ...) with p bound to a name captures that name.
        const Sexp* arg = bound(body.text);
        if (arg && arg->kind == SexpKind::Symbol) {
            Sexp capture = body;
            capture.text = arg->text;
            capture.where = arg->where;
            return capture;
        }
    }
    Sexp out;
    out.kind = body.kind;
    out.text = body.text;
    out.path = body.path;
    out.where = site;
    if (nesting > kMaxNesting || built_nodes_ > kMaxBuiltNodes) return out;
    for (const Sexp& child : body.children) {
        const Sexp* spread = child.kind == SexpKind::Spread ? bound(child.text) : nullptr;
        if (!spread) {
            out.children.push_back(substitute(child, macro, args, rest, site, nesting + 1));
            continue;
        }
        // `...p` splices the elements of a list, or the argument itself.
        built_nodes_ += count_nodes(*spread);
        if (is_literal_list(*spread)) {
            for (const Sexp* e : literal_elements(*spread)) out.children.push_back(*e);
        } else {
            out.children.push_back(*spread);
        }
    }
    return out;
}

Sexp Expander::instantiate(const Sexp& body, SourceRange site) {
    Sexp out = body;
    std::vector<Sexp*> stack{&out};
    while (!stack.empty()) {
        Sexp* n = stack.back();
        stack.pop_back();
        n->where = site;
        ++built_nodes_;
        for (Sexp& c : n->children) stack.push_back(&c);
    }
    return out;
}

}  // namespace ark::expand::detail
