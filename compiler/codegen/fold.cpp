#include "codegen/fold.hpp"

#include <vector>

#include "codegen/forms.hpp"
#include "errors.hpp"
#include "opcodes.hpp"
#include "operators.hpp"

namespace ark::codegen {

using syntax::Sexp;
using syntax::SexpKind;
using namespace vm;

namespace {

std::optional<Value> apply(uint32_t op, std::span<const Value> args) {
    switch (op) {
        case OP_ADD: return op_add(args);
        case OP_SUB: return op_sub(args);
        case OP_MUL: return op_mul(args);
        case OP_DIV: return op_div(args);
        case OP_MOD: return op_mod(args);
        case OP_EQ: return op_eq(args[0], args[1]);
        case OP_NEQ: return op_ne(args[0], args[1]);
        case OP_LT: return op_lt(args[0], args[1]);
        case OP_LE: return op_le(args[0], args[1]);
        case OP_GT: return op_gt(args[0], args[1]);
        case OP_GE: return op_ge(args[0], args[1]);
        case OP_NOT: return op_not(args[0]);
        default: return std::nullopt;  // needs the program (toString), or allocates per run (list)
    }
}

}  // namespace

std::optional<Value> fold_constant(const Sexp& e) {
    if (e.kind == SexpKind::Number) return Value::number(e.number);
    if (e.kind == SexpKind::String) return Value::string(e.text);
    if (e.kind != SexpKind::List) return std::nullopt;
    const auto op = find_operator(e.head_name());
    if (!op) return std::nullopt;
    const auto n = static_cast<int>(e.children.size()) - 1;
    if (n < op->min_args || (op->max_args >= 0 && n > op->max_args)) return std::nullopt;
    std::vector<Value> args;
    args.reserve(static_cast<size_t>(n));
    for (size_t i = 1; i < e.children.size(); ++i) {
        auto value = fold_constant(e.children[i]);
        if (!value) return std::nullopt;
        args.push_back(std::move(*value));
    }
    try {
        return apply(op->op, std::span<const Value>(args));
    } catch (const ArkError&) {
        return std::nullopt;  // e.g. (/ 1 0): raised at run time, where it has a traceback
    }
}

}  // namespace ark::codegen
