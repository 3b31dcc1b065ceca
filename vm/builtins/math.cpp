// math:* builtins: one-number functions from the C library (one table row
// each), math:ln with its domain check, and the NaN?/Inf? predicates.
#include <cmath>
#include <utility>

#include "../printer.hpp"
#include "family.hpp"

namespace ark::vm {

namespace {

struct UnaryMath {
    std::string_view name;
    double (*fn)(double);
    std::string_view signature;
    std::string_view doc;
};

constexpr UnaryMath kUnary[] = {
    {"math:exp", [](double x) { return std::exp(x); }, "(math:exp x)", "e raised to the power x."},
    {"math:floor", [](double x) { return std::floor(x); }, "(math:floor x)", "Largest integer not greater than x."},
    {"math:ceil", [](double x) { return std::ceil(x); }, "(math:ceil x)", "Smallest integer not less than x."},
    {"math:round", [](double x) { return std::round(x); }, "(math:round x)", "Nearest integer, halves away from zero."},
    {"math:cos", [](double x) { return std::cos(x); }, "(math:cos x)", "Cosine of x radians."},
    {"math:sin", [](double x) { return std::sin(x); }, "(math:sin x)", "Sine of x radians."},
    {"math:tan", [](double x) { return std::tan(x); }, "(math:tan x)", "Tangent of x radians."},
    {"math:arccos", [](double x) { return std::acos(x); }, "(math:arccos x)", "Arc cosine, in radians."},
    {"math:arcsin", [](double x) { return std::asin(x); }, "(math:arcsin x)", "Arc sine, in radians."},
    {"math:arctan", [](double x) { return std::atan(x); }, "(math:arctan x)", "Arc tangent, in radians."},
    {"math:cosh", [](double x) { return std::cosh(x); }, "(math:cosh x)", "Hyperbolic cosine."},
    {"math:sinh", [](double x) { return std::sinh(x); }, "(math:sinh x)", "Hyperbolic sine."},
    {"math:tanh", [](double x) { return std::tanh(x); }, "(math:tanh x)", "Hyperbolic tangent."},
    {"math:acosh", [](double x) { return std::acosh(x); }, "(math:acosh x)", "Inverse hyperbolic cosine."},
    {"math:asinh", [](double x) { return std::asinh(x); }, "(math:asinh x)", "Inverse hyperbolic sine."},
    {"math:atanh", [](double x) { return std::atanh(x); }, "(math:atanh x)", "Inverse hyperbolic tangent."},
};

template <size_t I>
Value unary_math(ExecutionContext&, std::span<Value> args) {
    expect_shape(kUnary[I].name, "(Number)", args, {Tag::Number});
    return Value::number(kUnary[I].fn(args[0].as_number()));
}

template <size_t... I>
void register_unary(BuiltinList& table, std::index_sequence<I...>) {
    (table.push_back({kUnary[I].name, unary_math<I>, kUnary[I].signature, kUnary[I].doc}), ...);
}

Value builtin_ln(ExecutionContext&, std::span<Value> args) {
    expect_shape("math:ln", "(Number)", args, {Tag::Number});
    double x = args[0].as_number();
    if (x <= 0) raise("ValueError", "math:ln: value " + format_number(x) + " must be greater than 0");
    return Value::number(std::log(x));
}

Value builtin_is_nan(ExecutionContext&, std::span<Value> args) {
    if (args.size() != 1) raise_type_error("math:NaN?", "(any)", args);
    return Value::boolean(args[0].is_number() && std::isnan(args[0].as_number()));
}

Value builtin_is_inf(ExecutionContext&, std::span<Value> args) {
    if (args.size() != 1) raise_type_error("math:Inf?", "(any)", args);
    return Value::boolean(args[0].is_number() && std::isinf(args[0].as_number()));
}

}  // namespace

void register_math(BuiltinList& table) {
    register_unary(table, std::make_index_sequence<std::size(kUnary)>());
    table.push_back({"math:ln", builtin_ln, "(math:ln x)", "Natural logarithm of x (x > 0)."});
    table.push_back({"math:NaN?", builtin_is_nan, "(math:NaN? value)", "True when value is the number NaN."});
    table.push_back({"math:Inf?", builtin_is_inf, "(math:Inf? value)", "True when value is an infinite number."});
}

}  // namespace ark::vm
