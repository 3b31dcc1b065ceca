// math:* builtins: one-number functions from the C library (one table row
// each), math:ln with its domain check, and the NaN?/Inf? predicates.
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <utility>

#include "../printer.hpp"
#include "family.hpp"

namespace ark::vm {

namespace {

struct UnaryMath {
    std::string_view name;
    double (*fn)(double);
};

constexpr UnaryMath kUnary[] = {
    {"builtin__math:exp", [](double x) { return std::exp(x); }},
    {"builtin__math:floor", [](double x) { return std::floor(x); }},
    {"builtin__math:ceil", [](double x) { return std::ceil(x); }},
    {"builtin__math:round", [](double x) { return std::round(x); }},
    {"builtin__math:cos", [](double x) { return std::cos(x); }},
    {"builtin__math:sin", [](double x) { return std::sin(x); }},
    {"builtin__math:tan", [](double x) { return std::tan(x); }},
    {"builtin__math:arccos", [](double x) { return std::acos(x); }},
    {"builtin__math:arcsin", [](double x) { return std::asin(x); }},
    {"builtin__math:arctan", [](double x) { return std::atan(x); }},
    {"builtin__math:cosh", [](double x) { return std::cosh(x); }},
    {"builtin__math:sinh", [](double x) { return std::sinh(x); }},
    {"builtin__math:tanh", [](double x) { return std::tanh(x); }},
    {"builtin__math:acosh", [](double x) { return std::acosh(x); }},
    {"builtin__math:asinh", [](double x) { return std::asinh(x); }},
    {"builtin__math:atanh", [](double x) { return std::atanh(x); }},
};

template <size_t I>
Value unary_math(ExecutionContext&, std::span<Value> args) {
    // Errors name the function people call: std.Math's `math:exp`, not its builtin.
    constexpr std::string_view kHidden = "builtin__";
    expect_shape(kUnary[I].name.substr(kHidden.size()), "(Number)", args, {Tag::Number});
    return Value::number(kUnary[I].fn(args[0].as_number()));
}

template <size_t... I>
void register_unary(BuiltinList& table, std::index_sequence<I...>) {
    (table.push_back({kUnary[I].name, unary_math<I>}), ...);
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

// `(random)` / `(random min max)` (4.0+). One generator per thread: tasks
// draw in parallel without sharing state.
Value builtin_random(ExecutionContext&, std::span<Value> args) {
    thread_local std::mt19937_64 generator{std::random_device{}()};
    int64_t low = std::numeric_limits<int32_t>::min(), high = std::numeric_limits<int32_t>::max();
    if (!args.empty()) {
        expect_shape("random", "(Number, Number)", args, {Tag::Number, Tag::Number});
        const double a = std::ceil(args[0].as_number()), b = std::floor(args[1].as_number());
        constexpr double kLimit = 9007199254740992.0;  // 2^53: every integer up to it is a double
        if (!(a <= b) || std::fabs(a) > kLimit || std::fabs(b) > kLimit)
            raise("ValueError", "random: no integer between " + format_number(args[0].as_number()) + " and " +
                                    format_number(args[1].as_number()));
        low = static_cast<int64_t>(a);
        high = static_cast<int64_t>(b);
    }
    return Value::number(static_cast<double>(std::uniform_int_distribution<int64_t>(low, high)(generator)));
}

}  // namespace

void register_math(BuiltinList& table) {
    register_unary(table, std::make_index_sequence<std::size(kUnary)>());
    table.push_back({"builtin__math:ln", builtin_ln});
    table.push_back({"random", builtin_random});
    table.push_back({"builtin__math:NaN?", builtin_is_nan});
    table.push_back({"builtin__math:Inf?", builtin_is_inf});
}

}  // namespace ark::vm
