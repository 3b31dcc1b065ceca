// Compile-time evaluation for `$if`, `$symcat` and the list folding of macro
// bodies. Values are Sexp nodes: numbers, strings, the symbols true/false/nil,
// literal lists; anything else is an unknown that evaluates to itself.
#include "expand/evaluate.hpp"

#include <cmath>

#include "number_format.hpp"

namespace ark::expand {

using syntax::Sexp;
using syntax::SexpKind;

namespace {

Sexp make_symbol(std::string name, SourceRange where) {
    Sexp s;
    s.kind = SexpKind::Symbol;
    s.text = std::move(name);
    s.where = where;
    return s;
}

Sexp make_bool(bool value, SourceRange where) { return make_symbol(value ? "true" : "false", where); }

Sexp make_number(double value, SourceRange where) {
    Sexp s;
    s.kind = SexpKind::Number;
    s.text = language::format_number(value);
    s.where = where;
    return s;
}

std::string head_of(const Sexp& call) { return std::string(call.head_name()); }

// `call` with its arguments replaced by `args`. Built from the head alone:
// copying the whole call first would copy each argument's subtree only to
// overwrite it, which is quadratic in the depth of nested arithmetic (a
// recursive macro passing (- n 1) down builds such nests).
Sexp with_arguments(const Sexp& call, std::vector<Sexp> args) {
    Sexp out;
    out.kind = call.kind;
    out.where = call.where;
    out.children.reserve(args.size() + 1);
    out.children.push_back(call.children[0]);
    for (Sexp& arg : args) out.children.push_back(std::move(arg));
    return out;
}

size_t arg_count(const Sexp& call) { return call.children.empty() ? 0 : call.children.size() - 1; }

EvalError arity_error(const Sexp& call, const std::string& expected) {
    // Built by appending: `"lit" + std::string&&` trips GCC 12's -Wrestrict at -O3.
    std::string message = "`";
    message += call.head_name();
    message += "' in a compile-time condition takes ";
    message += expected;
    message += ", got ";
    message += std::to_string(arg_count(call));
    return EvalError{call.where, std::move(message), std::nullopt};
}

// Structural equality of two evaluated atoms; lists are never equal.
bool same_value(const Sexp& a, const Sexp& b) {
    if (a.kind != b.kind) return false;
    switch (a.kind) {
        case SexpKind::Number: return a.number() == b.number();
        case SexpKind::String: case SexpKind::Symbol: case SexpKind::Field:
        case SexpKind::Capture: case SexpKind::Spread:
            return a.text == b.text;
        default: return false;
    }
}

// Ordering of two evaluated atoms: numbers by value, strings by bytes; any
// other pair does not compare (every ordering test is then false).
std::optional<int> compare(const Sexp& a, const Sexp& b) {
    if (a.kind == SexpKind::Number && b.kind == SexpKind::Number)
        return a.number() < b.number() ? -1 : a.number() > b.number() ? 1 : 0;
    if (a.kind == SexpKind::String && b.kind == SexpKind::String) return a.text.compare(b.text) < 0 ? -1 : a.text == b.text ? 0 : 1;
    return std::nullopt;
}

std::optional<double> arithmetic(const std::string& op, double x, double y) {
    if (op == "+") return x + y;
    if (op == "-") return x - y;
    if (op == "*") return x * y;
    if (y == 0) return std::nullopt;  // left for run time: DivisionByZero there
    return x / y;
}

bool is_comparison(const std::string& op) {
    return op == "=" || op == "!=" || op == "<" || op == ">" || op == "<=" || op == ">=";
}

bool is_arithmetic(const std::string& op) { return op == "+" || op == "-" || op == "*" || op == "/"; }

}  // namespace

bool is_literal_list(const Sexp& node) {
    return node.kind == SexpKind::Bracket || node.head_name() == "list";
}

std::vector<const Sexp*> literal_elements(const Sexp& node) {
    std::vector<const Sexp*> out;
    size_t first = node.kind == SexpKind::Bracket ? 0 : 1;
    for (size_t i = first; i < node.children.size(); ++i) out.push_back(&node.children[i]);
    return out;
}

bool is_foldable_head(std::string_view name) {
    return name == "$len" || name == "$empty?" || name == "$head" || name == "$tail" || name == "$at";
}

std::optional<Sexp> fold_list_call(const Sexp& call, std::optional<EvalError>& error) {
    const std::string op = head_of(call);
    if (!is_foldable_head(op)) return std::nullopt;
    const size_t wanted = op == "$at" ? 2 : 1;
    if (arg_count(call) != wanted) {
        error = EvalError{call.where, "`" + op + "' takes " + std::to_string(wanted) + " argument" + (wanted == 1 ? "" : "s") +
                                          ", got " + std::to_string(arg_count(call)), std::nullopt};
        return std::nullopt;
    }
    // A call a macro received, e.g. `(g _ 2)`, is a list of code too: its elements are all
    // of its nodes, the callee first (how std.Macros' `->` finds its `_` placeholders).
    const bool code_call = call.children[1].kind == SexpKind::List && !is_literal_list(call.children[1]) &&
                           !call.children[1].children.empty();
    if (!is_literal_list(call.children[1]) && !code_call) {
        // Type-checked (4.3+): these see the nodes of the program, not run-time values.
        error = EvalError{call.children[1].where, "When expanding `" + op + "', expected a List, got `" +
                                                      syntax::repr(call.children[1]) + "'",
                          "the list primitives work on the code a macro received, e.g. its `...rest' parameter"};
        return std::nullopt;
    }
    const Sexp& list = call.children[1];
    std::vector<const Sexp*> elements;
    if (code_call)
        for (const Sexp& child : list.children) elements.push_back(&child);
    else
        elements = literal_elements(list);
    if (op == "$len") return make_number(static_cast<double>(elements.size()), call.where);
    if (op == "$empty?") return make_bool(elements.empty(), call.where);
    if (op == "$head") return elements.empty() ? make_symbol("nil", call.where) : *elements.front();
    if (op == "$tail") {
        Sexp rest;
        rest.kind = list.kind;
        rest.where = call.where;
        if (list.kind == SexpKind::List) rest.children.push_back(make_symbol("list", call.where));
        for (size_t i = 1; i < elements.size(); ++i) rest.children.push_back(*elements[i]);
        return rest;
    }
    // ($at list index)
    const Sexp& index = call.children[2];
    if (index.kind != SexpKind::Number) {
        error = EvalError{index.where, "When expanding `$at', expected a Number index, got `" + syntax::repr(index) + "'",
                          std::nullopt};
        return std::nullopt;
    }
    const double n = static_cast<double>(elements.size());
    double at = std::trunc(index.number());
    if (at < 0) at += n;
    if (at < 0 || at >= n) {
        error = EvalError{call.where,
                          "`$at' index " + language::format_number(index.number()) + " is out of range for a list of length " +
                              std::to_string(elements.size()),
                          std::nullopt};
        return std::nullopt;
    }
    return *elements[static_cast<size_t>(at)];
}

Sexp evaluate(const Sexp& node, std::optional<EvalError>& error) {
    if (error || node.kind != SexpKind::List || node.head_name().empty()) return node;
    const std::string op = head_of(node);
    const size_t n_args = arg_count(node);
    auto arg = [&](size_t i) { return evaluate(node.children[i + 1], error); };

    if (is_comparison(op)) {
        if (n_args != 2) {
            error = arity_error(node, "2 arguments");
            return node;
        }
        const Sexp a = arg(0), b = arg(1);
        if (op == "=") return make_bool(same_value(a, b), node.where);
        if (op == "!=") return make_bool(!same_value(a, b), node.where);
        const auto order = compare(a, b);
        if (!order) return make_bool(false, node.where);
        if (op == "<") return make_bool(*order < 0, node.where);
        if (op == ">") return make_bool(*order > 0, node.where);
        if (op == "<=") return make_bool(*order <= 0, node.where);
        return make_bool(*order >= 0, node.where);
    }
    if (op == "not") {
        if (n_args != 1) {
            error = arity_error(node, "1 argument");
            return node;
        }
        return make_bool(!is_truthy(arg(0)), node.where);
    }
    if (op == "and" || op == "or") {
        if (n_args < 2) {
            error = arity_error(node, "at least 2 arguments");
            return node;
        }
        const bool is_and = op == "and";
        for (size_t i = 0; i < n_args; ++i) {
            const bool truth = is_truthy(arg(i));
            if (error) return node;
            if (is_and && !truth) return make_bool(false, node.where);
            if (!is_and && truth) return make_bool(true, node.where);
        }
        return make_bool(is_and, node.where);
    }
    if (is_arithmetic(op)) {
        if (n_args != 2) {
            error = arity_error(node, "exactly 2 arguments");
            return node;
        }
        Sexp a = arg(0), b = arg(1);
        if (a.kind == SexpKind::Number && b.kind == SexpKind::Number)
            if (auto value = arithmetic(op, a.number(), b.number())) return make_number(*value, node.where);
        std::vector<Sexp> args;
        args.push_back(std::move(a));
        args.push_back(std::move(b));
        return with_arguments(node, std::move(args));
    }
    if (is_foldable_head(op)) {
        std::vector<Sexp> args;
        for (size_t i = 0; i < n_args; ++i) args.push_back(arg(i));
        if (error) return node;
        const Sexp call = with_arguments(node, std::move(args));
        if (auto folded = fold_list_call(call, error)) {
            // head / @ give back an element, itself possibly an expression.
            if (op == "$head" || op == "$at") return evaluate(*folded, error);
            return *folded;
        }
        return call;
    }
    return node;
}

bool is_truthy(const Sexp& value) {
    switch (value.kind) {
        case SexpKind::Symbol: return value.text == "true";
        case SexpKind::Number: return value.number() != 0;
        case SexpKind::String: return !value.text.empty();
        default: return false;
    }
}

}  // namespace ark::expand
