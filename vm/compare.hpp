// Equality and ordering of values (LANGUAGE.md §5.3), shared by the `=`/`<`
// operators, list:find and list:sort.
#pragma once
#include "value.hpp"

namespace ark::vm {

// `=`: different kinds are never equal; numbers by IEEE (NaN != NaN); strings
// bytewise; lists pairwise; closures by code page and captured (name, value)
// pairs in order; user types by identity.
bool values_equal(const Value& a, const Value& b);

// `<`: within a kind numbers numerically, strings by unsigned bytes, lists
// lexicographically, functions/builtins/closures by id; across kinds by the
// Tag order (List < Number < String < ... < Undefined).
bool value_less(const Value& a, const Value& b);

}  // namespace ark::vm
