// A305 usertype-shared: a UserType handed to a task is shared, not copied,
// and the task changes it: it awaits a future that someone else awaits too
// (one of them gets nil), or `del`s a future or lock (releasing it for all).
#include "lints/lint.hpp"
#include "lints/tasks.hpp"

namespace ark::lints {
namespace usertype_shared {

bool inside(const SourceRange& inner, const SourceRange& outer) {
    return inner.file == outer.file && inner.range.begin >= outer.range.begin && inner.range.end <= outer.range.end;
}

void run(const LintContext& ctx, std::vector<Diagnostic>& out) {
    std::vector<Task> tasks = find_tasks(ctx);
    // Every await of a variable: (symbol, the await form).
    std::vector<std::pair<int, const Sexp*>> awaits;
    for (const Sexp* node : ctx.await_calls())
        if (node->children.size() == 2) awaits.emplace_back(ctx.resolved_symbol(node->children[1]), node);
    for (const Task& task : tasks) {
        for (const SharedValue& shared : task.shared) {
            if (shared.inner_symbol < 0) continue;
            const std::string_view name = ctx.symbols().symbols[shared.inner_symbol].name;
            const Sexp* task_await = nullptr;
            walk_body(*task.fun, [&](const Sexp& node) {
                if (node.is_form(Keyword::Del) && node.children.size() == 2 && ctx.resolved_symbol(node.children[1]) == shared.inner_symbol &&
                    ctx.in_main(node.where)) {
                    Diagnostic d = ctx.make("A305", node.where,
                                            std::string("the ") + (shared.kind == UserKind::Lock ? "lock " : "future ") + quoted(name) +
                                                " is shared with the caller, not copied: `del' releases it for every task");
                    d.related.push_back({task.call->where, "shared with this task here"});
                    d.hint = "let the owner of the value release it";
                    out.push_back(std::move(d));
                }
                if (!task_await && is_call(node, "await") && node.children.size() == 2 &&
                    ctx.resolved_symbol(node.children[1]) == shared.inner_symbol)
                    task_await = &node;
            });
            if (shared.kind != UserKind::Future || !task_await || shared.outer_symbol < 0) continue;
            // Someone else awaiting the same future: the caller, or another task.
            const Sexp* other = nullptr;
            for (const auto& [symbol, node] : awaits)
                if (symbol == shared.outer_symbol && !inside(node->where, task.fun->where)) { other = node; break; }
            for (const Task& second : tasks) {
                if (other || &second == &task) break;
                for (const SharedValue& s2 : second.shared)
                    if (s2.outer_symbol == shared.outer_symbol && s2.kind == UserKind::Future && s2.passed != shared.passed) {
                        other = second.call;
                        break;
                    }
            }
            if (!other) continue;
            const std::string_view outer_name = ctx.symbols().symbols[shared.outer_symbol].name;
            Diagnostic d = ctx.make("A305", shared.passed->where,
                                    "future " + quoted(outer_name) +
                                        " is shared with the task, not copied: only one `await' gets its value, the other gets nil");
            d.related.push_back({task_await->where, "the task awaits it here"});
            d.related.push_back({other->where, is_call(*other, "await") ? "and it is awaited here too" : "and another task gets it here"});
            d.hint = "await it once and pass the result to the task instead";
            out.push_back(std::move(d));
        }
    }
}

}  // namespace usertype_shared

extern const LintSpec kUsertypeShared{
    .code = "A305",
    .slug = "usertype-shared",
    .summary = "a future or lock handed to a task, which changes it for everyone",
    .explanation =
        "`async` copies its arguments into the task, except UserTypes (futures, locks, native handles): "
        "those are shared by reference. When the task changes such a value, the caller sees the change. A "
        "future passed to a task that awaits it, and awaited by the caller (or by another task) as well, "
        "delivers its value to only one of them; the other `await` returns `nil`, depending on timing. A "
        "`del` of a shared lock or future in the task releases it for every holder. Await the future once "
        "and pass its value instead, and let the owner release shared resources.",
    .example = "(let p (async (fun () 42)))\n(let c (async (fun (f) (await f)) p))\n(print (await p) (await c))",
    .default_severity = Severity::Warning,
    .check_program = usertype_shared::run,
};

}  // namespace ark::lints
