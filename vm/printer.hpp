// Turning values into text (LANGUAGE.md §5.4): print, puts, toString, str:format's
// `{}` and every error message that shows a value. Knows nothing of the interpreter.
#pragma once
#include <string>

#include "program.hpp"
#include "value.hpp"

namespace ark::vm {

// Shortest decimal that reads back exactly, without a trailing ".0"; scientific
// notation when the decimal exponent is < -4 or >= 16 ("1e+16", "1e-05").
std::string format_number(double d);

// Appends the text of `v`. `nested` is true inside a list: strings are then
// quoted (not escaped). Closure fields and top-level values use nested = false.
void append_value(std::string& out, const Value& v, const Program& program, bool nested);

// The text print/toString produce for `v` (top-level rules: strings raw).
std::string to_display(const Value& v, const Program& program);

// The text of `v` as an element of a list would show it (strings quoted), used
// by error messages such as `9 out of range "ab" (length 2)`.
std::string to_repr(const Value& v, const Program& program);

// The result of (type v) (LANGUAGE.md §5.1): Number String List Function CProc
// Closure UserType Nil Bool Undefined.
const char* type_name(const Value& v);

}  // namespace ark::vm
