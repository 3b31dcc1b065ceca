// Turning values into text (LANGUAGE.md §5.4): print, puts, toString, str:format's
// `{}` and every error message that shows a value. Knows nothing of the interpreter.
#pragma once
#include <string>

#include "number_format.hpp"
#include "program.hpp"
#include "value.hpp"

namespace ark::vm {

// Numbers are written as language::format_number does (the compiler quotes
// literals the same way).
using language::format_number;

// Appends the text of `v`. `nested` is true inside a list: strings are then
// quoted (not escaped). Closure fields, dict keys and values and top-level
// values use nested = false.
void append_value(std::string& out, const Value& v, const Program& program, bool nested);

// The text print/toString produce for `v` (top-level rules: strings raw).
std::string to_display(const Value& v, const Program& program);

// The text of `v` as an element of a list would show it (strings quoted), used
// by error messages such as `9 out of range "ab" (length 2)`.
std::string to_repr(const Value& v, const Program& program);

// The result of (type v) (LANGUAGE.md §5.1): Number String List Function CProc
// Closure UserType Dict Nil Bool Undefined.
const char* type_name(const Value& v);

}  // namespace ark::vm
