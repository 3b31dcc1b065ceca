// A306 set-in-async: `set` (or an in-place list op) inside a function started
// with `async` on a variable of the caller. The task works on a snapshot copy
// of the caller's variables (LANGUAGE.md §7): the caller never sees the change.
#include "lints/lint.hpp"
#include "lints/tasks.hpp"

namespace ark::lints {
namespace set_in_async {

bool is_write_form(const Sexp& node) {
    return node.is_form(Keyword::Set) || language::is_in_place_list_op(node.head_name());
}

// The value is a `(dict ...)` call: a shared mutable object (LANGUAGE-4.8 §5.1).
bool holds_dict(const Sexp* value) {
    return value && value->kind == SexpKind::List && !value->children.empty() && value->children[0].is_symbol("dict");
}

void run(const LintContext& ctx, std::vector<Diagnostic>& out) {
    const auto& table = ctx.symbols();
    for (const Task& task : find_tasks(ctx)) {
        if (task.scope < 0) continue;
        walk_body(*task.fun, [&](const Sexp& node) {
            if (node.kind != SexpKind::List || node.children.size() < 2 || !is_write_form(node)) return;
            const Sexp& name = node.children[1];
            if (!name.is_symbol() || !ctx.in_main(node.where) || !ctx.from_source(node)) return;
            const analysis::Reference* r = ctx.reference(name);
            if (!r) return;
            const analysis::Symbol* target = nullptr;
            if (r->kind == analysis::ReferenceKind::Resolved) {
                target = &table.symbols[r->symbol];
                // The task's own locals (its loops' too), parameters and captures are its own.
                if (table.function_scope(target->scope) == task.scope) return;
                // A captured variable lives in a shared closure environment: the change is seen.
                if (target->kind == analysis::SymbolKind::Capture) return;
                // `@=` on a dict changes the dict object, which the task shares with its caller.
                if (node.head_name() == "@=" && holds_dict(ctx.value_of(r->symbol))) return;
            } else if (r->kind != analysis::ReferenceKind::Dynamic) {
                return;
            }
            std::string message = quoted(std::string(node.head_name()) + " " + name.text);
            message += " inside a task changes only the task's copy of " + quoted(name.text) + ": the caller never sees it";
            Diagnostic d = ctx.make("A306", node.where, std::move(message));
            d.related.push_back({task.call->where, "the function runs as a task here"});
            if (target) d.related.push_back({target->name_range, quoted(name.text) + " is defined here"});
            d.hint = "return the new value from the task and `await` it, or keep shared state in a closure's captured variable";
            out.push_back(std::move(d));
        });
    }
}

}  // namespace set_in_async

extern const LintSpec kSetInAsync{
    .code = "A306",
    .slug = "set-in-async",
    .summary = "`set` in a task on a variable of the caller",
    .explanation =
        "A task started with `async` runs on a snapshot copy of every variable visible when it was spawned. "
        "A `set` (or `append!`, `concat!`, `pop!`) on a global or on a variable of an enclosing or calling "
        "function changes only the task's copy: the caller keeps the old value, with no error. Return the "
        "value from the task and `await` it, or keep the shared state in a closure's captured variable (a "
        "closure environment is shared) guarded by a lock.",
    .example = "(mut total 0)\n(let add (fun (n) (set total (+ total n))))\n(await (async add 5))\n(print total)",
    .default_severity = Severity::Warning,
    .check_program = set_in_async::run,
};

}  // namespace ark::lints
