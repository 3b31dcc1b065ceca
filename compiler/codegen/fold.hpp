// Compile-time constant folding: an operator form whose operands are all
// literals (or foldable forms) is computed once by the code generator, with
// the VM's own operator functions, so the folded value is exactly what the
// program would have computed. Operators cannot be rebound (forms.hpp,
// is_reserved), so folding never changes meaning.
#pragma once
#include <optional>

#include "syntax/sexp.hpp"
#include "value.hpp"

namespace ark::codegen {

// The value of `e` if it is a number or string literal, or an arithmetic,
// comparison or `not` form over foldable operands whose evaluation does not
// raise; nullopt otherwise (the error, if any, is left to run time, with its
// traceback).
std::optional<vm::Value> fold_constant(const syntax::Sexp& e);

}  // namespace ark::codegen
