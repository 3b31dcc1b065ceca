// A302 await-non-future: `await` on a value that can not be a future (a
// literal, a function, a lock, the result of an operator or of a user
// function that never returns a future, or a variable bound once to one of
// those): a TypeError at run time.
#include <set>

#include "analysis/check_forms.hpp"
#include "lints/lint.hpp"
#include "lints/tasks.hpp"

namespace ark::lints {
namespace await_non_future {

// Operators and builtins whose result is never a future.
bool never_returns_future(std::string_view head) {
    static const std::set<std::string_view> kNames = {
        "+", "-", "*", "/", "mod", "=", "!=", "<", "<=", ">", ">=", "not", "len", "empty?", "nil?",
        "toString", "toNumber", "type", "hasField", "list", "append", "concat", "pop", "format",
        "string:find", "list:reverse", "list:find", "list:slice", "list:sort", "list:fill", "list:setAt",
        "builtin__string:find", "builtin__list:reverse", "builtin__list:find", "builtin__list:slice",
        "builtin__list:sort", "builtin__list:fill", "builtin__list:setAt",
        "lock:new", "lock:try", "time", "input"};
    return kNames.count(head) > 0;
}

std::string describe(const LintContext& ctx, const Sexp& expr, int depth = 0);

// The expressions whose value a body can give (its tail positions); nullptr
// stands for nil (a missing else, a form that gives no value).
void tail_values(const Sexp& e, std::vector<const Sexp*>& out) {
    if (!analysis::produces_value(e)) {
        out.push_back(nullptr);
    } else if (e.kind == SexpKind::Brace || e.is_form(Keyword::Begin)) {
        tail_values(e.children.back(), out);
    } else if (e.is_form(Keyword::If) && (e.children.size() == 3 || e.children.size() == 4)) {
        tail_values(e.children[2], out);
        if (e.children.size() == 4) tail_values(e.children[3], out);
        else out.push_back(nullptr);
    } else {
        out.push_back(&e);
    }
}

// A call of a user function all of whose results are known not to be
// futures: "the result of `f', which never returns a future". A recursive
// call gives what the other tails give.
std::string describe_call(const LintContext& ctx, const Sexp& call, int depth) {
    if (call.children.empty() || depth > 8) return "";
    const Sexp* fun = ctx.function_of(call.children[0]);
    if (!fun || fun->children.size() != 3) return "";
    std::vector<const Sexp*> tails;
    tail_values(fun->children[2], tails);
    for (const Sexp* tail : tails) {
        if (!tail) continue;
        if (tail->kind == SexpKind::List && !tail->children.empty() && ctx.function_of(tail->children[0]) == fun) continue;
        if (describe(ctx, *tail, depth + 1).empty()) return "";
    }
    const std::string name = call.children[0].is_symbol() ? call.children[0].text : "this function";
    return "the result of " + quoted(name) + ", which never returns a future";
}

// What `expr` is when it certainly is not a future ("a number"), else "".
std::string describe(const LintContext& ctx, const Sexp& expr, int depth) {
    switch (expr.kind) {
        case SexpKind::Number: return "a number";
        case SexpKind::String: return "a string";
        case SexpKind::Bracket: return "a list";
        case SexpKind::Symbol: {
            const analysis::Reference* r = ctx.reference(expr);
            if (!r) return "";
            if (r->kind == analysis::ReferenceKind::Builtin) {
                if (expr.text == "true" || expr.text == "false") return "a Bool";
                if (expr.text == "nil") return "nil";
                return "a builtin function";
            }
            int s = ctx.resolved_symbol(expr);
            if (s < 0 || ctx.is_written(s) || depth > 8) return "";
            const Sexp* value = ctx.value_of(s);
            return value ? describe(ctx, *value, depth + 1) : "";
        }
        case SexpKind::List:
            if (expr.children.empty()) return "nil";
            if (is_fun(expr)) return "a function";
            if (is_call(expr, "lock:new")) return "a lock";
            if (never_returns_future(expr.head_name())) return "the result of `" + std::string(expr.head_name()) + "'";
            return describe_call(ctx, expr, depth);
        default: return "";
    }
}

constexpr std::string_view kCalls[] = {"await"};

void check(const LintContext& ctx, const NodeVisit& visit, std::vector<Diagnostic>& out) {
    const Sexp& node = visit.node;
    if (node.children.size() != 2 || !ctx.in_main(node.where)) return;
        const Sexp& arg = node.children[1];
        if (!ctx.from_source(arg)) return;
        std::string what = describe(ctx, arg);
        if (what.empty()) return;
        std::string subject = arg.is_symbol() ? quoted(arg.text) + " is " + what : "this is " + what;
        Diagnostic d = ctx.make("A302", arg.where, "`await' needs a future, but " + subject);
        if (int s = ctx.resolved_symbol(arg); s >= 0)
            d.related.push_back({ctx.symbols().symbols[s].name_range, quoted(arg.text) + " is bound here"});
        d.hint = "a future is what `(async f args...)` returns; this `await` fails with a TypeError";
        out.push_back(std::move(d));
}

}  // namespace await_non_future

extern const LintSpec kAwaitNonFuture{
    .code = "A302",
    .slug = "await-non-future",
    .summary = "`await` on a value that can not be a future",
    .explanation =
        "`await` takes the future returned by `async`; anything else (a number, a string, a list, a "
        "function, a lock, `nil`, the result of an operator or of a function of the program that never "
        "returns a future, or a variable bound once to such a value) makes "
        "it fail with a TypeError at run time. Usually the `async` was forgotten, `(await (f x))` written for "
        "`(await (async f x))`, or the wrong variable awaited.",
    .example = "(let n 42)\n(print (await n))",
    .default_severity = Severity::Warning,
    .visits = {.calls = await_non_future::kCalls},
    .check_node = await_non_future::check,
};

}  // namespace ark::lints
