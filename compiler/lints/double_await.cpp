// A301 double-await: a future awaited twice on some path; the second `await`
// returns nil (LANGUAGE.md §7). Flow-aware over one function body at a time:
// `if` branches and `and`/`or` operands are alternative paths, a `while` body
// runs twice (so an await inside a loop of a future made outside it is a
// second await), `let g f` / `set g f` make aliases, a new `async` bound to a
// name starts a fresh future. Calls are opaque: a future awaited inside
// another function is not seen here.
#include <map>
#include <set>

#include "lints/lint.hpp"
#include "lints/tasks.hpp"

namespace ark::lints {
namespace double_await {

struct State {
    std::map<int, int> binding;            // symbol -> value id
    std::map<int, SourceRange> awaited;    // value id -> first await on some path
};

class DoubleAwait {
public:
    DoubleAwait(const LintContext& ctx, std::vector<Diagnostic>& out) : ctx_(ctx), out_(out) {}

    void run() {
        State state;
        for (const Sexp& form : ctx_.program()) eval(form, state);
    }

private:
    struct Value {
        std::string name;  // the first variable bound to it
    };

    int fresh(std::string name) {
        values_.push_back({std::move(name)});
        return static_cast<int>(values_.size() - 1);
    }

    // The value a variable holds before anything in this body bound it.
    int initial(int symbol) {
        auto it = initial_.find(symbol);
        if (it != initial_.end()) return it->second;
        int v = fresh(ctx_.symbols().symbols[symbol].name);
        initial_[symbol] = v;
        return v;
    }

    int value_of(int symbol, const State& s) {
        auto it = s.binding.find(symbol);
        return it != s.binding.end() ? it->second : initial(symbol);
    }

    State join(const State& a, const State& b) {
        State out = a;
        for (const auto& [symbol, v] : b.binding) {
            int mine = value_of(symbol, a);
            if (mine != v) out.binding[symbol] = fresh(values_[v].name);
        }
        for (const auto& [symbol, v] : a.binding)
            if (!b.binding.count(symbol) && v != initial(symbol)) out.binding[symbol] = fresh(values_[v].name);
        for (const auto& [v, where] : b.awaited) {
            auto it = out.awaited.find(v);
            if (it == out.awaited.end() || where.range.begin < it->second.range.begin) out.awaited[v] = where;
        }
        return out;
    }

    void bind(const Sexp& name, int symbol, int v, State& s) {
        if (symbol < 0) return;
        if (v < 0) v = fresh(name.text);
        s.binding[symbol] = v;
    }

    void eval_seq(const std::vector<Sexp>& forms, size_t first, State& s) {
        for (size_t i = first; i < forms.size(); ++i) eval(forms[i], s);
    }

    // Evaluates `e` in `s`; returns the id of the value it denotes when that
    // value is tracked (a variable's value, a new future), else -1.
    int eval(const Sexp& e, State& s) {
        switch (e.kind) {
            case SexpKind::Symbol: {
                int symbol = ctx_.resolved_symbol(e);
                return symbol < 0 ? -1 : value_of(symbol, s);
            }
            case SexpKind::Brace: eval_seq(e.children, 0, s); return -1;
            case SexpKind::Bracket: eval_seq(e.children, 0, s); return -1;
            case SexpKind::List: break;
            default: return -1;
        }
        if (e.children.empty()) return -1;
        const auto form = e.form;
        const std::string_view head = e.head_name();
        const auto& c = e.children;
        if ((form == Keyword::Let || form == Keyword::Mut || form == Keyword::Set) && c.size() == 3 && c[1].is_symbol()) {
            int v = eval(c[2], s);
            int symbol = form == Keyword::Set ? ctx_.resolved_symbol(c[1]) : ctx_.defined_symbol(c[1]);
            if (v >= 0 && values_[v].name.empty()) values_[v].name = c[1].text;
            bind(c[1], symbol, v, s);
            return -1;
        }
        if (form == Keyword::Del && c.size() == 2) {
            bind(c[1], ctx_.resolved_symbol(c[1]), -1, s);
            return -1;
        }
        if (form == Keyword::Fun) {
            // A function body is its own flow: it runs when called, maybe many times.
            if (is_fun(e) && !analysed_.count(&e)) {
                analysed_.insert(&e);
                State body;
                eval_seq(c, 2, body);
            }
            return -1;
        }
        if (form == Keyword::Import) return -1;
        if (form == Keyword::Begin) { eval_seq(c, 1, s); return -1; }
        if (form == Keyword::If && c.size() >= 3) {
            eval(c[1], s);
            State then_state = s, else_state = s;
            eval(c[2], then_state);
            if (c.size() == 4) eval(c[3], else_state);
            s = join(then_state, else_state);
            return -1;
        }
        if (form == Keyword::While && c.size() == 3) {
            // Twice: what the first iteration awaited, the second awaits again.
            for (int pass = 0; pass < 2; ++pass) {
                State before = s;
                eval(c[1], s);
                eval(c[2], s);
                s = join(before, s);
            }
            eval(c[1], s);
            return -1;
        }
        if ((form == Keyword::And || form == Keyword::Or) && c.size() >= 2) {
            eval(c[1], s);
            State rest = s;
            eval_seq(c, 2, rest);
            s = join(s, rest);
            return -1;
        }
        if (head == "await" && c.size() == 2) {
            int v = eval(c[1], s);
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
            eval_seq(c, 1, s);
            return fresh("");
        }
        eval_seq(c, 0, s);
        return -1;
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
    std::vector<Value> values_;
    std::map<int, int> initial_;
    std::set<const Sexp*> analysed_;
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
    .run = double_await::run,
};

}  // namespace ark::lints
