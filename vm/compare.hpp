// Equality and ordering of values (LANGUAGE.md §5.3), shared by the `=`/`<`
// operators, list:find and list:sort.
#pragma once
#include <cstdint>

#include "value.hpp"

namespace ark::vm {

// `=`: different kinds are never equal; numbers by IEEE (NaN != NaN); strings
// bytewise; lists pairwise; dicts by their (key, value) pairs in any order;
// closures by code page and captured (name, value) pairs in order; user types
// by identity.
bool values_equal(const Value& a, const Value& b);

// A hash of the contents that values_equal compares: equal values hash alike
// (0 and -0 included), so a dict finds a key by an equal value. Dicts hash by
// kind only (their contents change while they sit in a table) and closures by
// code page (their captures may change); lists by their elements.
uint64_t value_hash(const Value& v);

// A total order, for sorting (list:sort) and ordering the elements of two
// lists: within a kind numbers numerically, strings by unsigned bytes, lists
// lexicographically, functions/builtins/closures by id; dicts, user types
// and the constants are never less than their own kind; across kinds by the
// Tag order (List < Number < String < ... < Undefined).
bool value_less(const Value& a, const Value& b);

// Whether `type` names the two values' types alike (true and false are both Bool).
inline bool same_type(const Value& a, const Value& b) {
    const auto boolean = [](Tag t) { return t == Tag::True || t == Tag::False; };
    return a.tag() == b.tag() || (boolean(a.tag()) && boolean(b.tag()));
}

// The operators `<`, `>`, `<=`, `>=` (ArkScript 4.2+, LANGUAGE-4.8 §5.3):
// values of different types are not ordered, so all four are false for them;
// values of one type are ordered as value_less orders them.
inline bool ordered_less(const Value& a, const Value& b) { return same_type(a, b) && value_less(a, b); }

}  // namespace ark::vm
