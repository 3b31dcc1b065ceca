// List builtins: list:reverse find slice sort fill setAt. Every one returns a
// new list; the argument list is reused only when nobody else holds it.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "../compare.hpp"
#include "../context.hpp"
#include "../printer.hpp"
#include "family.hpp"

namespace ark::vm {

namespace {

// Anything bigger is a ValueError rather than a failed allocation.
constexpr double kMaxListSize = 1e9;

Value builtin_reverse(ExecutionContext&, std::span<Value> args) {
    expect_shape("list:reverse", "(List)", args, {Tag::List});
    Value result = std::move(args[0]);
    auto& items = result.mutable_list();
    std::reverse(items.begin(), items.end());
    return result;
}

Value builtin_list_find(ExecutionContext&, std::span<Value> args) {
    expect_shape("list:find", "(List, any)", args, {Tag::List, kAny});
    const auto& items = args[0].as_list();
    for (size_t i = 0; i < items.size(); ++i) {
        if (values_equal(items[i], args[1])) return Value::number(static_cast<double>(i));
    }
    return Value::number(-1);
}

Value builtin_slice(ExecutionContext&, std::span<Value> args) {
    expect_shape("list:slice", "(List, Number, Number, Number)", args, {Tag::List, Tag::Number, Tag::Number, Tag::Number});
    const auto& items = args[0].as_list();
    double start = std::trunc(args[1].as_number());
    double end = std::trunc(args[2].as_number());
    double step = std::trunc(args[3].as_number());
    if (!(step > 0)) raise("ValueError", "list:slice: step (" + format_number(step) + ") must be greater than 0");
    if (!(start >= 0)) raise("IndexError", "list:slice: start index (" + format_number(start) + ") must not be negative");
    if (!(start <= end)) {
        raise("IndexError", "list:slice: start index (" + format_number(start) + ") must not be greater than end index (" +
                                format_number(end) + ")");
    }
    if (end > static_cast<double>(items.size())) {
        raise("IndexError", "list:slice: end index (" + format_number(end) + ") out of range (list size: " +
                                std::to_string(items.size()) + ")");
    }
    std::vector<Value> out;
    for (double i = start; i < end; i += step) out.push_back(items[static_cast<size_t>(i)]);
    return Value::list(std::move(out));
}

// builtin__slice (4.3, experimental; upstream's Slice.cpp): a list's elements
// or a string's bytes from start (nil: 0) up to end (nil: the length), every
// step-th (default 1). Negative start and end count from the end; end is
// clamped to the container; a negative step walks from end - 1 back to start.
// start must be an index of the container, as `@`'s.
Value builtin_slice_any(ExecutionContext& ctx, std::span<Value> args) {
    const bool shaped = (args.size() == 3 || args.size() == 4) && (args[0].is(Tag::List) || args[0].is(Tag::String)) &&
                        (args[1].is_number() || args[1].is(Tag::Nil)) && (args[2].is_number() || args[2].is(Tag::Nil)) &&
                        (args.size() == 3 || args[3].is_number());
    if (!shaped)
        raise_type_error("slice", "(List|String, Number|Nil, Number|Nil) or (List|String, Number|Nil, Number|Nil, Number)", args);
    const bool is_list = args[0].is(Tag::List);
    const double size = static_cast<double>(is_list ? args[0].as_list().size() : args[0].as_string().size());
    const double start = args[1].is_number() ? std::trunc(args[1].as_number()) : 0;
    const double first = start < 0 ? size + start : start;
    if (!(first >= 0 && first < size))
        raise("IndexError", format_number(start) + " out of range " + to_repr(args[0], ctx.program()) + " (length " +
                                format_number(size) + ")");
    const double end = args[2].is_number() ? std::trunc(args[2].as_number()) : size;
    const double stop = std::clamp(end < 0 ? size + end : end, 0.0, size);  // one past the last
    const double step = args.size() == 4 ? std::trunc(args[3].as_number()) : 1;
    if (step == 0 || !std::isfinite(step)) raise("ValueError", "slice: a step of " + format_number(step) + " is illegal");

    std::vector<size_t> picked;
    if (step > 0) {
        for (double k = first; k < stop; k += step) picked.push_back(static_cast<size_t>(k));
    } else {
        for (double k = stop - 1; k >= first; k += step) picked.push_back(static_cast<size_t>(k));
    }
    if (is_list) {
        const auto& items = args[0].as_list();
        std::vector<Value> out;
        out.reserve(picked.size());
        for (size_t k : picked) out.push_back(items[k]);
        return Value::list(std::move(out));
    }
    const std::string& text = args[0].as_string();
    std::string out;
    out.reserve(picked.size());
    for (size_t k : picked) out += text[k];
    return Value::string(std::move(out));
}

// Stable merge sort. Written out rather than std::stable_sort because `<`
// over NaN or mixed closures is not a strict weak order, which the standard
// algorithms may not survive; this one only ever picks a side.
template <class T, class Less>
void merge_sort(std::vector<T>& items, Less less) {
    std::vector<T> buffer(items.size());
    for (size_t width = 1; width < items.size(); width *= 2) {
        for (size_t lo = 0; lo < items.size(); lo += 2 * width) {
            size_t mid = std::min(lo + width, items.size());
            size_t hi = std::min(lo + 2 * width, items.size());
            size_t a = lo, b = mid, k = lo;
            while (a < mid && b < hi) {
                // Take from the right only when strictly smaller: keeps equal elements in order.
                if (less(items[b], items[a])) buffer[k++] = std::move(items[b++]);
                else buffer[k++] = std::move(items[a++]);
            }
            while (a < mid) buffer[k++] = std::move(items[a++]);
            while (b < hi) buffer[k++] = std::move(items[b++]);
        }
        items.swap(buffer);
    }
}

// A list of numbers only (the common case) is sorted as plain doubles: the
// same merges and the same comparisons as value_less makes on two numbers,
// so the same order, NaN and -0 included, without a tag dispatch per step.
void sort_values(std::vector<Value>& items) {
    const bool all_numbers = std::all_of(items.begin(), items.end(), [](const Value& v) { return v.is_number(); });
    if (!all_numbers) {
        merge_sort(items, value_less);
        return;
    }
    std::vector<double> numbers(items.size());
    for (size_t i = 0; i < items.size(); ++i) numbers[i] = items[i].as_number();
    merge_sort(numbers, [](double a, double b) { return a < b; });
    for (size_t i = 0; i < items.size(); ++i) items[i] = Value::number(numbers[i]);
}

Value builtin_sort(ExecutionContext&, std::span<Value> args) {
    expect_shape("list:sort", "(List)", args, {Tag::List});
    Value result = std::move(args[0]);
    sort_values(result.mutable_list());
    return result;
}

Value builtin_fill(ExecutionContext&, std::span<Value> args) {
    expect_shape("list:fill", "(Number, any)", args, {Tag::Number, kAny});
    double n = std::trunc(args[0].as_number());
    if (!(n >= 0)) raise("ValueError", "list:fill: size (" + format_number(n) + ") must not be negative");
    if (n > kMaxListSize) raise("ValueError", "list:fill: size (" + format_number(n) + ") is too large");
    check_room(static_cast<size_t>(n) * sizeof(Value));  // before the heap is touched: a run's budget
    return Value::list(std::vector<Value>(static_cast<size_t>(n), args[1]));
}

Value builtin_list_set_at(ExecutionContext&, std::span<Value> args) {
    expect_shape("list:setAt", "(List, Number, any)", args, {Tag::List, Tag::Number, kAny});
    size_t size = args[0].as_list().size();
    auto at = normalize_index(args[1].as_number(), size);
    if (!at) {
        raise("IndexError", "list:setAt index (" + format_number(std::trunc(args[1].as_number())) +
                                ") out of range (list size: " + std::to_string(size) + ")");
    }
    Value result = std::move(args[0]);
    result.mutable_list()[*at] = std::move(args[2]);
    return result;
}

}  // namespace

void register_lists(BuiltinList& table) {
    table.push_back({"builtin__list:reverse", builtin_reverse});
    table.push_back({"builtin__list:find", builtin_list_find});
    table.push_back({"builtin__list:slice", builtin_slice});
    table.push_back({"builtin__slice", builtin_slice_any});
    table.push_back({"builtin__list:sort", builtin_sort});
    table.push_back({"builtin__list:fill", builtin_fill});
    table.push_back({"builtin__list:setAt", builtin_list_set_at});
}

}  // namespace ark::vm
