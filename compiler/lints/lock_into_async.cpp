// A304 lock-into-async: a lock handed to a task (argument, capture, or a
// global the task's function reads) that the task acquires twice (deadlock:
// locks are not reentrant), releases while not holding it, or leaves held on
// some path. Follows the task's function body through the shared flow walk
// (lints/flow.hpp), like A301, with `(if (lock:try l) ...)` holding the lock
// in the then branch. Passing the lock to any other function stops the
// analysis of that lock (the callee may release it).
#include <set>

#include "lints/flow.hpp"
#include "lints/lint.hpp"
#include "lints/tasks.hpp"

namespace ark::lints {
namespace lock_into_async {

struct LockState {
    bool may_hold = false;
    bool may_be_free = true;
    bool unknown = false;  // passed to code we do not follow
    SourceRange last_acquire;
    SourceRange last_release;
    bool has_release = false;
};

LockState join(const LockState& a, const LockState& b) {
    LockState out = a;
    out.may_hold = a.may_hold || b.may_hold;
    out.may_be_free = a.may_be_free || b.may_be_free;
    out.unknown = a.unknown || b.unknown;
    if (!a.may_hold && b.may_hold) out.last_acquire = b.last_acquire;
    if (!a.has_release && b.has_release) {
        out.has_release = true;
        out.last_release = b.last_release;
    }
    return out;
}

// The domain of the shared flow walk (lints/flow.hpp) for one lock in one task's body.
class LockFlow {
public:
    using State = LockState;
    using Value = bool;  // nothing is tracked through values
    using Walker = FlowWalker<LockFlow>;

    LockFlow(const LintContext& ctx, const Task& task, const SharedValue& lock, std::vector<Diagnostic>& out)
        : ctx_(ctx), task_(task), lock_(lock), out_(out) {}

    void run() {
        Walker walker(*this);
        LockState s;
        walker.eval_body(*task_.fun, s);
        if (s.may_hold && !s.unknown)
            report(s.last_acquire, "lock " + name() + " is acquired here and not released on every path of the task",
                   {}, "release it on every path, or use `(lock:with l f args...)`, which always releases");
    }

    static Value none() { return false; }
    static State join(const State& a, const State& b) { return lock_into_async::join(a, b); }
    // A function defined in the task runs when it is called: not followed.
    void nested_function(const Sexp&) {}

    // `(if (lock:try l) then else)`: the then branch holds the lock, the else
    // branch does not.
    void branch(const Sexp& condition, State& s, State& then_state, State& else_state, Walker& walker) {
        if (is_call(condition, "lock:try") && condition.children.size() == 2 && is_lock(&condition.children[1])) {
            then_state = else_state = s;
            then_state.may_hold = true;
            then_state.may_be_free = false;
            then_state.last_acquire = condition.where;
            return;
        }
        walker.eval(condition, s);
        then_state = else_state = s;
    }

    std::optional<Value> transfer(const Sexp& e, State& s, Walker& walker) {
        if (e.kind == SexpKind::Symbol) {
            // Any other use of the lock's name (passed on, aliased): stop following it.
            if (is_lock(&e)) s.unknown = true;
            return false;
        }
        if (e.kind != SexpKind::List || e.children.empty()) return std::nullopt;
        const auto& c = e.children;
        if (is_lock(acquired_lock(e))) return acquire(e, s), false;
        if (is_lock(released_lock(e))) return release(e, s), false;
        const std::string_view head = e.head_name();
        if (head == "lock:with" && c.size() >= 3 && is_lock(&c[1])) {
            if (s.may_hold && !s.unknown)
                report(e.where, "lock " + name() + " is already held by this task: `lock:with' waits for itself forever",
                       RelatedInfo{s.last_acquire, "acquired here"}, "locks are not reentrant");
            walker.eval_seq(c, 2, s);
            return false;
        }
        if (head == "lock:try" && c.size() == 2 && is_lock(&c[1])) {
            s.may_hold = true;
            s.last_acquire = e.where;
            return false;
        }
        return std::nullopt;
    }

private:
    std::string name() const { return quoted(ctx_.symbols().symbols[lock_.inner_symbol].name); }
    bool is_lock(const Sexp* node) const { return node && node->is_symbol() && ctx_.resolved_symbol(*node) == lock_.inner_symbol; }

    void report(const SourceRange& where, std::string message, std::optional<RelatedInfo> related, std::string hint) {
        if (!ctx_.in_main(where)) return;
        Diagnostic d = ctx_.make("A304", where, std::move(message));
        if (related) d.related.push_back(*related);
        d.related.push_back({task_.call->where, "the lock is shared with this task"});
        d.hint = std::move(hint);
        out_.push_back(std::move(d));
    }

    void acquire(const Sexp& at, LockState& s) {
        if (s.may_hold && !s.unknown)
            report(at.where, "lock " + name() + " is acquired twice by the same task: it waits for itself forever",
                   RelatedInfo{s.last_acquire, "first acquired here"}, "locks are not reentrant; release it before acquiring it again");
        s.may_hold = true;
        s.may_be_free = false;
        s.last_acquire = at.where;
    }

    void release(const Sexp& at, LockState& s) {
        if (s.may_be_free && !s.unknown) {
            if (s.has_release)
                report(at.where, "lock " + name() + " is released twice", RelatedInfo{s.last_release, "first released here"},
                       "releasing a lock this task does not hold is an error");
            else
                report(at.where, "lock " + name() + " is released but this task may not hold it", std::nullopt,
                       "acquire it first on every path that reaches this release");
        }
        s.may_hold = false;
        s.may_be_free = true;
        s.has_release = true;
        s.last_release = at.where;
    }

    const LintContext& ctx_;
    const Task& task_;
    const SharedValue& lock_;
    std::vector<Diagnostic>& out_;
};

void run(const LintContext& ctx, std::vector<Diagnostic>& out) {
    std::set<std::pair<const Sexp*, int>> done;  // one analysis per function and lock
    for (const Task& task : find_tasks(ctx)) {
        for (const SharedValue& shared : task.shared) {
            if (shared.kind != UserKind::Lock || shared.inner_symbol < 0) continue;
            if (!done.insert({task.fun, shared.inner_symbol}).second) continue;
            LockFlow(ctx, task, shared, out).run();
        }
    }
}

}  // namespace lock_into_async

extern const LintSpec kLockIntoAsync{
    .code = "A304",
    .slug = "lock-into-async",
    .summary = "a lock shared with a task that acquires it twice, releases it twice, or keeps it",
    .explanation =
        "A lock passed to `async` (as an argument, a capture, or a global the task's function reads) is "
        "shared with the task, not copied. Inside the task every path must pair each acquire with one "
        "release: acquiring it again while holding it deadlocks (locks are not reentrant, the task waits for "
        "itself), releasing it when not held is an error, and a path that ends with the lock held blocks "
        "every other task forever. `(lock:with l f args...)` acquires and releases for you, also when `f` "
        "fails. Paths follow `if` branches (a `(lock:try l)` condition holds the lock in the then branch), "
        "`and`/`or` and loops.",
    .example = "(let l (lock:new))\n(let work (fun (lk) { (lock:acquire lk) (print \"busy\") }))\n(await (async work l))",
    .default_severity = Severity::Warning,
    .check_program = lock_into_async::run,
};

}  // namespace ark::lints
