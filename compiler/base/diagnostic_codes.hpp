// Builds a Diagnostic from a code of diagnostic_codes.def; the kind and the
// severity come from the table so one code always reads the same.
#pragma once
#include <string_view>

#include "base/diagnostic.hpp"

namespace ark {

// The kind (SyntaxError, ..., or "warning") registered for a code, "" if unknown.
std::string_view diagnostic_kind(std::string_view code);
std::string_view diagnostic_slug(std::string_view code);

Diagnostic make_diagnostic(std::string_view code, SourceRange where, std::string message);

}  // namespace ark
