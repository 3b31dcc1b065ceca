#include "operator_values.hpp"

#include <array>
#include <iterator>
#include <string>
#include <utility>

#include "builtins/registry.hpp"
#include "context.hpp"
#include "errors.hpp"
#include "opcodes.hpp"
#include "operators.hpp"
#include "vocabulary.hpp"

namespace ark::vm {

Value apply_operator(uint32_t op, std::span<Value> args, const Program& program) {
    const std::span<const Value> in(args.data(), args.size());
    switch (op) {
        case OP_ADD: return op_add(in);
        case OP_SUB: return op_sub(in);
        case OP_MUL: return op_mul(in);
        case OP_DIV: return op_div(in);
        case OP_MOD: return op_mod(in);
        case OP_EQ: return op_eq(args[0], args[1]);
        case OP_NEQ: return op_ne(args[0], args[1]);
        case OP_LT: return op_lt(args[0], args[1]);
        case OP_LE: return op_le(args[0], args[1]);
        case OP_GT: return op_gt(args[0], args[1]);
        case OP_GE: return op_ge(args[0], args[1]);
        case OP_NOT: return op_not(args[0]);
        case OP_LEN: return op_len(args[0]);
        case OP_EMPTY: return op_empty(args[0]);
        case OP_HEAD: return op_head(args[0]);
        case OP_TAIL: return op_tail(args[0]);
        case OP_IS_NIL: return op_is_nil(args[0]);
        case OP_AT: return op_at(args[0], args[1], program);
        case OP_AT_AT: return op_at_at(args[0], args[1], args[2], program);
        case OP_TO_NUMBER: return op_to_number(args[0]);
        case OP_TO_STRING: return op_to_string(args[0], program);
        case OP_TYPE: return op_type(args[0]);
        case OP_HAS_FIELD: return op_has_field(args[0], args[1], program);
        case OP_ASSERT: op_assert(args[0], args[1]); return Value::nil();
        case OP_LIST: return op_list(args);
        case OP_APPEND: return op_append(args);
        case OP_CONCAT: return op_concat(args);
        case OP_POP_LIST: return op_pop(args);
        default: raise("VMError", "operator instruction " + std::to_string(op) + " has no function value");
    }
}

namespace {

// The instruction of each inline operator, in language::operators() order.
constexpr uint32_t kOpcodes[] = {
#define ARK_OPERATOR(name, opcode, min, max, doc) OP_##opcode,
#include "vocabulary.def"
};
constexpr size_t kOperatorCount = std::size(kOpcodes);

// The function value of operator `Index`: its arity, then apply_operator.
template <size_t Index>
Value operator_function(ExecutionContext& ctx, std::span<Value> args) {
    const language::OperatorInfo& info = language::operators()[Index];
    const auto n = static_cast<int>(args.size());
    if (n < info.min_args || (info.max_args >= 0 && n > info.max_args)) {
        const std::string wanted = info.min_args == info.max_args ? std::to_string(info.min_args)
                                   : info.max_args < 0           ? "at least " + std::to_string(info.min_args)
                                                                 : std::to_string(info.min_args) + " to " + std::to_string(info.max_args);
        raise("ArityError", "Function `" + std::string(info.name) + "' needs " + wanted + " argument" +
                                (wanted == "1" ? "" : "s") + ", but it received " + std::to_string(n));
    }
    return apply_operator(kOpcodes[Index], args, ctx.program());
}

template <size_t... Index>
constexpr std::array<BuiltinFn, sizeof...(Index)> make_functions(std::index_sequence<Index...>) {
    return {&operator_function<Index>...};
}
constexpr auto kFunctions = make_functions(std::make_index_sequence<kOperatorCount>());

}  // namespace

std::span<const BuiltinFn> operator_functions() { return kFunctions; }

std::optional<uint32_t> operator_value_id(std::string_view name) {
    const auto all = language::operators();
    for (size_t i = 0; i < kOperatorCount && i < all.size(); ++i)
        if (all[i].name == name) return static_cast<uint32_t>(language::builtins().size() + i);
    return std::nullopt;
}

}  // namespace ark::vm
