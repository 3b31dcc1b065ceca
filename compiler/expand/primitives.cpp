// The macro primitives that compute a node (LANGUAGE.md §3.9, LANGUAGE-4.8
// §3.9): `$if` picks a branch with the compile-time evaluator, `$repr`
// re-prints, `$symcat` builds a name, `$argcount` counts a known function's
// parameters, `$len $empty? $head $tail $at` take lists of code apart, `$type`
// names a node's kind, `$gensym` makes a fresh name.
#include <cmath>

#include "expand/evaluate.hpp"
#include "expand/expander.hpp"
#include "number_format.hpp"

namespace ark::expand::detail {

namespace {

const char* kind_name(const Sexp& n) {
    switch (n.kind) {
        case SexpKind::Number: return "Number";
        case SexpKind::String: return "String";
        case SexpKind::Symbol: return "Symbol";
        case SexpKind::Field: return "Field";
        case SexpKind::Capture: return "Capture";
        case SexpKind::Spread: return "Spread";
        default: return "List";
    }
}

std::string integer_part(double value) {
    const double t = std::trunc(value);
    if (std::fabs(t) < 1e18) return std::to_string(static_cast<long long>(t));
    return language::format_number(t);
}

}  // namespace

std::optional<Sexp> Expander::choose_branch(Sexp& form, Walk walk) {
    const size_t n_args = form.children.size() - 1;
    if (n_args != 2 && n_args != 3) {
        macro_error(form.where, "`$if' takes a condition, a then branch and an optional else branch, got " +
                                    std::to_string(n_args) + " argument(s)");
        return std::nullopt;
    }
    std::optional<Sexp> condition = expand_alone(std::move(form.children[1]), walk);
    std::optional<EvalError> error;
    const bool truth = condition && is_truthy(evaluate(*condition, error));
    if (error) {
        macro_error(error->where, error->message, error->hint);
        return std::nullopt;
    }
    if (truth) return std::move(form.children[2]);
    if (n_args == 3) return std::move(form.children[3]);
    return std::nullopt;
}

std::optional<Sexp> Expander::builtin_repr(const Sexp& form) {
    if (form.children.size() != 2) {
        macro_error(form.where, "`$repr' takes 1 argument, got " + std::to_string(form.children.size() - 1));
        return std::nullopt;
    }
    Sexp out;
    out.kind = SexpKind::String;
    out.text = syntax::repr(form.children[1]);
    out.where = form.where;
    return out;
}

std::optional<Sexp> Expander::builtin_symcat(const Sexp& form, Walk walk) {
    if (form.children.size() < 3) {
        macro_error(form.where, "`$symcat' takes a symbol and at least one value to append to it");
        return std::nullopt;
    }
    Sexp out;
    out.kind = SexpKind::Symbol;
    out.where = form.where;
    for (size_t k = 1; k < form.children.size(); ++k) {
        std::optional<Sexp> part = expand_alone(form.children[k], walk);
        if (!part) {
            macro_error(form.children[k].where, "an argument of `$symcat' expanded to nothing");
            return std::nullopt;
        }
        std::optional<EvalError> error;
        const Sexp value = evaluate(*part, error);
        if (error) {
            macro_error(error->where, error->message, error->hint);
            return std::nullopt;
        }
        // A string first names the symbol too (4.6+: test suites named by strings).
        if (k == 1 && value.kind != SexpKind::Symbol && value.kind != SexpKind::String) {
            macro_error(value.where, std::string("When expanding `$symcat', expected a Symbol or a String first, got a ") +
                                         kind_name(value));
            return std::nullopt;
        }
        if (value.kind == SexpKind::Number) {
            out.text += integer_part(value.number());
        } else if (value.kind == SexpKind::String || value.kind == SexpKind::Symbol) {
            out.text += value.text;
        } else {
            macro_error(value.where,
                        std::string("When expanding `$symcat', expected either a Number, String or Symbol, got a ") +
                            kind_name(value));
            return std::nullopt;
        }
    }
    return out;
}

std::optional<Sexp> Expander::list_primitive(const Sexp& form, Walk walk) {
    // The arguments are expanded first: ($len ($tail xs)) sees a list.
    Sexp call;
    call.kind = form.kind;
    call.where = form.where;
    call.children.push_back(form.children[0]);
    for (size_t k = 1; k < form.children.size(); ++k) {
        std::optional<Sexp> argument = expand_alone(form.children[k], walk);
        if (!argument) {
            macro_error(form.children[k].where, "an argument of `" + form.children[0].text + "' expanded to nothing");
            return std::nullopt;
        }
        std::optional<EvalError> error;
        call.children.push_back(evaluate(*argument, error));
        if (error) {
            macro_error(error->where, error->message, error->hint);
            return std::nullopt;
        }
    }
    std::optional<EvalError> error;
    std::optional<Sexp> out = fold_list_call(call, error);
    if (error) macro_error(error->where, error->message, error->hint);
    return out;
}

std::optional<Sexp> Expander::builtin_type(const Sexp& form, Walk walk) {
    if (form.children.size() != 2) {
        macro_error(form.where, "`$type' takes 1 argument, got " + std::to_string(form.children.size() - 1));
        return std::nullopt;
    }
    std::optional<Sexp> node = expand_alone(form.children[1], walk);
    Sexp out;
    out.kind = SexpKind::String;
    out.text = node ? kind_name(*node) : "List";  // an empty expansion is an empty block
    out.where = form.where;
    return out;
}

std::optional<Sexp> Expander::builtin_gensym(const Sexp& form) {
    if (form.children.size() != 1) {
        macro_error(form.where, "`$gensym' takes no argument, got " + std::to_string(form.children.size() - 1));
        return std::nullopt;
    }
    // `#` can not start a name in source (it starts a comment), so no program
    // can spell, and collide with, a generated one.
    Sexp out;
    out.kind = SexpKind::Symbol;
    out.text = "#gensym" + std::to_string(++gensyms_);
    out.where = form.where;
    return out;
}

std::optional<Sexp> Expander::builtin_argcount(const Sexp& form, Walk walk) {
    ++argcount_reads_;
    if (form.children.size() != 2) {
        macro_error(form.where, "`$argcount' takes 1 argument, got " + std::to_string(form.children.size() - 1));
        return std::nullopt;
    }
    std::optional<Sexp> target = expand_alone(form.children[1], walk);
    std::optional<size_t> count;
    if (target && target->kind == SexpKind::Symbol) {
        count = arity_of(target->text);
    } else if (target) {
        count = fun_arity(*target);
    }
    if (!count) {
        const std::string shown = target ? syntax::repr(*target) : syntax::repr(form.children[1]);
        std::optional<std::string> hint;
        if (target && target->kind == SexpKind::Symbol)
            hint = "`" + shown + "' must be bound earlier with let, mut or set to a (fun ...) form";
        macro_error(form.children[1].where,
                    "When expanding `$argcount', expected a known function name or a (fun ...) form, got `" + shown +
                        "'",
                    hint);
        return std::nullopt;
    }
    Sexp out;
    out.kind = SexpKind::Number;
    out.text = std::to_string(*count);
    out.where = form.where;
    return out;
}

}  // namespace ark::expand::detail
