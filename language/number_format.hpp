// How ArkScript writes a number (LANGUAGE.md §5.4): print, toString, error
// messages, and the compiler's messages and hovers that quote a literal.
#pragma once
#include <string>

namespace ark::language {

// Shortest decimal that reads back exactly, without a trailing ".0"; scientific
// notation when the decimal exponent is < -4 or >= 16 ("1e+16", "1e-05").
std::string format_number(double d);

}  // namespace ark::language
