// The one flow analysis of the lints: a path-sensitive walk over code that
// knows how control moves through the special forms, shared by the lints that
// follow a value along the paths of a body (A301 double-await, A304
// lock-into-async). What is tracked is the lint's own business (a Domain):
//
//   struct Domain {
//       using State = ...;   // what is known at one point of one path
//       using Value = ...;   // what evaluating an expression gives the lint
//       static Value none();  // "nothing tracked"
//       State join(const State& a, const State& b);  // after two paths meet
//       // Called first for every node. Returns the node's value when the
//       // domain evaluated it itself (it may call walker.eval on the
//       // children), nullopt to let the walker follow the node's control flow.
//       std::optional<Value> transfer(const Sexp& node, State& s, FlowWalker<Domain>& walker);
//       // A fun literal met on the way: its body runs when it is called, not here.
//       void nested_function(const Sexp& fun);
//       // Optional: how an `if` condition splits the state into the then and
//       // else paths. Without it the condition is evaluated and both paths
//       // start from the state after it.
//       void branch(const Sexp& condition, State& s, State& then_state, State& else_state, FlowWalker<Domain>& walker);
//   };
//
// The control flow: forms in sequence; the branches of `if` are alternative
// paths that join after it; the operands after the first of `and`/`or` may
// not run; a `while` body runs twice (so what the first iteration did, the
// second meets again) and its condition once more at the end; `import` does
// nothing here. Every other form evaluates its elements in order. Calls are
// opaque: what a called function does is not followed. (Loops nested more
// than six deep are walked once: see the While case.)
#pragma once
#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "lints/context.hpp"

namespace ark::lints {

// A map from small ints (symbol or value ids) for flow states, kept as a
// vector sorted by key. A walk copies its state at every branch, and at the
// top level of a script the state holds every global: one allocation and a
// copy of plain pairs, instead of one node per entry, keeps that cheap.
// Ids are mostly bound in increasing order, so insertion usually appends.
template <class T>
class IdMap {
public:
    using Entry = std::pair<int, T>;
    using const_iterator = typename std::vector<Entry>::const_iterator;

    const_iterator begin() const { return entries_.begin(); }
    const_iterator end() const { return entries_.end(); }
    const_iterator find(int key) const {
        const auto at = lower(key);
        return at != entries_.end() && at->first == key ? at : entries_.end();
    }
    size_t count(int key) const { return find(key) != end() ? 1 : 0; }
    // Builds the map from entries already sorted by key.
    static IdMap from_sorted(std::vector<Entry> entries) {
        IdMap out;
        out.entries_ = std::move(entries);
        return out;
    }
    size_t size() const { return entries_.size(); }

    T& operator[](int key) {
        auto at = std::lower_bound(entries_.begin(), entries_.end(), key, [](const Entry& e, int k) { return e.first < k; });
        if (at == entries_.end() || at->first != key) at = entries_.insert(at, Entry{key, T{}});
        return at->second;
    }

private:
    const_iterator lower(int key) const {
        return std::lower_bound(entries_.begin(), entries_.end(), key, [](const Entry& e, int k) { return e.first < k; });
    }
    std::vector<Entry> entries_;
};

template <class Domain>
class FlowWalker {
public:
    using State = typename Domain::State;
    using Value = typename Domain::Value;

    explicit FlowWalker(Domain& domain) : domain_(domain) {}

    void eval_seq(const std::vector<Sexp>& forms, size_t first, State& s) {
        for (size_t i = first; i < forms.size(); ++i) eval(forms[i], s);
    }

    // The body of a fun literal, from the state it starts in.
    void eval_body(const Sexp& fun, State& s) { eval_seq(fun.children, 2, s); }

    Value eval(const Sexp& e, State& s) {
        if (std::optional<Value> handled = domain_.transfer(e, s, *this)) return *handled;
        if (e.kind == SexpKind::Brace || e.kind == SexpKind::Bracket) {
            eval_seq(e.children, 0, s);
            return Domain::none();
        }
        if (e.kind != SexpKind::List || e.children.empty()) return Domain::none();
        const auto& c = e.children;
        if (!e.form) {
            eval_seq(c, 0, s);
            return Domain::none();
        }
        switch (*e.form) {
            case Keyword::Fun:
                if (is_fun(e)) domain_.nested_function(e);
                return Domain::none();
            case Keyword::Import:
                return Domain::none();
            case Keyword::Begin:
                eval_seq(c, 1, s);
                return Domain::none();
            case Keyword::If:
                if (c.size() < 3) break;
                eval_if(c, s);
                return Domain::none();
            case Keyword::While: {
                if (c.size() != 3) break;
                // Each body walked twice doubles the walks of the loops inside
                // it: past kLoopsWalkedTwice nested loops, a body is walked once
                // (a fuzzed file of 40 nested loops never finished, and ran out
                // of memory). Deeper loops lose only the second iteration's
                // findings.
                const bool twice = loops_walked_twice_ < kLoopsWalkedTwice;
                loops_walked_twice_ += twice;
                for (int pass = 0; pass < (twice ? 2 : 1); ++pass) {
                    State before = s;
                    eval(c[1], s);
                    eval(c[2], s);
                    s = domain_.join(before, s);
                }
                loops_walked_twice_ -= twice;
                eval(c[1], s);
                return Domain::none();
            }
            case Keyword::And:
            case Keyword::Or: {
                if (c.size() < 2) break;
                eval(c[1], s);
                State rest = s;
                eval_seq(c, 2, rest);
                s = domain_.join(s, rest);
                return Domain::none();
            }
            default:
                break;
        }
        eval_seq(c, 0, s);
        return Domain::none();
    }

private:
    void eval_if(const std::vector<Sexp>& c, State& s) {
        State then_state, else_state;
        if constexpr (requires { domain_.branch(c[1], s, then_state, else_state, *this); }) {
            domain_.branch(c[1], s, then_state, else_state, *this);
        } else {
            eval(c[1], s);
            then_state = else_state = s;
        }
        eval(c[2], then_state);
        if (c.size() == 4) eval(c[3], else_state);
        s = domain_.join(then_state, else_state);
    }

    static constexpr int kLoopsWalkedTwice = 6;  // 2^6 walks of the innermost body at most
    Domain& domain_;
    int loops_walked_twice_ = 0;  // enclosing loops whose body is being walked twice
};

}  // namespace ark::lints
