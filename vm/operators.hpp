// Full semantics of the operators and list instructions (LANGUAGE.md §6.1-6.2)
// as free functions: the interpreter keeps its inline fast paths (two numbers,
// an in-range index) and calls these for everything else. Each raises the
// exact TypeError / IndexError / DivisionByZero messages of §8.3.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "program.hpp"
#include "value.hpp"

namespace ark::vm {

// --- Type errors: the one place that words "Function NAME expected ..., got (...)".

// "(Number, String)"; "()" for no values.
std::string describe_types(std::span<const Value> args);
// TypeError "Function NAME expected EXPECTED, got (A, B)"; `expected` is e.g.
// "(List) or (String)".
[[noreturn]] void raise_type_error(std::string_view function, std::string_view expected, std::span<const Value> args);

// Index `i` (truncated toward zero) into a sequence of length `len`; negative
// counts from the end; valid range -len..len-1. nullopt when out of range or NaN.
std::optional<size_t> normalize_index(double i, size_t len);

// --- Arithmetic. N-ary forms fold left over >= 2 operands; a type error names
// the first offending (accumulator, operand) pair.
Value op_add(std::span<const Value> args);  // all Numbers (sum) or all Strings (concatenation)
Value op_sub(std::span<const Value> args);
Value op_mul(std::span<const Value> args);
Value op_div(std::span<const Value> args);  // divisor 0 -> DivisionByZero "Can not compute expression (/ A B)"
Value op_mod(std::span<const Value> args);  // C fmod; (mod x 0) -> NaN
Value op_add(const Value& a, const Value& b);
Value op_sub(const Value& a, const Value& b);
Value op_mul(const Value& a, const Value& b);
Value op_div(const Value& a, const Value& b);
Value op_mod(const Value& a, const Value& b);

// --- Comparisons (§5.3); never raise.
Value op_eq(const Value& a, const Value& b);
Value op_ne(const Value& a, const Value& b);
Value op_lt(const Value& a, const Value& b);
Value op_le(const Value& a, const Value& b);  // a < b or a = b
Value op_gt(const Value& a, const Value& b);  // a != b and not a < b
Value op_ge(const Value& a, const Value& b);  // not a < b

// --- Unary operators.
Value op_not(const Value& v);
Value op_is_nil(const Value& v);    // nil?
Value op_len(const Value& v);       // List/String/Dict; bytes for strings, keys for dicts
Value op_empty(const Value& v);     // empty?
Value op_head(const Value& v);      // first element or nil; first byte or ""
Value op_tail(const Value& v);      // all but the first; [] / "" when length < 2
Value op_to_number(const Value& v); // toNumber: strtod on the whole string, else nil
Value op_to_string(const Value& v, const Program& program);
Value op_type(const Value& v);
// (@ seq i): element, or 1-byte string; IndexError "5 out of range [1 2] (length 2)".
// (@ dict key), 4.8: the value under key, or nil.
Value op_at(const Value& seq, const Value& index, const Program& program);
// (@@ seq y x): element x of element y of a list of lists or strings.
Value op_at_at(const Value& seq, const Value& y, const Value& x, const Program& program);
Value op_has_field(const Value& closure, const Value& name, const Program& program);
// Raises AssertionFailed with `message` when `condition` is falsy.
void op_assert(const Value& condition, const Value& message);

// --- List instructions. They take the arguments by mutable span: the first
// list is moved out and modified in place when nobody else shares it.
Value op_list(std::span<Value> args);
Value op_append(std::span<Value> args);  // (append lst v ...)
Value op_concat(std::span<Value> args);  // (concat lst l2 ...)
Value op_pop(std::span<Value> args);     // (pop lst i); IndexError "pop index (3) out of range (list size: 1)"

// In-place forms on a variable cell (append! concat! pop!); errors name the
// `!` form. `values`/`lists` may be moved from.
void append_in_place(Value& cell, std::span<Value> values);
void concat_in_place(Value& cell, std::span<Value> lists);
// pop! returns the element it removed (4.4+).
Value pop_in_place(Value& cell, const Value& index);
// (@= name i v) and (@@= name y x v), 4.0+: replace an element in place and
// give `value`. In a string the element is a character: `value` must be a
// one-byte string. (@= name key v) on a dict adds or replaces the key in the
// dict object the cell holds (shared, so every holder sees it), 4.8.
Value set_at_in_place(Value& cell, const Value& index, Value value, const Program& program);
Value set_at_at_in_place(Value& cell, const Value& y, const Value& x, Value value, const Program& program);

}  // namespace ark::vm
