// math:* builtins: one-number functions from the C library (one table row
// each), math:ln with its domain check, the NaN?/Inf? predicates, and the
// bit functions (4.6+) on 64-bit two's complement integers.
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
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

// ----- bit functions (4.6+) -----

// The integer an argument holds, or a ValueError naming the function: the
// bit functions work on 64-bit two's complement integers.
int64_t integer_arg(std::string_view name, const Value& value) {
    double x = value.as_number();
    constexpr double kTwo63 = 9223372036854775808.0;
    if (!(x == std::trunc(x)) || x < -kTwo63 || x >= kTwo63)
        raise("ValueError", std::string(name) + ": " + format_number(x) + " is not a 64-bit integer");
    return static_cast<int64_t>(x);
}

// A count argument (bits, bytes, shift) that must be in [low, high].
int64_t count_arg(std::string_view name, const Value& value, int64_t low, int64_t high, std::string_view what) {
    int64_t n = integer_arg(name, value);
    if (n < low || n > high)
        raise("ValueError", std::string(name) + ": " + std::string(what) + " must be between " + std::to_string(low) +
                                " and " + std::to_string(high) + ", got " + std::to_string(n));
    return n;
}

Value from_int(int64_t n) { return Value::number(static_cast<double>(n)); }
Value from_bits(uint64_t n) { return Value::number(static_cast<double>(n)); }

// The low `bits` bits of n (bits in [1, 64]).
uint64_t low_bits(uint64_t n, int64_t bits) { return bits == 64 ? n : n & ((uint64_t{1} << bits) - 1); }

// One table row per bit function: its name, what the arguments must be, and
// the body (which reads the already checked numbers).
struct BitFunction {
    std::string_view name;
    std::string_view shape;  // "(Number)" or "(Number, Number)"...
    size_t arity;
    Value (*fn)(std::string_view name, std::span<Value> args);
};

Value bit_count_ones(std::string_view name, std::span<Value> a) {
    return from_int(std::popcount(static_cast<uint64_t>(integer_arg(name, a[0]))));
}
// The zeros below the highest one bit (all 64 bits for a negative number).
Value bit_count_zeros(std::string_view name, std::span<Value> a) {
    auto n = static_cast<uint64_t>(integer_arg(name, a[0]));
    return from_int(static_cast<int64_t>(std::bit_width(n)) - std::popcount(n));
}
Value bit_not(std::string_view name, std::span<Value> a) { return from_int(~integer_arg(name, a[0])); }
Value bit_and(std::string_view name, std::span<Value> a) {
    return from_int(integer_arg(name, a[0]) & integer_arg(name, a[1]));
}
Value bit_or(std::string_view name, std::span<Value> a) {
    return from_int(integer_arg(name, a[0]) | integer_arg(name, a[1]));
}
Value bit_xor(std::string_view name, std::span<Value> a) {
    return from_int(integer_arg(name, a[0]) ^ integer_arg(name, a[1]));
}
// Shifting by 64 or more gives 0 (left) or the sign (right), as repeated shifts would.
Value bit_lshift(std::string_view name, std::span<Value> a) {
    int64_t x = integer_arg(name, a[0]);
    int64_t by = count_arg(name, a[1], 0, std::numeric_limits<int64_t>::max(), "the shift");
    return from_int(by >= 64 ? 0 : static_cast<int64_t>(static_cast<uint64_t>(x) << by));
}
Value bit_rshift(std::string_view name, std::span<Value> a) {
    int64_t x = integer_arg(name, a[0]);
    int64_t by = count_arg(name, a[1], 0, std::numeric_limits<int64_t>::max(), "the shift");
    return from_int(by >= 64 ? (x < 0 ? -1 : 0) : x >> by);  // arithmetic: -14 >> 2 is -4
}
Value bit_ceil(std::string_view name, std::span<Value> a) {
    int64_t x = count_arg(name, a[0], 0, int64_t{1} << 62, "the value");
    return from_bits(std::bit_ceil(static_cast<uint64_t>(x)));
}
Value bit_floor(std::string_view name, std::span<Value> a) {
    int64_t x = count_arg(name, a[0], 0, std::numeric_limits<int64_t>::max(), "the value");
    return from_bits(std::bit_floor(static_cast<uint64_t>(x)));
}
Value bit_width(std::string_view name, std::span<Value> a) {
    int64_t x = count_arg(name, a[0], 0, std::numeric_limits<int64_t>::max(), "the value");
    return from_int(std::bit_width(static_cast<uint64_t>(x)));
}
// (countLeftZeros n bits) and friends look at n written on `bits` bits.
Value bit_count_left_zeros(std::string_view name, std::span<Value> a) {
    int64_t bits = count_arg(name, a[1], 1, 64, "the number of bits");
    uint64_t n = low_bits(static_cast<uint64_t>(integer_arg(name, a[0])), bits);
    return from_int(std::countl_zero(n) - (64 - bits));
}
Value bit_count_left_ones(std::string_view name, std::span<Value> a) {
    int64_t bits = count_arg(name, a[1], 1, 64, "the number of bits");
    uint64_t n = low_bits(static_cast<uint64_t>(integer_arg(name, a[0])), bits);
    return from_int(std::countl_one(n << (64 - bits)));
}
Value bit_count_right_zeros(std::string_view name, std::span<Value> a) {
    int64_t bits = count_arg(name, a[1], 1, 64, "the number of bits");
    uint64_t n = low_bits(static_cast<uint64_t>(integer_arg(name, a[0])), bits);
    return from_int(n == 0 ? bits : std::countr_zero(n));
}
Value bit_count_right_ones(std::string_view name, std::span<Value> a) {
    int64_t bits = count_arg(name, a[1], 1, 64, "the number of bits");
    uint64_t n = low_bits(static_cast<uint64_t>(integer_arg(name, a[0])), bits);
    return from_int(std::countr_one(n));
}
// (circularLeftShift x count bytes): rotates the low 8*bytes bits of x.
Value rotate(std::string_view name, std::span<Value> a, bool left) {
    int64_t width = 8 * count_arg(name, a[2], 1, 8, "the number of bytes");
    uint64_t x = low_bits(static_cast<uint64_t>(integer_arg(name, a[0])), width);
    int64_t by = integer_arg(name, a[1]) % width;
    if (by < 0) by += width;
    if (!left) by = (width - by) % width;
    if (by == 0) return from_bits(x);
    return from_bits(low_bits((x << by) | (x >> (width - by)), width));
}
Value bit_rotate_left(std::string_view name, std::span<Value> a) { return rotate(name, a, true); }
Value bit_rotate_right(std::string_view name, std::span<Value> a) { return rotate(name, a, false); }

constexpr std::string_view kOne = "(Number)", kTwo = "(Number, Number)", kThree = "(Number, Number, Number)";

constexpr BitFunction kBits[] = {
    {"builtin__math:countOnes", kOne, 1, bit_count_ones},
    {"builtin__math:countZeros", kOne, 1, bit_count_zeros},
    {"builtin__math:bitNot", kOne, 1, bit_not},
    {"builtin__math:bitAnd", kTwo, 2, bit_and},
    {"builtin__math:bitOr", kTwo, 2, bit_or},
    {"builtin__math:bitXor", kTwo, 2, bit_xor},
    {"builtin__math:lshift", kTwo, 2, bit_lshift},
    {"builtin__math:rshift", kTwo, 2, bit_rshift},
    {"builtin__math:bitCeil", kOne, 1, bit_ceil},
    {"builtin__math:bitFloor", kOne, 1, bit_floor},
    {"builtin__math:bitWidth", kOne, 1, bit_width},
    {"builtin__math:countLeftZeros", kTwo, 2, bit_count_left_zeros},
    {"builtin__math:countLeftOnes", kTwo, 2, bit_count_left_ones},
    {"builtin__math:countRightZeros", kTwo, 2, bit_count_right_zeros},
    {"builtin__math:countRightOnes", kTwo, 2, bit_count_right_ones},
    {"builtin__math:circularLeftShift", kThree, 3, bit_rotate_left},
    {"builtin__math:circularRightShift", kThree, 3, bit_rotate_right},
};

template <size_t I>
Value bit_builtin(ExecutionContext&, std::span<Value> args) {
    constexpr std::string_view kHidden = "builtin__";
    constexpr std::string_view kName = kBits[I].name.substr(kHidden.size());
    bool numbers = args.size() == kBits[I].arity;
    for (const Value& arg : args) numbers = numbers && arg.is_number();
    if (!numbers) raise_type_error(kName, kBits[I].shape, args);
    return kBits[I].fn(kName, args);
}

template <size_t... I>
void register_bits(BuiltinList& table, std::index_sequence<I...>) {
    (table.push_back({kBits[I].name, bit_builtin<I>}), ...);
}

}  // namespace

void register_math(BuiltinList& table) {
    register_bits(table, std::make_index_sequence<std::size(kBits)>());
    register_unary(table, std::make_index_sequence<std::size(kUnary)>());
    table.push_back({"builtin__math:ln", builtin_ln});
    table.push_back({"random", builtin_random});
    table.push_back({"builtin__math:NaN?", builtin_is_nan});
    table.push_back({"builtin__math:Inf?", builtin_is_inf});
}

}  // namespace ark::vm
