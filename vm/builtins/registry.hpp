// The table of builtin functions (LANGUAGE.md §6.3). Names, signatures and
// docs are language/vocabulary.def's, and a builtin's id is its position
// there; codegen resolves builtin names to ids and the VM calls through this
// table. One family of builtins per file (strings.cpp, lists.cpp, io.cpp,
// math.cpp, system.cpp, lock.cpp, dicts.cpp; async in vm/async/), each registering its
// functions by name through a register_* function.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "value.hpp"

namespace ark::vm {

class ExecutionContext;

// Arguments arrive in a mutable span (the builtin may move out of them).
// Invariant: the span points into the context's stack, which a nested
// ctx.call() may reallocate; a builtin that calls back into the VM must copy
// what it needs from `args` before the call and not touch `args` after it.
using BuiltinFn = Value (*)(ExecutionContext& ctx, std::span<Value> args);

struct BuiltinSpec {
    std::string_view name;       // "str:format"
    BuiltinFn fn;
    std::string_view signature;  // "(str:format fmt value...)"
    std::string_view doc;        // one line, shown by hover and completion
};

// What a family registers: the function of the builtin the vocabulary names so.
struct BuiltinImplementation {
    std::string_view name;
    BuiltinFn fn;
};

// All builtins, in id order (aliases such as string:X for str:X included),
// then the function values of the operators (operator_values.hpp).
const std::vector<BuiltinSpec>& builtin_table();
std::optional<uint32_t> find_builtin(std::string_view name);

// Builtin constants that are not functions: true false nil math:pi math:e
// math:tau math:Inf math:NaN sys:platform. (sys:args is per run, see Runtime.)
std::optional<Value> builtin_constant(std::string_view name);

}  // namespace ark::vm
