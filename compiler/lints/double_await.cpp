// A301 double-await: a future awaited twice on some path; the second `await`
// returns nil (LANGUAGE.md §7). Follows one function body at a time through
// the shared flow walk (lints/flow.hpp: a `while` body runs twice, so an await
// inside a loop of a future made outside it is a second await); `let g f` /
// `set g f` make aliases, a new `async` bound to a name starts a fresh future.
// Calls are opaque: a future awaited inside another function is not seen here.
#include <map>
#include <set>

#include "lints/flow.hpp"
#include "lints/lint.hpp"
#include "lints/tasks.hpp"

namespace ark::lints {
namespace double_await {

// The domain of the shared flow walk (lints/flow.hpp): which value each
// variable holds on this path, and which values some path already awaited.
class DoubleAwait {
public:
    struct State {
        IdMap<int> binding;          // symbol -> value id
        IdMap<SourceRange> awaited;  // value id -> first await on some path
    };
    using Value = int;  // a tracked value's id (a variable's value, a new future), -1 for none
    using Walker = FlowWalker<DoubleAwait>;

    DoubleAwait(const LintContext& ctx, std::vector<Diagnostic>& out) : ctx_(ctx), out_(out) {}

    void run() {
        Walker walker(*this);
        State state;
        walker.eval_seq(ctx_.program(), 0, state);
        // A function body is its own flow: it runs when called, maybe many times.
        while (!pending_.empty()) {
            if (ctx_.cancelled()) return;
            const Sexp* fun = pending_.back();
            pending_.pop_back();
            State body;
            walker.eval_body(*fun, body);
        }
    }

    static Value none() { return -1; }

    void nested_function(const Sexp& fun) {
        if (analysed_.insert(&fun).second) pending_.push_back(&fun);
    }

    // Where the two paths bind a variable to different values, it holds a
    // new value after them; a value awaited on either path counts as awaited
    // (at its earliest await). One merge of the two sorted maps.
    State join(const State& a, const State& b) {
        State out;
        std::vector<IdMap<int>::Entry> binding;
        binding.reserve(std::max(a.binding.size(), b.binding.size()));
        merge(a.binding, b.binding, [&](int symbol, const int* va, const int* vb) {
            const int mine = va ? *va : initial(symbol);
            const int theirs = vb ? *vb : initial(symbol);
            binding.emplace_back(symbol, mine == theirs ? mine : fresh(values_[vb ? theirs : mine].name));
        });
        out.binding = IdMap<int>::from_sorted(std::move(binding));
        std::vector<IdMap<SourceRange>::Entry> awaited;
        awaited.reserve(std::max(a.awaited.size(), b.awaited.size()));
        merge(a.awaited, b.awaited, [&](int v, const SourceRange* wa, const SourceRange* wb) {
            awaited.emplace_back(v, !wa || (wb && wb->range.begin < wa->range.begin) ? *wb : *wa);
        });
        out.awaited = IdMap<SourceRange>::from_sorted(std::move(awaited));
        return out;
    }

    std::optional<Value> transfer(const Sexp& e, State& s, Walker& walker) {
        if (e.kind == SexpKind::Symbol) {
            int symbol = ctx_.resolved_symbol(e);
            return symbol < 0 ? -1 : value_of(symbol, s);
        }
        if (e.kind != SexpKind::List || e.children.empty()) return std::nullopt;
        const auto form = e.form;
        const auto& c = e.children;
        if ((form == Keyword::Let || form == Keyword::Mut || form == Keyword::Set) && c.size() == 3 && c[1].is_symbol()) {
            int v = walker.eval(c[2], s);
            int symbol = form == Keyword::Set ? ctx_.resolved_symbol(c[1]) : ctx_.defined_symbol(c[1]);
            if (v >= 0 && values_[v].name.empty()) values_[v].name = c[1].text;
            bind(c[1], symbol, v, s);
            return -1;
        }
        if (form == Keyword::Del && c.size() == 2) {
            bind(c[1], ctx_.resolved_symbol(c[1]), -1, s);
            return -1;
        }
        const std::string_view head = e.head_name();
        if (head == "await" && c.size() == 2) {
            int v = walker.eval(c[1], s);
            if (v < 0) return -1;
            auto it = s.awaited.find(v);
            if (it == s.awaited.end()) {
                s.awaited[v] = e.where;
            } else if (ctx_.in_main(e.where) && ctx_.from_source(e) && usertype_of(ctx_, c[1]) != UserKind::Lock) {
                report(e, v, it->second);
            }
            return -1;
        }
        if (head == "async") {
            walker.eval_seq(c, 1, s);
            return fresh("");
        }
        return std::nullopt;
    }

private:
    struct TrackedValue {
        std::string name;  // the first variable bound to it
    };

    // Calls `both(key, a's value or nullptr, b's value or nullptr)` for every
    // key of either map, in key order.
    template <class T, class F>
    static void merge(const IdMap<T>& a, const IdMap<T>& b, F both) {
        auto i = a.begin(), j = b.begin();
        while (i != a.end() || j != b.end()) {
            if (j == b.end() || (i != a.end() && i->first < j->first)) {
                both(i->first, &i->second, nullptr);
                ++i;
            } else if (i == a.end() || j->first < i->first) {
                both(j->first, nullptr, &j->second);
                ++j;
            } else {
                both(i->first, &i->second, &j->second);
                ++i, ++j;
            }
        }
    }

    int fresh(std::string name) {
        values_.push_back({std::move(name)});
        return static_cast<int>(values_.size() - 1);
    }

    // The value a variable holds before anything in this body bound it.
    int initial(int symbol) {
        auto it = initial_.find(symbol);
        if (it != initial_.end()) return it->second;
        int v = fresh(std::string(ctx_.symbols().symbols[symbol].name));
        initial_[symbol] = v;
        return v;
    }

    int value_of(int symbol, const State& s) {
        auto it = s.binding.find(symbol);
        return it != s.binding.end() ? it->second : initial(symbol);
    }

    void bind(const Sexp& name, int symbol, int v, State& s) {
        if (symbol < 0) return;
        if (v < 0) v = fresh(name.text);
        s.binding[symbol] = v;
    }

    void report(const Sexp& await, int v, const SourceRange& first) {
        if (!reported_.insert(await.where.range.begin).second) return;
        const std::string& name = values_[v].name;
        Diagnostic d = ctx_.make("A301", await.where, "future " + quoted(name) + " is awaited twice");
        bool same = first == await.where;
        d.related.push_back({first, same ? "awaited here on the previous iteration of the loop" : "first awaited here"});
        d.hint = "a future delivers its value once: the second `await` returns nil; keep the first result in a variable";
        out_.push_back(std::move(d));
    }

    const LintContext& ctx_;
    std::vector<Diagnostic>& out_;
    std::vector<TrackedValue> values_;
    std::map<int, int> initial_;
    std::set<const Sexp*> analysed_;
    std::vector<const Sexp*> pending_;  // fun literals met, not analysed yet
    std::set<uint32_t> reported_;
};

void run(const LintContext& ctx, std::vector<Diagnostic>& out) { DoubleAwait(ctx, out).run(); }

}  // namespace double_await

extern const LintSpec kDoubleAwait{
    .code = "A301",
    .slug = "double-await",
    .summary = "a future awaited twice on some path",
    .explanation =
        "A future delivers its value once: the first `await` returns the task's result, every later `await` "
        "of the same future returns `nil`. Awaiting it twice, directly, through an alias such as `(let g f)`, "
        "on a path through an `if`, or inside a loop whose future was created before the loop, is almost "
        "always a bug that turns a result into `nil`. Keep the first result in a variable and use that. The "
        "analysis follows one function body at a time; awaits inside other functions are not seen.",
    .example = "(let fib (fun (n) n))\n(let f (async fib 20))\n(let g f)\n(await f)\n(print (await g))",
    .default_severity = Severity::Warning,
    .check_program = double_await::run,
};

}  // namespace ark::lints
