// List builtins: list:reverse find slice sort fill setAt. Every one returns a
// new list; the argument list is reused only when nobody else holds it.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "../compare.hpp"
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

Value builtin_find(ExecutionContext&, std::span<Value> args) {
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

// Stable merge sort by value_less. Written out rather than std::stable_sort
// because `<` over NaN or mixed closures is not a strict weak order, which the
// standard algorithms may not survive; this one only ever picks a side.
void merge_sort(std::vector<Value>& items) {
    std::vector<Value> buffer(items.size());
    for (size_t width = 1; width < items.size(); width *= 2) {
        for (size_t lo = 0; lo < items.size(); lo += 2 * width) {
            size_t mid = std::min(lo + width, items.size());
            size_t hi = std::min(lo + 2 * width, items.size());
            size_t a = lo, b = mid, k = lo;
            while (a < mid && b < hi) {
                // Take from the right only when strictly smaller: keeps equal elements in order.
                if (value_less(items[b], items[a])) buffer[k++] = std::move(items[b++]);
                else buffer[k++] = std::move(items[a++]);
            }
            while (a < mid) buffer[k++] = std::move(items[a++]);
            while (b < hi) buffer[k++] = std::move(items[b++]);
        }
        items.swap(buffer);
    }
}

Value builtin_sort(ExecutionContext&, std::span<Value> args) {
    expect_shape("list:sort", "(List)", args, {Tag::List});
    Value result = std::move(args[0]);
    merge_sort(result.mutable_list());
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

Value builtin_set_at(ExecutionContext&, std::span<Value> args) {
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
    table.push_back({"builtin__list:find", builtin_find});
    table.push_back({"builtin__list:slice", builtin_slice});
    table.push_back({"builtin__list:sort", builtin_sort});
    table.push_back({"builtin__list:fill", builtin_fill});
    table.push_back({"builtin__list:setAt", builtin_set_at});
}

}  // namespace ark::vm
