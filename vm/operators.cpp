// Operators and list instructions (LANGUAGE.md §6.1-6.2), slow paths included.
// Invariant: every "Function NAME expected ..." message is built by
// raise_type_error, so the wording lives in one place.
#include "operators.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "compare.hpp"
#include "dict.hpp"
#include "errors.hpp"
#include "printer.hpp"

namespace ark::vm {

namespace {

constexpr std::string_view kNumberPair = "(Number, Number)";
constexpr std::string_view kSequence = "(List) or (String)";
constexpr std::string_view kCollection = "(List) or (String) or (Dict)";

// Reports (accumulator, operand) for a left fold where args[bad] is the first
// operand of the wrong kind: the accumulator has the kind of args[0].
[[noreturn]] void raise_fold_error(std::string_view op, std::string_view expected, std::span<const Value> args, size_t bad) {
    if (args.size() < 2) raise_type_error(op, expected, args);
    const Value pair[] = {args[0], args[bad == 0 ? 1 : bad]};
    raise_type_error(op, expected, pair);
}

// Checks that every operand is a number; raises the fold error otherwise.
void require_numbers(std::string_view op, std::span<const Value> args) {
    if (args.size() < 2) raise_type_error(op, kNumberPair, args);
    for (size_t i = 0; i < args.size(); ++i) {
        if (!args[i].is_number()) raise_fold_error(op, kNumberPair, args, i);
    }
}

template <typename Step>
Value fold_numbers(std::string_view op, std::span<const Value> args, Step step) {
    require_numbers(op, args);
    double acc = args[0].as_number();
    for (size_t i = 1; i < args.size(); ++i) acc = step(acc, args[i].as_number());
    return Value::number(acc);
}

[[noreturn]] void raise_division_by_zero(double a, double b) {
    raise("DivisionByZero", "Can not compute expression (/ " + format_number(a) + " " + format_number(b) + ")");
}

std::string index_text(double i) { return format_number(std::trunc(i)); }

bool is_sequence(const Value& v) { return v.is(Tag::List) || v.is(Tag::String); }

void require_sequence(std::string_view op, const Value& v) {
    if (!is_sequence(v)) raise_type_error(op, kSequence, std::span<const Value>(&v, 1));
}

// Shared by pop and pop!: removes element `index` of `items` and returns it.
Value erase_index(std::string_view op, std::vector<Value>& items, const Value& index) {
    auto at = normalize_index(index.as_number(), items.size());
    if (!at) {
        raise("IndexError", std::string(op) + " index (" + index_text(index.as_number()) + ") out of range (list size: " +
                                std::to_string(items.size()) + ")");
    }
    Value removed = std::move(items[*at]);
    items.erase(items.begin() + static_cast<std::ptrdiff_t>(*at));
    return removed;
}

// Makes room for `extra` more items, keeping geometric growth: an exact
// reserve() on every append! would reallocate each time (quadratic loops).
// Charges the growth to the run's allocation budget (allocation_budget.hpp).
std::vector<Value>& grow_for(Value& cell, size_t extra) {
    std::vector<Value>& items = cell.mutable_list();
    size_t needed = items.size() + extra;
    if (needed > items.capacity()) {
        check_room((std::max(needed, items.capacity() * 2) - items.capacity()) * sizeof(Value));
        items.reserve(std::max(needed, items.capacity() * 2));
        static_cast<ListObject*>(cell.as_object())->recharge_items();
    }
    return items;
}

}  // namespace

std::string describe_types(std::span<const Value> args) {
    std::string out = "(";
    for (size_t i = 0; i < args.size(); ++i) {
        if (i > 0) out += ", ";
        out += type_name(args[i]);
    }
    out += ')';
    return out;
}

void raise_type_error(std::string_view function, std::string_view expected, std::span<const Value> args) {
    std::string message = "Function ";
    message += function;
    message += " expected ";
    message += expected;
    message += ", got ";
    message += describe_types(args);
    raise("TypeError", std::move(message));
}

std::optional<size_t> normalize_index(double i, size_t len) {
    if (std::isnan(i)) return std::nullopt;
    double t = std::trunc(i);
    double n = static_cast<double>(len);
    if (t < -n || t >= n) return std::nullopt;
    if (t < 0) t += n;
    return static_cast<size_t>(t);
}

// --- Arithmetic

Value op_add(std::span<const Value> args) {
    constexpr std::string_view expected = "(Number, Number) or (String, String)";
    if (args.size() < 2) raise_type_error("+", expected, args);
    if (args[0].is_number()) {
        double acc = args[0].as_number();
        for (size_t i = 1; i < args.size(); ++i) {
            if (!args[i].is_number()) raise_fold_error("+", expected, args, i);
            acc += args[i].as_number();
        }
        return Value::number(acc);
    }
    if (!args[0].is(Tag::String)) raise_fold_error("+", expected, args, 0);
    size_t total = 0;
    for (size_t i = 0; i < args.size(); ++i) {
        if (!args[i].is(Tag::String)) raise_fold_error("+", expected, args, i);
        total += args[i].as_string().size();
    }
    check_room(total + 1);  // before the heap is asked (allocation_budget.hpp)
    std::string out;
    out.reserve(total);
    for (const Value& v : args) out += v.as_string();
    return Value::string(std::move(out));
}

Value op_sub(std::span<const Value> args) {
    return fold_numbers("-", args, [](double a, double b) { return a - b; });
}

Value op_mul(std::span<const Value> args) {
    return fold_numbers("*", args, [](double a, double b) { return a * b; });
}

Value op_div(std::span<const Value> args) {
    return fold_numbers("/", args, [](double a, double b) {
        if (b == 0) raise_division_by_zero(a, b);
        return a / b;
    });
}

Value op_mod(std::span<const Value> args) {
    return fold_numbers("mod", args, [](double a, double b) { return std::fmod(a, b); });
}

Value op_add(const Value& a, const Value& b) {
    if (a.is_number() && b.is_number()) return Value::number(a.as_number() + b.as_number());
    const Value pair[] = {a, b};
    return op_add(std::span<const Value>(pair));
}
Value op_sub(const Value& a, const Value& b) {
    const Value pair[] = {a, b};
    return op_sub(std::span<const Value>(pair));
}
Value op_mul(const Value& a, const Value& b) {
    const Value pair[] = {a, b};
    return op_mul(std::span<const Value>(pair));
}
Value op_div(const Value& a, const Value& b) {
    const Value pair[] = {a, b};
    return op_div(std::span<const Value>(pair));
}
Value op_mod(const Value& a, const Value& b) {
    const Value pair[] = {a, b};
    return op_mod(std::span<const Value>(pair));
}

// --- Comparisons

Value op_eq(const Value& a, const Value& b) { return Value::boolean(values_equal(a, b)); }
Value op_ne(const Value& a, const Value& b) { return Value::boolean(!values_equal(a, b)); }
// Different types: all four false (compare.hpp, ordered_less).
Value op_lt(const Value& a, const Value& b) { return Value::boolean(ordered_less(a, b)); }
Value op_le(const Value& a, const Value& b) { return Value::boolean(same_type(a, b) && (value_less(a, b) || values_equal(a, b))); }
Value op_gt(const Value& a, const Value& b) { return Value::boolean(same_type(a, b) && !values_equal(a, b) && !value_less(a, b)); }
Value op_ge(const Value& a, const Value& b) { return Value::boolean(same_type(a, b) && !value_less(a, b)); }

// --- Unary operators

Value op_not(const Value& v) { return Value::boolean(!v.truthy()); }
Value op_is_nil(const Value& v) { return Value::boolean(v.is(Tag::Nil)); }

Value op_len(const Value& v) {
    if (v.is(Tag::Dict)) return Value::number(dict_size(v));  // 4.2+
    if (!is_sequence(v)) raise_type_error("len", kCollection, std::span<const Value>(&v, 1));
    size_t n = v.is(Tag::List) ? v.as_list().size() : v.as_string().size();
    return Value::number(static_cast<double>(n));
}

Value op_empty(const Value& v) {
    if (v.is(Tag::Nil)) return Value::boolean(true);  // 4.1.2+: nil is empty
    if (v.is(Tag::Dict)) return Value::boolean(dict_size(v) == 0);  // 4.2+
    if (!is_sequence(v)) raise_type_error("empty?", kCollection, std::span<const Value>(&v, 1));
    return Value::boolean(v.is(Tag::List) ? v.as_list().empty() : v.as_string().empty());
}

Value op_head(const Value& v) {
    require_sequence("head", v);
    if (v.is(Tag::List)) return v.as_list().empty() ? Value::nil() : v.as_list().front();
    const std::string& s = v.as_string();
    return Value::string(s.empty() ? std::string() : std::string(1, s.front()));
}

Value op_tail(const Value& v) {
    require_sequence("tail", v);
    if (v.is(Tag::List)) {
        const auto& items = v.as_list();
        if (items.size() < 2) return Value::list({});
        return Value::list(std::vector<Value>(items.begin() + 1, items.end()));
    }
    const std::string& s = v.as_string();
    return Value::string(s.size() < 2 ? std::string() : s.substr(1));
}

Value op_to_number(const Value& v) {
    if (!v.is(Tag::String)) raise_type_error("toNumber", "(String)", std::span<const Value>(&v, 1));
    const std::string& s = v.as_string();
    if (s.empty()) return Value::nil();
    const char* begin = s.c_str();
    char* end = nullptr;
    double d = std::strtod(begin, &end);
    if (end == begin || end != begin + s.size()) return Value::nil();  // nothing read, or trailing junk
    if (std::isinf(d) && d > 0) return Value::nil();
    return Value::number(d);
}

Value op_to_string(const Value& v, const Program& program) {
    if (v.is(Tag::String)) return v;
    return Value::string(to_display(v, program));
}

Value op_type(const Value& v) { return Value::string(type_name(v)); }

Value op_at(const Value& seq, const Value& index, const Program& program) {
    if (seq.is(Tag::Dict)) return dict_get(seq, index);  // 4.8: the value under the key, or nil
    if (!is_sequence(seq) || !index.is_number()) {
        const Value pair[] = {seq, index};
        raise_type_error("@", "(List, Number) or (String, Number) or (Dict, any)", pair);
    }
    size_t len = seq.is(Tag::List) ? seq.as_list().size() : seq.as_string().size();
    auto at = normalize_index(index.as_number(), len);
    if (!at) {
        raise("IndexError", index_text(index.as_number()) + " out of range " + to_repr(seq, program) + " (length " +
                                std::to_string(len) + ")");
    }
    if (seq.is(Tag::List)) return seq.as_list()[*at];
    return Value::string(std::string(1, seq.as_string()[*at]));
}

Value op_at_at(const Value& seq, const Value& y, const Value& x, const Program& program) {
    if (!seq.is(Tag::List) || !y.is_number() || !x.is_number()) {
        const Value args[] = {seq, y, x};
        raise_type_error("@@", "(List, Number, Number)", args);
    }
    const Value inner = op_at(seq, y, program);
    if (!is_sequence(inner)) {
        const Value args[] = {seq, y, x};
        raise_type_error("@@", "(List of Lists or Strings, Number, Number)", args);
    }
    return op_at(inner, x, program);
}

Value op_has_field(const Value& closure, const Value& name, const Program& program) {
    if (!closure.is(Tag::Closure) || !name.is(Tag::String)) {
        const Value pair[] = {closure, name};
        raise_type_error("hasField", "(Closure, String)", pair);
    }
    const auto* object = static_cast<const ClosureObject*>(closure.as_object());
    if (!object->env) return Value::boolean(false);
    const std::string& wanted = name.as_string();
    std::lock_guard lock(object->env->mutex);
    for (const ClosureField& field : object->env->fields) {
        if (field.name < program.symbol_names.size() && program.symbol_names[field.name] == wanted) {
            return Value::boolean(true);
        }
    }
    return Value::boolean(false);
}

void op_assert(const Value& condition, const Value& message) {
    if (!message.is(Tag::String)) {
        const Value pair[] = {condition, message};
        raise_type_error("assert", "(any, String)", pair);
    }
    if (!condition.truthy()) raise("AssertionFailed", message.as_string());
}

// --- List instructions

Value op_list(std::span<Value> args) {
    std::vector<Value> items;
    items.reserve(args.size());
    for (Value& v : args) items.push_back(std::move(v));
    return Value::list(std::move(items));
}

Value op_append(std::span<Value> args) {
    if (args.size() < 2 || !args[0].is(Tag::List)) raise_type_error("append", "(List, any...)", args);
    Value result = std::move(args[0]);
    append_in_place(result, args.subspan(1));
    return result;
}

Value op_concat(std::span<Value> args) {
    if (args.size() < 2 || !args[0].is(Tag::List)) raise_type_error("concat", "(List, List...)", args);
    for (const Value& v : args) {
        if (!v.is(Tag::List)) raise_type_error("concat", "(List, List...)", args);
    }
    Value result = std::move(args[0]);
    concat_in_place(result, args.subspan(1));
    return result;
}

Value op_pop(std::span<Value> args) {
    if (args.size() != 2 || !args[0].is(Tag::List) || !args[1].is_number()) {
        raise_type_error("pop", "(List, Number)", args);
    }
    Value result = std::move(args[0]);
    erase_index("pop", result.mutable_list(), args[1]);
    return result;
}

void append_in_place(Value& cell, std::span<Value> values) {
    if (!cell.is(Tag::List)) {
        std::vector<Value> all{cell};
        all.insert(all.end(), values.begin(), values.end());
        raise_type_error("append!", "(List, any...)", all);
    }
    auto& items = grow_for(cell, values.size());
    for (Value& v : values) items.push_back(std::move(v));
}

void concat_in_place(Value& cell, std::span<Value> lists) {
    bool ok = cell.is(Tag::List);
    size_t extra = 0;
    for (const Value& v : lists) {
        if (!v.is(Tag::List)) ok = false;
        else extra += v.as_list().size();
    }
    if (!ok) {
        std::vector<Value> all{cell};
        all.insert(all.end(), lists.begin(), lists.end());
        raise_type_error("concat!", "(List, List...)", all);
    }
    auto& items = grow_for(cell, extra);
    for (Value& list : lists) {
        // A list nobody else holds can give up its elements.
        if (list.as_object()->refs.load(std::memory_order_acquire) == 1) {
            for (Value& v : list.mutable_list()) items.push_back(std::move(v));
        } else {
            for (const Value& v : list.as_list()) items.push_back(v);
        }
    }
}

Value pop_in_place(Value& cell, const Value& index) {
    if (!cell.is(Tag::List) || !index.is_number()) {
        const Value pair[] = {cell, index};
        raise_type_error("pop!", "(List, Number)", pair);
    }
    return erase_index("pop!", cell.mutable_list(), index);
}

namespace {

// Element `index` of the list or string in `cell` := value (the shared part of
// @= and @@=; `op` names the instruction in errors).
void set_element(std::string_view op, Value& cell, const Value& index, Value& value, const Program& program) {
    if (!is_sequence(cell) || !index.is_number()) {
        const Value args[] = {cell, index, value};
        raise_type_error(op, op == "@=" ? "(List, Number, any) or (String, Number, String) or (Dict, any, any)"
                                        : "(List, Number, any) or (String, Number, String)",
                         args);
    }
    const size_t len = cell.is(Tag::List) ? cell.as_list().size() : cell.as_string().size();
    const auto at = normalize_index(index.as_number(), len);
    if (!at)
        raise("IndexError", std::string(op) + " index (" + index_text(index.as_number()) + ") out of range " +
                                to_repr(cell, program) + " (length " + std::to_string(len) + ")");
    if (cell.is(Tag::List)) {
        cell.mutable_list()[*at] = value;
        return;
    }
    if (!value.is(Tag::String) || value.as_string().size() != 1) {
        const Value args[] = {cell, index, value};
        raise_type_error(op, "(String, Number, a one-character String)", args);
    }
    std::string text = cell.as_string();
    text[*at] = value.as_string()[0];
    cell = Value::string(std::move(text));
}

}  // namespace

Value set_at_in_place(Value& cell, const Value& index, Value value, const Program& program) {
    if (cell.is(Tag::Dict)) {  // 4.8: adds or replaces the key in the shared dict, as dict:add does
        dict_set(cell, index, value);
        return value;
    }
    set_element("@=", cell, index, value, program);
    return value;
}

Value set_at_at_in_place(Value& cell, const Value& y, const Value& x, Value value, const Program& program) {
    if (!cell.is(Tag::List) || !y.is_number()) {
        const Value args[] = {cell, y, x, value};
        raise_type_error("@@=", "(List, Number, Number, any)", args);
    }
    auto& rows = cell.mutable_list();
    const auto at = normalize_index(y.as_number(), rows.size());
    if (!at)
        raise("IndexError", "@@= index (" + index_text(y.as_number()) + ") out of range " + to_repr(cell, program) +
                                " (length " + std::to_string(rows.size()) + ")");
    set_element("@@=", rows[*at], x, value, program);
    return value;
}

}  // namespace ark::vm
