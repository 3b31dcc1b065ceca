#include "lints/tasks.hpp"

#include <set>

namespace ark::lints {

namespace {
UserKind usertype_at_depth(const LintContext& ctx, const Sexp& expr, int depth) {
    if (is_call(expr, "async")) return UserKind::Future;
    if (is_call(expr, "lock:new")) return UserKind::Lock;
    if (!expr.is_symbol() || depth > 8) return UserKind::None;
    int s = ctx.resolved_symbol(expr);
    if (s < 0 || ctx.is_written(s)) return UserKind::None;
    const Sexp* value = ctx.value_of(s);
    return value ? usertype_at_depth(ctx, *value, depth + 1) : UserKind::None;
}

void walk_body_node(const Sexp& node, const std::function<void(const Sexp&)>& visit) {
    visit(node);
    if (is_fun(node)) return;
    for (const Sexp& c : node.children) walk_body_node(c, visit);
}
}  // namespace

UserKind usertype_of(const LintContext& ctx, const Sexp& expr) { return usertype_at_depth(ctx, expr, 0); }

void walk_body(const Sexp& fun, const std::function<void(const Sexp&)>& visit) {
    for (size_t i = 2; i < fun.children.size(); ++i) walk_body_node(fun.children[i], visit);
}

const Sexp* acquired_lock(const Sexp& node) {
    if (node.kind != SexpKind::List || node.children.size() != 2) return nullptr;
    if (node.head_name() == "lock:acquire") return &node.children[1];
    if (node.children[1].is_symbol("true") && node.children[0].is_symbol()) return &node.children[0];
    return nullptr;
}

const Sexp* released_lock(const Sexp& node) {
    if (node.kind != SexpKind::List || node.children.size() != 2) return nullptr;
    if (node.head_name() == "lock:release") return &node.children[1];
    if (node.children[1].is_symbol("false") && node.children[0].is_symbol()) return &node.children[0];
    return nullptr;
}

std::vector<Task> find_tasks(const LintContext& ctx) {
    std::vector<Task> tasks;
    for (const Sexp* call : ctx.async_calls()) {
        const Sexp& node = *call;
        if (node.children.size() < 2 || !ctx.in_main(node.where) || !ctx.from_source(node)) continue;
        const Sexp* fun = ctx.function_of(node.children[1]);
        if (!fun) continue;
        Task task{&node, fun, ctx.scope_of_function(*fun), {}};
        const auto& params = fun->children[1].children;
        size_t arg = 2;
        std::set<int> seen;
        for (const Sexp& p : params) {
            if (const auto param = syntax::parameter_of(p)) {
                if (arg < node.children.size()) {
                    const Sexp& value = node.children[arg];
                    UserKind kind = usertype_of(ctx, value);
                    if (kind != UserKind::None)
                        task.shared.push_back({ctx.defined_symbol(*param->name), ctx.resolved_symbol(value), &value, kind});
                }
                ++arg;
            } else if (p.kind == SexpKind::Capture) {
                int outer = ctx.resolved_symbol(p);
                if (outer < 0) continue;
                const Sexp* value = ctx.value_of(outer);
                UserKind kind = value && !ctx.is_written(outer) ? usertype_of(ctx, *value) : UserKind::None;
                if (kind != UserKind::None) task.shared.push_back({ctx.defined_symbol(p), outer, &p, kind});
            }
        }
        // Globals (and variables of enclosing functions) the body reads directly.
        walk_body(*fun, [&](const Sexp& n) {
            if (!n.is_symbol()) return;
            int s = ctx.resolved_symbol(n);
            if (s < 0 || seen.count(s) || ctx.symbols().function_scope(ctx.symbols().symbols[s].scope) == task.scope) return;
            seen.insert(s);
            const Sexp* value = ctx.value_of(s);
            UserKind kind = value && !ctx.is_written(s) ? usertype_of(ctx, *value) : UserKind::None;
            if (kind != UserKind::None) task.shared.push_back({s, s, &n, kind});
        });
        tasks.push_back(std::move(task));
    }
    return tasks;
}

}  // namespace ark::lints
