#include "analysis/resolve.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "analysis/resolution_memo.hpp"
#include "base/diagnostic_codes.hpp"
#include "name_hash.hpp"
#include "number_format.hpp"
#include "vocabulary.hpp"

namespace ark::analysis {
// Named, not anonymous: ResolverState (declared in resolve.hpp) holds a Resolver.
namespace resolver_detail {

using syntax::Sexp;
using syntax::SexpKind;
using language::Keyword;

// Map from (scope, name id) to the latest symbol defined with that name in
// that scope: open addressing over 64-bit keys, for the resolver's hottest
// lookups (one per reference and per enclosing scope). Replaces one hash map
// of strings per scope, whose string hashing and node allocations were most
// of the resolver's time.
class ScopeNameMap {
public:
    static uint64_t key(int scope, uint32_t name) { return (static_cast<uint64_t>(static_cast<uint32_t>(scope)) << 32) | name; }
    size_t size() const { return size_; }

    int find(uint64_t k) const {
        if (slots_.empty()) return -1;
        for (size_t i = slot_of(k);; i = (i + 1) & mask_) {
            if (slots_[i].key == k) return slots_[i].value;
            if (slots_[i].key == kEmpty) return -1;
        }
    }
    // The entries of one scope only.
    ScopeNameMap only_scope(int scope) const {
        const auto in_scope = [scope](const Slot& slot) { return slot.key != kEmpty && static_cast<int>(slot.key >> 32) == scope; };
        ScopeNameMap kept;
        kept.reserve(static_cast<size_t>(std::count_if(slots_.begin(), slots_.end(), in_scope)));
        for (const Slot& slot : slots_)
            if (in_scope(slot)) kept.put(slot.key, slot.value);
        return kept;
    }
    // Room for `n` entries in all, without growing on the way (a preamble
    // defines hundreds of thousands: each growth re-inserts every entry).
    void reserve(size_t n) {
        if (n * 2 > slots_.size()) grow(std::bit_ceil(n * 2));
    }
    // Sets the value of `k`; returns the value it replaces, or -1.
    int put(uint64_t k, int value) {
        if ((size_ + 1) * 2 > slots_.size()) grow(slots_.size() * 2);
        for (size_t i = slot_of(k);; i = (i + 1) & mask_) {
            if (slots_[i].key == k) return std::exchange(slots_[i].value, value);
            if (slots_[i].key == kEmpty) {
                slots_[i] = {k, value};
                ++size_;
                return -1;
            }
        }
    }

private:
    static constexpr uint64_t kEmpty = UINT64_MAX;  // no scope index reaches 2^32 - 1
    struct Slot {
        uint64_t key = kEmpty;
        int value = -1;
    };
    // Fibonacci hashing: the top bits of the product depend on every bit of
    // the key (the low bits would ignore the scope half).
    size_t slot_of(uint64_t k) const { return static_cast<size_t>((k * 0x9E3779B97F4A7C15ull) >> shift_); }
    void grow(size_t slots) {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(std::max<size_t>(64, slots), Slot{});
        mask_ = slots_.size() - 1;
        shift_ = 64 - std::countr_zero(slots_.size());
        size_ = 0;
        for (const Slot& slot : old)
            if (slot.key != kEmpty) put(slot.key, slot.value);
    }
    std::vector<Slot> slots_;
    size_t mask_ = 0;
    int shift_ = 64;
    size_t size_ = 0;
};

// Name -> dense id, by open addressing over FNV-1a hashes: interning runs
// once per name node, and std::unordered_map's node walk and murmur hash of
// short names were a fifth of the resolver's time.
class NameIds {
public:
    // The id of `name`, if it has one.
    std::optional<uint32_t> find(std::string_view name) const {
        if (slots_.empty()) return std::nullopt;
        const uint64_t hash = language::name_hash(name);
        for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
            const Slot& slot = slots_[i];
            if (slot.id == kEmpty) return std::nullopt;
            if (slot.hash == hash && slot.name == name) return slot.id;
        }
    }
    // The id of `name`; a new name gets `next`. The views must outlive the table.
    std::pair<uint32_t, bool> insert(std::string_view name, uint32_t next) {
        if ((size_ + 1) * 2 > slots_.size()) grow();
        const uint64_t hash = language::name_hash(name);
        for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
            Slot& slot = slots_[i];
            if (slot.id == kEmpty) {
                slot = {hash, name, next};
                ++size_;
                return {next, true};
            }
            if (slot.hash == hash && slot.name == name) return {slot.id, false};
        }
    }

private:
    static constexpr uint32_t kEmpty = UINT32_MAX;
    struct Slot {
        uint64_t hash = 0;
        std::string_view name;
        uint32_t id = kEmpty;
    };
    void grow() {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(std::max<size_t>(256, old.size() * 2), Slot{});
        mask_ = slots_.size() - 1;
        for (const Slot& slot : old) {
            if (slot.id == kEmpty) continue;
            size_t i = slot.hash & mask_;
            while (slots_[i].id != kEmpty) i = (i + 1) & mask_;
            slots_[i] = slot;
        }
    }
    std::vector<Slot> slots_;
    size_t mask_ = 0;
    size_t size_ = 0;
};

// The defined names, arranged for hints: suggestion candidates (builtins
// included) by length, and plain name -> the qualified names `p:name`.
struct NameCatalog {
    std::vector<std::string> candidates;
    std::vector<std::vector<size_t>> by_length;  // indices into candidates
    std::unordered_map<std::string, std::vector<std::string>> namespaced;
    std::unordered_set<std::string> prefixes;  // `list` once some `list:name` is defined
    size_t consumed = 0;                       // entries of Resolver::defined_order_ added
    bool memo_added = false;                   // a window resolution's: ResolutionMemo::defined_order added
    bool has_builtins = false;
};

// The walk behind the flow-insensitive "defined anywhere" facts: calls
// `defined(name)` for every let/mut name and parameter, `field(name)` for
// every capture's field name, and `names(n)` with the number of name nodes
// of each node, in the order the resolver meets them.
template <typename Defined, typename Field, typename Names>
void for_each_definition(std::span<const Sexp> forms, Defined defined, Field field, Names names) {
    std::vector<const Sexp*> work;
    for (const Sexp& f : forms) work.push_back(&f);
    while (!work.empty()) {
        const Sexp* e = work.back();
        work.pop_back();
        if (e->kind == SexpKind::Symbol || e->kind == SexpKind::Capture) names(1);
        if (e->kind == SexpKind::Field) names(e->path.size());
        if (e->kind == SexpKind::List && e->children.size() >= 2) {
            const auto h = e->form;
            if ((h == Keyword::Let || h == Keyword::Mut) && e->children[1].is_symbol()) defined(std::string_view(e->children[1].text));
            if (h == Keyword::Fun && e->children[1].kind == SexpKind::List)
                for (const Sexp& p : e->children[1].children) {
                    const auto param = syntax::parameter_of(p);
                    if (param || p.kind == SexpKind::Capture) defined(std::string_view(param ? param->name->text : p.text));
                    if (p.kind == SexpKind::Capture) field(syntax::capture_field(p));
                }
        }
        for (const Sexp& c : e->children) work.push_back(&c);
    }
}

class Resolver {
public:
    Resolver(const MalformedForms& malformed, SymbolTable& t, std::vector<Diagnostic>& d) { attach(malformed, t, d); }

    // A resolver that continues a sealed one (see seal()): it reads the
    // sealed one's interned names, global scope, chains of definitions and
    // defined names in place (NameTables) and keeps only what it adds; of
    // the rest it copies the per-name flags, a few bytes a name. So the
    // continuation of a big preamble on each keystroke no longer copies the
    // megabytes of name tables. `sealed` must outlive it.
    static Resolver continuing(const Resolver& sealed) {
        Resolver r = sealed;  // all but the tables (NameTables)
        r.base_ = &sealed;
        r.base_names_ = sealed.name_count();
        r.base_symbols_ = sealed.tables_.previous_definition.size();
        r.base_defined_order_ = sealed.tables_.defined_order.size();
        return r;
    }

    // Points the resolver at the table and diagnostics of its next run.
    void attach(const MalformedForms& malformed, SymbolTable& t, std::vector<Diagnostic>& d, bool hints = true) {
        malformed_ = &malformed;
        t_ = &t;
        diags_ = &d;
        hints_ = hints;
    }

    void run(const std::vector<Sexp>& program) {
        Scope global;
        if (!program.empty()) global.range = SourceRange{program.front().where.file, {0, UINT32_MAX}};
        t_->scopes.push_back(global);
        stack_.push_back(0);
        tables_.previous_definition.assign(t_->symbols.size(), -1);
        resolve_forms(program);
    }

    // Resolves top-level forms that come after the program this resolver
    // resolved last (run() or a continue_with() before): attach() a table
    // built on top of that program's table first.
    void continue_with(const std::vector<Sexp>& program) {
        assert(t_->symbols.size() == base_symbols_ + tables_.previous_definition.size());
        n_names_ = n_defined_ = 0;
        // The global scope's range starts at the whole program's first form,
        // as run() sets it: here when the program continued had none (its
        // imports bring macros only).
        if (!program.empty() && std::as_const(t_->scopes)[0].range.range.end != UINT32_MAX)
            t_->scopes[0].range = SourceRange{program.front().where.file, {0, UINT32_MAX}};
        resolve_forms(program);
    }

    // Drops what only the finished run needed, and arranges the rest for
    // continue_with() on copies of this resolver: the global scope's names
    // only (the scopes of functions already resolved are never entered
    // again), and the hints' catalog completed and shared.
    void seal() {
        assert(!base_ && !base_catalog_ && "a continuation is never sealed: continuing() reads one level");
        malformed_ = nullptr;
        t_ = nullptr;
        diags_ = nullptr;
        reference_names_ = {};  // a run's own (a preamble's: one per reference, megabytes)
        tables_.by_scope = tables_.by_scope.only_scope(0);
        update_catalog();
        // Only a resolver that continued none is sealed: its catalog is whole.
        auto catalog = std::make_shared<NameCatalog>(std::move(catalog_));
        base_catalog_ = std::move(catalog);
        catalog_ = NameCatalog{};
        catalog_.consumed = base_catalog_->consumed;
        catalog_.has_builtins = true;
    }

    Resolver(Resolver&&) = default;

    // Records which form made each diagnostic (`origins`, kept parallel to
    // the diagnostics) and what fill_memo() needs.
    void record(std::vector<CheckOrigin>& origins) { origins_ = &origins; }

    // After a recorded run() or continue_with(): what the next keystroke's
    // window resolution needs of this one.
    void fill_memo(ResolutionMemo& memo) {
        memo.marks = std::move(marks_);
        memo.names.clear();
        memo.names.reserve(own_facts_.size());
        for (const auto& [id, facts] : own_facts_) memo.names.emplace(std::string(name_of(id)), facts);
        memo.defined_order.clear();
        for (uint32_t id : tables_.defined_order) memo.defined_order.emplace_back(name_of(id));
        memo.dict_symbols.assign(bound_to_dict_.begin(), bound_to_dict_.end());
        std::sort(memo.dict_symbols.begin(), memo.dict_symbols.end());
        memo.hints = hints_;
    }

    // A window resolution (WindowResolver): resolves some consecutive own
    // forms (the window, `first_form` the first's index) into a table that
    // holds the entries of the forms before them, and, once finish_window()
    // is called, those after them: with `memo`, the whole resolution before
    // the edit, standing for what the other forms define.
    void start_window(const ResolutionMemo& memo, uint32_t first_form) {
        memo_ = &memo;
        first_form_ = first_form;
        n_names_ = n_defined_ = 0;  // (a continuation's copy holds its base's counts)
        if (stack_.empty()) stack_.push_back(0);
        replay_symbols();
        for (int symbol : memo.dict_symbols)
            if (static_cast<size_t>(symbol) < t_->symbols.size()) bound_to_dict_.insert(symbol);
        window_symbols_begin_ = finished_symbols_ = t_->symbols.size();
    }
    void visit_window(std::span<const Sexp> forms, uint32_t end_node) {
        visit_forms(forms, end_node);
        window_symbols_end_ = t_->symbols.size();
        window_references_end_ = t_->references.size();
    }
    void finish_window() {
        replay_symbols();
        finish(window_symbols_end_, window_references_end_);
    }
    const std::vector<FormMark>& marks() const { return marks_; }
    bool bound_to_dict(int symbol) const { return bound_to_dict_.contains(symbol); }

private:
    // Enters the table's symbols beyond those this resolver made or entered
    // (another run's, spliced in): the global ones into the global scope's
    // chains, in index order, as define() would have.
    void replay_symbols() {
        for (size_t i = base_symbols_ + tables_.previous_definition.size(); i < t_->symbols.size(); ++i) {
            const Symbol& sym = t_->symbols[i];
            int replaced = -1;
            if (sym.scope == 0) {
                const uint64_t key = ScopeNameMap::key(0, intern(sym.name));
                replaced = tables_.by_scope.put(key, static_cast<int>(i));
                if (replaced < 0 && base_) replaced = base_->tables_.by_scope.find(key);
            }
            tables_.previous_definition.push_back(replaced);
        }
    }

    Resolver(const Resolver&) = default;  // for continuing() only: see NameTables

    void resolve_forms(std::span<const Sexp> program) {
        visit_forms(program, static_cast<uint32_t>(t_->nodes.size()));
        finish(t_->symbols.size(), t_->references.size());
    }

    // Walks the forms, making their symbols, scopes and references (resolved
    // by finish()). `end_node`: one past the forms' last node id.
    void visit_forms(std::span<const Sexp> program, uint32_t end_node) {
        collect_defined(program);
        // Every name node becomes at most one reference or definition: no
        // regrowing (and copying) of the two big vectors.
        t_->references.reserve(t_->references.size() + n_names_);
        first_reference_ = t_->references.size();
        reference_names_.clear();
        reference_names_.reserve(n_names_);
        t_->symbols.reserve(t_->symbols.size() + n_defined_);
        tables_.previous_definition.reserve(tables_.previous_definition.size() + n_defined_);
        tables_.by_scope.reserve(tables_.by_scope.size() + n_defined_);
        for (size_t i = 0; i < program.size(); ++i) {
            if (recording()) marks_.push_back(mark_at(program[i].id));
            visit(program[i]);
            tag(CheckPass::Visit, i);
        }
        if (recording()) marks_.push_back(mark_at(end_node));
    }

    FormMark mark_at(uint32_t node) const {
        return {node, static_cast<uint32_t>(t_->symbols.size()), static_cast<uint32_t>(t_->scopes.size()),
                static_cast<uint32_t>(t_->references.size())};
    }
    bool recording() const { return origins_ != nullptr; }
    // Marks the diagnostics made since the last call as made by `pass` on
    // form `form` (of the forms this run visits).
    void tag(CheckPass pass, size_t form, int reference = -1) {
        if (origins_) origins_->resize(diags_->size(), CheckOrigin{pass, first_form_ + static_cast<uint32_t>(form), reference});
    }

    // Every name defined anywhere (the flow-insensitive unbound check).
    void collect_defined(std::span<const Sexp> forms) {
        for_each_definition(
            forms,
            [this](std::string_view name) {
                const uint32_t id = intern(name);
                mark_defined(id);
                if (recording()) own_facts_[id].defined = true;
                ++n_defined_;
            },
            [this](std::string_view name) {
                const uint32_t id = intern(name);
                field_names_[id] = true;
                if (recording()) own_facts_[id].field = true;
            },
            [this](size_t n) { n_names_ += n; });
    }

    // Names are interned once: every later question about a name (reserved?
    // defined anywhere? defined in this scope?) is an array or integer-map lookup.
    uint32_t intern(std::string_view name) {
        if (base_)
            if (const std::optional<uint32_t> shared = base_->tables_.ids.find(name)) return *shared;
        const auto [id, added] = tables_.ids.insert(name, name_count());
        if (added) {
            tables_.names.push_back(name);
            reserved_.push_back(kUnknown);
            defined_.push_back(false);
            defined_so_far_.push_back(false);
            field_names_.push_back(false);
            builtin_.push_back(kUnknownBuiltin);
        }
        return id;
    }
    void mark_defined(uint32_t id) {
        if (defined_[id]) return;
        defined_[id] = true;
        tables_.defined_order.push_back(id);
    }
    uint32_t name_count() const { return static_cast<uint32_t>(base_names_ + tables_.names.size()); }
    std::string_view name_of(uint32_t id) const { return id < base_names_ ? base_->tables_.names[id] : tables_.names[id - base_names_]; }
    // The definition of the same name made before `symbol` in its scope, or -1.
    int previous_definition(int symbol) const {
        const auto index = static_cast<size_t>(symbol);
        return index < base_symbols_ ? base_->tables_.previous_definition[index] : tables_.previous_definition[index - base_symbols_];
    }

    int current_scope() const { return stack_.back(); }

    int define(const Sexp& name, SymbolKind kind, const Sexp* form, bool is_mutable) {
        const uint32_t id = intern(name.text);
        Symbol s;
        s.name = name.text;
        s.kind = kind;
        s.name_range = name.where;
        s.form_range = form ? form->where : name.where;
        s.is_mutable = is_mutable;
        s.scope = current_scope();
        auto index = static_cast<int>(t_->symbols.size());
        defined_so_far_[id] = true;
        const uint64_t key = ScopeNameMap::key(current_scope(), id);
        int replaced = tables_.by_scope.put(key, index);
        if (replaced < 0 && base_) replaced = base_->tables_.by_scope.find(key);
        tables_.previous_definition.push_back(replaced);
        t_->symbols.push_back(std::move(s));
        t_->scopes[current_scope()].symbols.push_back(index);
        if (NodeFacts* facts = facts_of(name)) facts->definition = index;
        return index;
    }

    // Whether a write here to `target` (a visible definition, or -1) changes a
    // constant. A parameter is a constant of its own function's body; a
    // function nested in it that sets the name changes, at run time, the
    // closure field or caller variable of that name (LANGUAGE.md §4.4), not
    // the parameter.
    bool is_constant_here(int target) const {
        if (target < 0 || t_->symbols[target].is_mutable) return false;
        return t_->symbols[target].kind != SymbolKind::Parameter ||
               t_->function_scope(t_->symbols[target].scope) == t_->function_scope(current_scope());
    }

    NodeFacts* facts_of(const Sexp& node) { return node.id < t_->nodes.size() ? &t_->nodes[node.id] : nullptr; }

    void error(std::string_view code, const SourceRange& where, std::string message) {
        diags_->push_back(make_diagnostic(code, where, std::move(message)));
    }

    bool check_bindable(const Sexp& name) {
        if (is_builtin_name(intern(name.text))) {
            error("E0102", name.where, "Can not use the reserved name `" + name.text + "` as a variable");
            diags_->back().hint = "pick another name, e.g. `my-" + name.text + "`";
            return false;
        }
        // ArkScript 4.0: `builtin__...` names belong to the builtins that std wraps.
        if (name.text.starts_with("builtin__")) {
            error("E0102", name.where, "Can not define `" + name.text + "`: names starting with `builtin__` are reserved for builtins");
            diags_->back().hint = "pick a name without the `builtin__` prefix";
            return false;
        }
        return true;
    }

    // The latest definition of `name` made so far in `scope`, or -1.
    int find_in_scope(int scope, uint32_t name) const {
        const uint64_t key = ScopeNameMap::key(scope, name);
        const int own = tables_.by_scope.find(key);
        return own >= 0 || !base_ ? own : base_->tables_.by_scope.find(key);  // the base keeps its global scope only
    }
    int find_visible(uint32_t name) const {
        for (size_t i = stack_.size(); i-- > 0;) {
            int s = find_in_scope(stack_[i], name);
            if (s >= 0) return s;
        }
        return -1;
    }
    int find_visible(const std::string& name) { return find_visible(intern(name)); }
    bool is_defined(const std::string& name) {
        if (defined_[intern(name)]) return true;
        const NameFacts* facts = memo_ ? memo_->facts(name) : nullptr;
        return facts && facts->defined;
    }
    bool is_field_name(const std::string& name) {
        if (field_names_[intern(name)]) return true;
        const NameFacts* facts = memo_ ? memo_->facts(name) : nullptr;
        return facts && facts->field;
    }

    // `node`: the node making the reference, when it is its first one.
    void add_reference(const Sexp* node, const std::string& name, const SourceRange& where, bool is_write,
                       ReferenceKind kind = ReferenceKind::Unbound) {
        if (NodeFacts* facts = node ? facts_of(*node) : nullptr) facts->reference = static_cast<int>(t_->references.size());
        const uint32_t id = intern(name);
        Reference r;
        r.name = name;
        r.range = where;
        r.is_write = is_write;
        r.scope = current_scope();
        r.kind = kind;
        if (kind == ReferenceKind::Unbound && is_builtin_name(id)) r.kind = ReferenceKind::Builtin;
        t_->references.push_back(std::move(r));
        reference_names_.push_back(id);  // at index - first_reference_
    }

    void visit(const Sexp& e) {
        switch (e.kind) {
            case SexpKind::Symbol:
                add_reference(&e, e.text, e.where, false);
                return;
            case SexpKind::Field: {
                add_reference(&e, e.path[0], SourceRange{e.where.file, {e.where.range.begin, e.where.range.begin + static_cast<uint32_t>(e.path[0].size())}}, false);
                uint32_t offset = e.where.range.begin + static_cast<uint32_t>(e.path[0].size()) + 1;
                for (size_t i = 1; i < e.path.size(); ++i) {
                    SourceRange r{e.where.file, {offset, offset + static_cast<uint32_t>(e.path[i].size())}};
                    add_reference(nullptr, e.path[i], r, false, ReferenceKind::Field);
                    if (!is_defined(e.path[i]) && !is_field_name(e.path[i]))
                        error("E0101", r, "Unbound variable error: field `" + e.path[i] + "` is defined nowhere");
                    offset += static_cast<uint32_t>(e.path[i].size()) + 1;
                }
                return;
            }
            case SexpKind::List:
                return visit_list(e);
            default:
                for (const Sexp& c : e.children) visit(c);
                return;
        }
    }

    void visit_list(const Sexp& e) {
        if (malformed_->contains(e)) return;
        const auto form = e.form;
        const std::string_view h = e.head_name();
        if ((form == Keyword::Let || form == Keyword::Mut || form == Keyword::Set) && e.children.size() == 3 && e.children[1].is_symbol()) {
            const Sexp& name = e.children[1];
            const Sexp& value = e.children[2];
            if (form == Keyword::Set) {
                visit(value);
                check_bindable(name);
                int target = find_visible(name.text);
                if (is_constant_here(target)) {
                    if (t_->symbols[target].kind == SymbolKind::Parameter) {
                        error("E0107", name.where, "Can not set the parameter `" + name.text + "' to " + value_text(value) +
                                                       ": parameters are constants unless declared `(mut " + name.text + ")`");
                        diags_->back().hint = "declare the parameter `(mut " + name.text + ")` to change the function's copy";
                    } else {
                        error("E0107", name.where, "Can not set the constant `" + name.text + "' to " + value_text(value));
                        diags_->back().hint = "declare it with `mut` instead of `let` if it must change";
                    }
                    add_fix_let_to_mut(target);
                }
                // A set of a name bound nowhere is a run-time ScopeError (§3.1), not a NameError.
                add_reference(&name, name.text, name.where, true, is_defined(name.text) ? ReferenceKind::Unbound : ReferenceKind::Dynamic);
                return;
            }
            int previous = find_in_scope(current_scope(), intern(name.text));
            if (form == Keyword::Let && previous >= 0) {
                error("E0108", name.where, "Can not use 'let' to redefine variable `" + name.text + "'");
                diags_->back().related.push_back({t_->symbols[previous].name_range, "first defined here"});
                diags_->back().hint = "use `mut` to declare a variable you redefine, or `set` to change it";
                // Both definitions made by one macro call (e.g. a macro that uses its argument twice).
                if (t_->symbols[previous].name_range == name.where)
                    diags_->back().hint = "this macro call expands to two `let` of `" + name.text + "`: check how often the macro uses its argument";
            }
            // The function a `let`/`mut` binds is named for its body (4.0+:
            // a variable there may not take the function's name).
            if (value.is_form(Keyword::Fun)) binding_function_ = &name;
            visit(value);
            binding_function_ = nullptr;
            if (!check_bindable(name)) return;
            if (stack_.size() > 1 && function_names_.back() && function_names_.back()->text == name.text) {
                error("E0111", name.where, "Can not define a variable using the same name as the enclosing function `" + name.text + "'");
                diags_->back().related.push_back({function_names_.back()->where, "the function is named here"});
                diags_->back().hint = "rename the variable: inside its body the name is the function's";
            }
            int s = define(name, stack_.size() == 1 ? SymbolKind::Global : SymbolKind::Local, &e, form == Keyword::Mut);
            t_->symbols[s].value_range = value.where;
            if (value.kind == SexpKind::List && !value.children.empty() && value.children[0].is_symbol("dict"))
                bound_to_dict_.insert(s);
            if (value.is_form(Keyword::Fun) && value.children.size() >= 2 && value.children[1].kind == SexpKind::List) {
                std::vector<std::string_view> params;
                for (const Sexp& p : value.children[1].children)
                    if (const auto param = syntax::parameter_of(p)) params.push_back(param->name->text);
                t_->symbols[s].function_params = std::move(params);
            } else if (value.is_symbol() && builtin_of(intern(value.text))) {
                // `(let reverse builtin__list:reverse)`: how std names a builtin (4.0+).
                t_->symbols[s].builtin = builtin_of(intern(value.text));
            } else if (value.kind == SexpKind::Number || value.kind == SexpKind::String) {
                t_->symbols[s].constant_value = value.kind == SexpKind::Number ? language::format_number(value.number()) : "\"" + value.text + "\"";
            }
            return;
        }
        if (form == Keyword::Fun && e.children.size() >= 2 && e.children[1].kind == SexpKind::List) return visit_fun(e);
        if (form == Keyword::While && e.children.size() == 3) return visit_while(e);
        if ((form == Keyword::Del) && e.children.size() == 2 && e.children[1].is_symbol()) {
            const Sexp& name = e.children[1];
            if (!is_defined(name.text)) unbound_error(name);
            add_reference(&name, name.text, name.where, true);
            return;
        }
        if (language::is_in_place_list_op(h) && e.children.size() >= 2 && e.children[1].is_symbol()) {
            const Sexp& name = e.children[1];
            int target = find_visible(name.text);
            // A dict is a shared mutable object (LANGUAGE-4.8 §4, §5.1): `(let d (dict ...))`
            // then `(@= d key value)` changes the object, not the constant binding.
            const bool changes_shared_dict = h == "@=" && bound_to_dict_.contains(target);
            if (is_constant_here(target) && !changes_shared_dict) {
                const bool parameter = t_->symbols[target].kind == SymbolKind::Parameter;
                error("E0109", name.where, std::string(parameter ? "Can not modify the parameter `" : "Can not modify the constant list `") +
                                               name.text + "' using `" + std::string(h) + "'");
                diags_->back().hint = parameter ? "declare the parameter `(mut " + name.text + ")` to change the function's copy"
                                               : "declare it with `mut` to change it in place";
                add_fix_let_to_mut(target);
            }
            if (h == "append!" || h == "concat!")
                for (size_t i = 2; i < e.children.size(); ++i)
                    if (e.children[i].is_symbol(name.text))
                        error("E0110", e.children[i].where, "Can not " + std::string(h == "append!" ? "append" : "concat") +
                                                              " the list `" + name.text + "' to itself");
            add_reference(&name, name.text, name.where, true);
            for (size_t i = 2; i < e.children.size(); ++i) visit(e.children[i]);
            return;
        }
        if (!h.empty() && e.children[0].is_symbol()) check_call_arity(e);
        for (const Sexp& c : e.children) visit(c);
    }

    void visit_fun(const Sexp& e) {
        const Sexp& params = e.children[1];
        // Captures refer to the enclosing scope's variables.
        for (const Sexp& p : params.children) {
            if (p.kind != SexpKind::Capture) continue;
            if (find_visible(p.text) < 0) {
                if (defined_so_far(p.text))
                    error("E0103", p.where, "Can not capture " + p.text + " because it is defined in an unreachable scope");
                else
                    error("E0103", p.where, "Can not capture " + p.text + " because it is referencing an unbound variable");
            }
            add_reference(&p, p.text, p.where, false);
        }
        Scope scope;
        scope.parent = current_scope();
        scope.range = e.where;
        t_->scopes.push_back(scope);
        stack_.push_back(static_cast<int>(t_->scopes.size() - 1));
        function_names_.push_back(binding_function_);
        binding_function_ = nullptr;
        if (NodeFacts* facts = facts_of(e)) facts->scope = stack_.back();
        for (const Sexp& p : params.children) {
            if (const auto param = syntax::parameter_of(p)) {
                // Only `(mut x)` may change (4.1+): a plain or `(ref x)` parameter is a constant.
                if (check_bindable(*param->name))
                    define(*param->name, SymbolKind::Parameter, &p, param->mode == syntax::ParameterMode::Mut);
            } else if (p.kind == SexpKind::Capture) {
                define(p, SymbolKind::Capture, &p, true);
            }
        }
        for (size_t i = 2; i < e.children.size(); ++i) visit(e.children[i]);
        stack_.pop_back();
        function_names_.pop_back();
    }

    // 4.0+: the body of a loop is a scope of its own, entered afresh on each
    // iteration; the condition belongs to the enclosing scope.
    void visit_while(const Sexp& e) {
        visit(e.children[1]);
        Scope scope;
        scope.parent = current_scope();
        scope.range = e.children[2].where;
        scope.is_loop = true;
        t_->scopes.push_back(scope);
        stack_.push_back(static_cast<int>(t_->scopes.size() - 1));
        if (NodeFacts* facts = facts_of(e)) facts->scope = stack_.back();
        visit(e.children[2]);
        stack_.pop_back();
    }

    void check_call_arity(const Sexp& e) {
        int target = find_visible(e.children[0].text);
        if (target < 0) {
            if (const std::optional<uint32_t> id = builtin_of(intern(e.children[0].text))) check_builtin_arity(e, *id);
            return;
        }
        const Symbol& s = t_->symbols[target];
        if (!s.is_mutable && s.builtin) return check_builtin_arity(e, *s.builtin);
        if (s.is_mutable || !s.function_params) return;
        size_t given = e.children.size() - 1, wanted = s.function_params->size();
        if (given == wanted) return;
        diags_->push_back(make_diagnostic("W0301", e.where,
                                         "Function `" + std::string(s.name) + "' needs " + std::to_string(wanted) + " argument" +
                                             (wanted == 1 ? "" : "s") + ", but this call passes " + std::to_string(given)));
        diags_->back().related.push_back({s.name_range, "`" + std::string(s.name) + "` is defined here"});
    }

    // A call of a builtin with an argument count its signature rules out
    // raises a TypeError at run time: say so at compile time.
    // `id` is the builtin the called name is (or is bound to, for std's names).
    void check_builtin_arity(const Sexp& e, uint32_t id) {
        const std::string& name = e.children[0].text;
        const language::BuiltinInfo& spec = language::builtins()[id];
        const language::Arity arity{spec.min_args, spec.max_args};
        const size_t given = e.children.size() - 1;
        if (name == "dict" && given % 2 == 1) {  // (dict key value ...): pairs, an ArityError at run time
            diags_->push_back(make_diagnostic("W0302", e.where, "Builtin `dict' takes key value pairs, but this call passes " +
                                                                   std::to_string(given) + " argument" + (given == 1 ? "" : "s")));
            diags_->back().hint = "signature: " + std::string(spec.signature);
            return;
        }
        if (given >= arity.min && given <= arity.max) return;
        std::string wanted = arity.min == arity.max   ? std::to_string(arity.min)
                             : arity.max == SIZE_MAX ? "at least " + std::to_string(arity.min)
                                                     : std::to_string(arity.min) + " or " + std::to_string(arity.max);
        const bool one = wanted == "1" || wanted == "at least 1";
        diags_->push_back(make_diagnostic("W0302", e.where,
                                         "Builtin `" + name + "' takes " + wanted + " argument" + (one ? "" : "s") +
                                             ", but this call passes " + std::to_string(given)));
        diags_->back().hint = "signature: " + std::string(spec.signature);
    }

    std::string value_text(const Sexp& value) {
        if (value.kind == SexpKind::Number) return language::format_number(value.number());
        if (value.kind == SexpKind::String) return "\"" + value.text + "\"";
        return syntax::repr(value);
    }

    void add_fix_let_to_mut(int symbol) {
        const Symbol& s = t_->symbols[symbol];
        if (s.kind == SymbolKind::Parameter) {
            // `x` or `(ref x)` becomes `(mut x)`: the whole parameter is rewritten.
            diags_->back().fixes.push_back(Fix{"declare the parameter `(mut " + std::string(s.name) + ")`", {TextEdit{s.form_range, "(mut " + std::string(s.name) + ")"}}});
            return;
        }
        if (s.kind != SymbolKind::Global && s.kind != SymbolKind::Local) return;
        // The `let` keyword sits right after the form's opening bracket.
        SourceRange kw{s.form_range.file, {s.form_range.range.begin + 1, s.form_range.range.begin + 4}};
        diags_->back().fixes.push_back(Fix{"declare `" + std::string(s.name) + "` with `mut`", {TextEdit{kw, "mut"}}});
    }

    // The names suggest_name() could pick for `name`: its distance to a name
    // is at least the difference in length, and it only picks names within
    // half of name's length, so the others are skipped before measuring.
    // (suggest_name breaks ties by spelling: the order here does not matter.)
    // The views are into the catalogs: use them before the next update.
    std::vector<std::string_view> suggestion_candidates(const std::string& name) {
        update_catalog();
        std::vector<std::string_view> out;
        const size_t slack = name.size() / 2;
        for (const NameCatalog* catalog : {base_catalog_.get(), static_cast<const NameCatalog*>(&catalog_)}) {
            if (!catalog || catalog->by_length.empty()) continue;
            const size_t longest = std::min(name.size() + slack, catalog->by_length.size() - 1);
            for (size_t length = name.size() - slack; length <= longest; ++length)
                for (size_t i : catalog->by_length[length]) out.push_back(catalog->candidates[i]);
        }
        return out;
    }

    // The prefixed names `p:name` a package defines for a plain `name`
    // (ArkScript 4.0: `(import std.List)` gives `list:map`, not `map`), in
    // the order they were first met.
    std::vector<std::string> namespaced(const std::string& name) {
        update_catalog();
        std::vector<std::string> out;
        for (const NameCatalog* catalog : {base_catalog_.get(), static_cast<const NameCatalog*>(&catalog_)}) {
            if (!catalog) continue;
            if (const auto found = catalog->namespaced.find(name); found != catalog->namespaced.end())
                out.insert(out.end(), found->second.begin(), found->second.end());
        }
        return out;
    }
    bool prefix_defined(const std::string& prefix) {
        update_catalog();
        return catalog_.prefixes.count(prefix) || (base_catalog_ && base_catalog_->prefixes.count(prefix));
    }

    // Brings catalog_ up to date with the names defined so far (once some
    // hint needs it: most programs have no unbound name).
    void update_catalog() {
        NameCatalog& c = catalog_;
        auto add_candidate = [&c](std::string name) {
            if (name.size() >= c.by_length.size()) c.by_length.resize(name.size() + 1);
            c.by_length[name.size()].push_back(c.candidates.size());
            c.candidates.push_back(std::move(name));
        };
        if (!c.has_builtins && !(base_catalog_ && base_catalog_->has_builtins)) {
            c.has_builtins = true;
            for (const auto& spec : language::builtins()) add_candidate(std::string(spec.name));
        }
        const auto add_defined = [&](std::string_view defined) {
            add_candidate(std::string(defined));
            const size_t colon = defined.rfind(':');
            if (colon == std::string_view::npos || colon == 0 || colon + 1 == defined.size()) return;
            c.namespaced[std::string(defined.substr(colon + 1))].emplace_back(defined);
            c.prefixes.emplace(defined.substr(0, defined.find(':')));
        };
        if (memo_) {
            // A window resolution: every own form's names, as the whole
            // resolution it continues met them.
            if (!c.memo_added)
                for (const std::string& defined : memo_->defined_order) add_defined(defined);
            c.memo_added = true;
            return;
        }
        for (; c.consumed < base_defined_order_ + tables_.defined_order.size(); ++c.consumed)
            add_defined(name_of(tables_.defined_order[c.consumed - base_defined_order_]));
    }

    void unbound_error(const Sexp& name) {
        error("E0101", name.where, "Unbound variable error `" + name.text + "' (variable is used but not defined)");
        if (hints_) add_hints(diags_->back(), name.text);
    }

public:
    // What an unbound name's error says with hints: the namespaced names it
    // may mean, or the closest defined name.
    void add_hints(Diagnostic& d, const std::string& name) {
        if (const std::vector<std::string> qualified = namespaced(name); !qualified.empty()) {
            const std::string& full = qualified.front();
            d.hint = "it exists in a namespace as `" + full + "`: write `" + full + "`, or import the name itself with (import ... :" + name + ")";
            for (const std::string& candidate : qualified) d.fixes.push_back(Fix{"use `" + candidate + "`", {TextEdit{d.where, candidate}}});
            return;
        }
        if (auto s = suggest_name(name, suggestion_candidates(name))) {
            d.hint = "did you mean `" + *s + "`?";
            d.fixes.push_back(Fix{"rename to `" + *s + "`", {TextEdit{d.where, *s}}});
        }
    }

private:

    // The definition a reference made in `from` finds lexically, or -1; a
    // loop-local defined only after the reference in its own iteration gives
    // `fallback` (the reference reads the outer variable, if there is one).
    int resolve_lexically(int from, uint32_t id, const SourceRange& where) const {
        int fallback = -1;
        bool crossed_function = false;  // a fun lies between the reference and `scope`
        // The scopes enclosing the reference, innermost first (the stack when it was seen).
        for (int scope = from; scope >= 0; scope = t_->scopes[scope].parent) {
            const bool direct_loop = t_->scopes[scope].is_loop && !crossed_function;
            // Inside functions any definition of the scope counts; at the
            // global scope, prefer the latest one before the reference,
            // else the first one; in a loop body the reference itself is in,
            // only one before it (the body starts afresh on each iteration).
            // The definitions of the name in the scope, latest first: the
            // chain of tables_.previous_definition.
            int found = -1;
            for (int def = find_in_scope(scope, id); def >= 0; def = previous_definition(def)) {
                const Symbol& sym = t_->symbols[def];
                const bool before = sym.name_range.range.begin <= where.range.begin || sym.name_range.file != where.file;
                if (direct_loop) {
                    if (before) {
                        found = def;
                        break;
                    }
                    fallback = def;
                    continue;
                }
                found = def;
                if (previous_definition(def) < 0 || before) break;  // the first one, or the latest before
            }
            if (found >= 0) return found;
            if (!t_->scopes[scope].is_loop) crossed_function = true;
        }
        return fallback;
    }

    // Whether a name no enclosing scope defines may still be bound when a
    // reference made in `from` runs: a function's local, parameter or capture
    // is visible to the functions it calls (dynamic scoping), and so is a
    // loop-local to functions called from the loop's body, but not to the
    // rest of the function (or top level) that holds the loop: after the
    // loop it is gone (4.0+).
    bool bound_dynamically(int from, uint32_t id) const {
        // A window resolution (memo_) sees the other forms' names through
        // the memo: a loop of another top-level form is never inside the
        // reference's function.
        const NameFacts* other = memo_ ? memo_->facts(name_of(id)) : nullptr;
        if (!defined_[id] && !(other && other->defined)) return false;
        if (defined_outside_loops_[id] || (other && other->outside_loops > 0)) return true;
        const int function = t_->function_scope(from);
        if (function == 0) return false;
        if (other && other->in_loops > window_loops_[id]) return true;
        for (int loop : loops_defining_[id]) {
            bool inside_function = false;
            for (int s = loop; s >= 0 && !inside_function; s = t_->scopes[s].parent) inside_function = s == function;
            if (!inside_function) return true;
        }
        return false;
    }

    // Whether `name` was defined before the current point of the walk (in
    // a window resolution, also by the forms before the window).
    bool defined_so_far(const std::string& name) {
        if (defined_so_far_[intern(name)]) return true;
        if (!memo_) return false;
        for (size_t i = base_symbols_; i < window_symbols_begin_; ++i)
            if (t_->symbols[i].name == name) return true;
        return false;
    }

    // Resolves the references made since visit_forms() began, up to
    // `references_end`, having accounted for the symbols up to `symbols_end`.
    void finish(size_t symbols_end, size_t references_end) {
        defined_outside_loops_.resize(name_count(), false);
        loops_defining_.resize(name_count());
        if (memo_) window_loops_.assign(name_count(), 0);
        for (; finished_symbols_ < symbols_end; ++finished_symbols_) {
            const Symbol& sym = t_->symbols[finished_symbols_];
            const uint32_t id = intern(sym.name);
            const bool in_loop = t_->scopes[sym.scope].is_loop;
            if (in_loop) loops_defining_[id].push_back(sym.scope);
            else defined_outside_loops_[id] = true;
            if (memo_ && in_loop) ++window_loops_[id];
            if (recording()) ++(in_loop ? own_facts_[id].in_loops : own_facts_[id].outside_loops);
        }
        size_t form = 0;  // marks_[form] is where the form of the reference starts
        for (size_t index = first_reference_; index < references_end; ++index) {
            finish_reference(index);
            if (origins_) {
                while (form + 1 < marks_.size() && marks_[form + 1].reference <= index) ++form;
                tag(CheckPass::Finish, form, static_cast<int>(index));
            }
        }
    }

    void finish_reference(size_t index) {
            Reference& r = t_->references[index];
            if (r.kind != ReferenceKind::Unbound) return;
            const uint32_t id = reference_names_[index - first_reference_];
            const int found = resolve_lexically(r.scope, id, r.range);
            if (found >= 0) {
                r.kind = ReferenceKind::Resolved;
                r.symbol = found;
            } else if (bound_dynamically(r.scope, id)) {
                r.kind = ReferenceKind::Dynamic;
            } else if (const language::RenamedName* renamed = language::find_renamed(r.name)) {
                error("E0112", r.range, "`" + std::string(r.name) + "' was renamed `" + std::string(renamed->new_name) + "' in ArkScript " +
                                            std::string(renamed->version));
                diags_->back().hint = "`ark migrate` renames it everywhere";
                diags_->back().fixes.push_back(Fix{"rename to `" + std::string(renamed->new_name) + "`",
                                                  {TextEdit{r.range, std::string(renamed->new_name)}}});
            } else if (!missing_std_import(r)) {
                Sexp name;
                name.text = r.name;
                name.where = r.range;
                unbound_error(name);
            }
    }

    // `list:map` with no (import std.List): since ArkScript 4.0 std names come
    // from imports only. Reports it (E0113, with the fix that adds the import
    // at the top of the file) and returns true if the prefix is a std module's.
    bool missing_std_import(const Reference& r) {
        const size_t colon = r.name.find(':');
        if (colon == std::string::npos || colon == 0) return false;
        const std::string prefix(r.name.substr(0, colon));
        const auto package = language::std_module_of_prefix(prefix);
        if (!package || prefix_defined(prefix)) return false;  // imported: a misspelt name
        const std::string import = "(import " + std::string(*package) + ")";
        error("E0113", r.range, "Unbound variable error `" + std::string(r.name) + "': it comes from " + std::string(*package) +
                                    ", which is not imported");
        diags_->back().hint = "add " + import + " at the top of the file";
        const SourceRange top{r.range.file, {0, 0}};
        diags_->back().fixes.push_back(Fix{"add " + import, {TextEdit{top, import + "\n"}}});
        return true;
    }

    // language::find_builtin() hashes the name: once per name.
    std::optional<uint32_t> builtin_of(uint32_t name) {
        if (builtin_[name] == kUnknownBuiltin) builtin_[name] = language::find_builtin(name_of(name)).value_or(kNoBuiltin);
        if (builtin_[name] == kNoBuiltin) return std::nullopt;
        return builtin_[name];
    }

    // language::is_reserved() looks in several tables; a program
    // names few distinct things many times, so each answer is kept.
    bool is_builtin_name(uint32_t id) {
        if (reserved_[id] == kUnknown) reserved_[id] = language::is_reserved(name_of(id)) ? kYes : kNo;
        return reserved_[id] == kYes;
    }

    // Set by attach() for one run; pointers so that a sealed resolver can be
    // copied and continued on another table.
    const MalformedForms* malformed_ = nullptr;
    bool hints_ = true;  // see resolve()
    SymbolTable* t_ = nullptr;
    std::vector<Diagnostic>* diags_ = nullptr;
    size_t first_reference_ = 0;   // the first reference of the current run (reference_names_[0])
    size_t finished_symbols_ = 0;  // symbols finish() has accounted for
    size_t n_names_ = 0, n_defined_ = 0;  // counted by collect_defined, for reserve()
    std::vector<int> stack_;
    // Per function scope on the stack: the name a let/mut binds it to, if any.
    std::vector<const Sexp*> function_names_{nullptr};
    const Sexp* binding_function_ = nullptr;  // the name of the fun literal about to be visited
    // What a continuation reads from its base (continuing()) and adds to:
    // indices run across both, the base's first. A copy of a Resolver
    // starts with these empty, which only continuing() makes.
    struct NameTables {
        NameTables() = default;
        NameTables(const NameTables&) {}
        NameTables(NameTables&&) = default;
        NameTables& operator=(NameTables&&) = default;
        // Interned names: the views point into the program's nodes, which outlive the resolver.
        NameIds ids;
        std::vector<std::string_view> names;
        std::vector<uint32_t> defined_order;  // defined names, in the order first met
        // (scope, name) -> latest definition (a sealed resolver keeps the global
        // scope's only); per symbol, the one before it with the same name in
        // the same scope (-1 for the first).
        ScopeNameMap by_scope;
        std::vector<int> previous_definition;
    };
    NameTables tables_;
    const Resolver* base_ = nullptr;  // the sealed resolver this one continues
    size_t base_names_ = 0, base_symbols_ = 0, base_defined_order_ = 0;  // its tables' sizes
    enum : int8_t { kUnknown, kNo, kYes };
    std::vector<int8_t> reserved_;       // per name: language::is_reserved, once asked
    std::vector<bool> defined_;          // per name: defined anywhere (let/mut/parameter/capture)
    // per name: some capture's field name (`&n` in a package reads `pkg:n`, its field is `.n`)
    std::vector<bool> field_names_;
    std::vector<bool> defined_so_far_;   // per name: defined before the current point
    static constexpr uint32_t kUnknownBuiltin = UINT32_MAX, kNoBuiltin = UINT32_MAX - 1;
    std::vector<uint32_t> builtin_;      // per name: language::find_builtin, once asked
    std::vector<uint32_t> reference_names_;  // per reference of the current run: its name
    std::unordered_set<int> bound_to_dict_;  // let/mut symbols whose value is a (dict ...) call
    // Per name, filled by finish(): defined in some function or global
    // scope; the loop bodies that define it.
    std::vector<bool> defined_outside_loops_;
    std::vector<std::vector<int>> loops_defining_;
    // Recording for a ResolutionMemo (origins_ set): where each visited form
    // starts, and what the own forms define, per name.
    std::vector<CheckOrigin>* origins_ = nullptr;
    std::vector<FormMark> marks_;
    uint32_t first_form_ = 0;  // the index of the first form visited, among the own forms
    std::unordered_map<uint32_t, NameFacts> own_facts_;  // by name id
    // A window resolution (WindowResolver): the memo of the whole resolution
    // it continues, where the window's symbols and references lie, and per
    // name the window's symbols in loop bodies.
    const ResolutionMemo* memo_ = nullptr;
    size_t window_symbols_begin_ = 0, window_symbols_end_ = 0, window_references_end_ = 0;
    std::vector<uint32_t> window_loops_;
    // The defined names as hints need them (update_catalog); a resolver
    // continuing another reads that one's, complete, in base_catalog_.
    NameCatalog catalog_;
    std::shared_ptr<const NameCatalog> base_catalog_;
};

}  // namespace resolver_detail

using resolver_detail::Resolver;

// A sealed resolver: what resolve() left for resolve_after().
class ResolverState {
public:
    explicit ResolverState(Resolver resolver) : resolver_(std::move(resolver)) { resolver_.seal(); }
    const Resolver& resolver() const { return resolver_; }

private:
    Resolver resolver_;
};

std::optional<std::vector<std::pair<std::string_view, bool>>> definitions_of(std::span<const syntax::Sexp> forms) {
    std::vector<std::pair<std::string_view, bool>> out;
    bool binds_operator = false;
    resolver_detail::for_each_definition(
        forms,
        [&](std::string_view name) {
            binds_operator = binds_operator || language::is_operator_like(name);
            out.emplace_back(name, false);
        },
        [&](std::string_view name) { out.emplace_back(name, true); }, [](size_t) {});
    // check_forms reads an operator bound anywhere, by `set` too, as a value everywhere.
    std::vector<const syntax::Sexp*> work;
    for (const syntax::Sexp& form : forms) work.push_back(&form);
    while (!work.empty() && !binds_operator) {
        const syntax::Sexp* e = work.back();
        work.pop_back();
        if (e->form == language::Keyword::Set && e->children.size() >= 2 && e->children[1].is_symbol())
            binds_operator = language::is_operator_like(e->children[1].text);
        for (const syntax::Sexp& c : e->children) work.push_back(&c);
    }
    if (binds_operator) return std::nullopt;
    return out;
}

void resolve(const std::vector<syntax::Sexp>& program, uint32_t node_count, const MalformedForms& malformed, SymbolTable& table,
             std::vector<Diagnostic>& diagnostics, std::shared_ptr<const ResolverState>* state, bool hints, ResolutionMemo* memo) {
    table.nodes.assign_own(node_count - table.nodes.base_size(), NodeFacts{});
    Resolver resolver(malformed, table, diagnostics);
    resolver.attach(malformed, table, diagnostics, hints);
    if (memo) resolver.record(memo->origins);
    resolver.run(program);
    if (memo) resolver.fill_memo(*memo);
    if (state) {
        // A table kept to be built on (a preamble) lives as long as its
        // document: give back what resolve_forms() reserved for every name
        // node, a third more than the references made (20 MB for a chain of
        // a thousand imported files).
        table.references.shrink_to_fit();
        table.symbols.shrink_to_fit();
    }
    table.build_index();
    if (state) *state = std::make_shared<const ResolverState>(std::move(resolver));
}

void resolve_after(const ResolverState& state, const std::vector<syntax::Sexp>& program, uint32_t node_count,
                   const MalformedForms& malformed, SymbolTable& table, std::vector<Diagnostic>& diagnostics, bool hints,
                   ResolutionMemo* memo) {
    table.nodes.assign_own(node_count - table.nodes.base_size(), NodeFacts{});
    Resolver resolver = Resolver::continuing(state.resolver());
    resolver.attach(malformed, table, diagnostics, hints);
    if (memo) resolver.record(memo->origins);
    resolver.continue_with(program);
    if (memo) resolver.fill_memo(*memo);
    table.build_index();
}

WindowResolver::WindowResolver(const ResolverState* base, const ResolutionMemo& memo, uint32_t first_form,
                               const MalformedForms& malformed, SymbolTable& table, std::vector<Diagnostic>& diagnostics,
                               std::vector<CheckOrigin>& origins, bool hints)
    : resolver_(std::make_unique<Resolver>(base ? Resolver::continuing(base->resolver()) : Resolver(malformed, table, diagnostics))) {
    resolver_->attach(malformed, table, diagnostics, hints);
    resolver_->record(origins);
    resolver_->start_window(memo, first_form);
}

WindowResolver::~WindowResolver() = default;

void WindowResolver::visit(std::span<const syntax::Sexp> forms, uint32_t end_node) { resolver_->visit_window(forms, end_node); }

void WindowResolver::finish() { resolver_->finish_window(); }

const std::vector<FormMark>& WindowResolver::marks() const { return resolver_->marks(); }

bool WindowResolver::bound_to_dict(int symbol) const { return resolver_->bound_to_dict(symbol); }

void WindowResolver::add_hints(Diagnostic& unbound, const std::string& name) { resolver_->add_hints(unbound, name); }

}  // namespace ark::analysis
