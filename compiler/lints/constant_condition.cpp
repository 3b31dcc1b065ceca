// A106 constant-condition: an `if` or `while` whose condition's truth is known
// before the program runs (truthiness: LANGUAGE.md §5.2): a literal, a future
// or a lock (UserTypes are falsy), or a strict comparison of a variable with
// itself.
#include "lints/lint.hpp"
#include "lints/tasks.hpp"

namespace ark::lints {
namespace constant_condition {

// (< x x) and (> x x) are false whatever x holds, NaN included (so not
// (= x x), false for NaN, nor (!= x x), true for NaN).
bool compares_itself_strictly(const LintContext& ctx, const Sexp& node) {
    if (!(is_call(node, "<") || is_call(node, ">")) || node.children.size() != 3) return false;
    const Sexp& a = node.children[1];
    const Sexp& b = node.children[2];
    if (!a.is_symbol() || !b.is_symbol() || a.text != b.text) return false;
    const analysis::Reference* r = ctx.reference(a);
    return r && r->kind != analysis::ReferenceKind::Builtin;
}

std::optional<bool> literal_truth(const LintContext& ctx, const Sexp& node) {
    if (!ctx.from_source(node)) return std::nullopt;
    switch (node.kind) {
        case SexpKind::Number: return node.number() != 0;
        case SexpKind::String: return !node.text.empty();
        case SexpKind::Bracket: return !node.children.empty();
        case SexpKind::Symbol: {
            const analysis::Reference* r = ctx.reference(node);
            if (!r || r->kind != analysis::ReferenceKind::Builtin) return std::nullopt;
            if (node.text == "true") return true;
            if (node.text == "false" || node.text == "nil") return false;
            return std::nullopt;
        }
        case SexpKind::List:
            if (node.children.empty()) return false;  // () is nil
            if (is_fun(node)) return true;
            return std::nullopt;
        default: return std::nullopt;
    }
}

// What the condition is when its truth is known: "a future", "(< i i)"...
std::optional<std::pair<bool, std::string>> known_truth(const LintContext& ctx, const Sexp& cond) {
    if (!ctx.from_source(cond)) return std::nullopt;
    if (compares_itself_strictly(ctx, cond))
        return std::pair{false, "`" + std::string(ctx.text(cond.where)) + "` compares a value with itself"};
    if (auto truth = literal_truth(ctx, cond)) return std::pair{*truth, std::string()};
    switch (usertype_of(ctx, cond)) {
        case UserKind::Future: return std::pair{false, "a future is falsy; `await` gives its value"};
        case UserKind::Lock: return std::pair{false, "a lock is falsy"};
        case UserKind::None: return std::nullopt;
    }
    return std::nullopt;
}

bool contains_exit(const Sexp& body) {
    bool found = false;
    walk(body, [&](const Sexp& n) { found = found || is_exit_call(n); });
    return found;
}

constexpr Keyword kForms[] = {Keyword::If, Keyword::While};

void check(const LintContext& ctx, const NodeVisit& visit, std::vector<Diagnostic>& out) {
    const Sexp& node = visit.node;
    bool is_if = node.is_form(Keyword::If) && (node.children.size() == 3 || node.children.size() == 4);
    bool is_while = node.is_form(Keyword::While) && node.children.size() == 3;
    // A macro's `if` (its range is the macro call) is not the user's condition.
    if ((!is_if && !is_while) || !ctx.in_main(node.where) || !ctx.from_source(node)) return;
    const Sexp& cond = node.children[1];
    const auto known = known_truth(ctx, cond);
    if (!known) return;
    const std::optional<bool> truth = known->first;
    std::string message = std::string("condition is always ") + (*truth ? "true" : "false");
    if (!known->second.empty()) message += " (" + known->second + ")";
    if (is_while) {
        // `(while true ...)` that exits from inside is the idiom for a main loop.
        if (*truth && contains_exit(node.children[2])) return;
        message += *truth ? ": this loop never ends" : ": the loop body never runs";
    } else {
        message += *truth ? (node.children.size() == 4 ? ": the else branch never runs" : "")
                          : ": the then branch never runs";
    }
    Diagnostic d = ctx.make("A106", cond.where, message);
    // Dropping the condition must not drop what it does: `(async f)` starts a task.
    const bool pure = cond.kind != SexpKind::List || compares_itself_strictly(ctx, cond);
    if (is_if && pure) {
        const Sexp* taken = *truth ? &node.children[2] : node.children.size() == 4 ? &node.children[3] : nullptr;
        if (taken && ctx.from_source(*taken) && taken->where.file == node.where.file)
            d.fixes.push_back(Fix{"keep only the branch that runs", {TextEdit{node.where, std::string(ctx.text(taken->where))}}});
    }
    out.push_back(std::move(d));
}

}  // namespace constant_condition

extern const LintSpec kConstantCondition{
    .code = "A106",
    .slug = "constant-condition",
    .summary = "an `if` or `while` whose condition is a literal",
    .explanation =
        "A condition written as a literal (`true`, `false`, `nil`, a number, a string, a list literal or a "
        "function) always takes the same branch: the other branch is dead code, a `while` either never runs "
        "or never ends. This is usually a debugging leftover or a variable name that lost its parentheses. "
        "Remember that `0`, `\"\"` and `[]` are false, and so is every future and lock: `(if fut ...)` "
        "means `(if (await fut) ...)`. `(< i i)` and `(> i i)` are false whatever `i` holds (a typo for "
        "another variable). `(while true ...)` whose body calls `sys:exit` is accepted as a main loop. For "
        "compile-time choices, use `($if ...)`.",
    .example = "(if true (print \"always\") (print \"never\"))",
    .default_severity = Severity::Warning,
    .visits = {.forms = constant_condition::kForms},
    .check_node = constant_condition::check,
};

}  // namespace ark::lints
