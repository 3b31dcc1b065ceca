// Operators as values (ArkScript 4.3+, LANGUAGE-4.8 §6.1): `(let add +)`,
// `(list:reduce xs +)`. The compiler still emits an instruction for an
// operator in call position; an operator read as a value is a builtin
// function (a CProc) whose id follows the vocabulary's builtins, and which
// checks the operator's arity and applies it as the instruction would.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "builtins/registry.hpp"
#include "program.hpp"
#include "value.hpp"

namespace ark::vm {

// What the instruction of inline operator `op` (a vm::Op) computes from `args`
// (already arity-checked); `args` may be moved from.
Value apply_operator(uint32_t op, std::span<Value> args, const Program& program);

// The builtin id of the function value of an inline operator (+, <, len,
// assert...), nullopt for any other name.
std::optional<uint32_t> operator_value_id(std::string_view name);

// The function values, in language::operators() order (the inline ones): the
// builtin table appends them after the vocabulary's builtins.
std::span<const BuiltinFn> operator_functions();

}  // namespace ark::vm
