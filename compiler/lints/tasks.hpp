// What the async lints (A301-A306) share: which values are futures or locks,
// and for each `(async f args...)` the function it starts and the UserTypes
// it hands to the task (as arguments, captures or globals the body reads).
#pragma once
#include <string>
#include <vector>

#include "lints/context.hpp"

namespace ark::lints {

enum class UserKind { None, Future, Lock };

// What an expression evaluates to, when it is known statically: `(async ...)`
// is a future, `(lock:new)` a lock, and so is a variable bound once to one.
UserKind usertype_of(const LintContext& ctx, const Sexp& expr);

struct SharedValue {
    int inner_symbol = -1;   // the name the task's body uses (parameter, capture or global)
    int outer_symbol = -1;   // the caller's variable, -1 if passed as an expression
    const Sexp* passed = nullptr;  // the argument or capture node, or the first read of a global
    UserKind kind = UserKind::None;
};

struct Task {
    const Sexp* call = nullptr;  // (async f args...)
    const Sexp* fun = nullptr;   // the fun literal that runs in the task
    int scope = -1;              // its scope in the symbol table
    std::vector<SharedValue> shared;
};

// Every `async` call of the main file whose function is known.
std::vector<Task> find_tasks(const LintContext& ctx);

// Calls a visitor on the body of a fun literal without entering nested fun
// literals (they run whenever they are called, not as part of this body).
void walk_body(const Sexp& fun, const std::function<void(const Sexp&)>& visit);

// `(lock:acquire l)` / `(l true)` -> the lock node; same for release.
const Sexp* acquired_lock(const Sexp& node);
const Sexp* released_lock(const Sexp& node);

}  // namespace ark::lints
