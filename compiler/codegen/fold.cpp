#include "codegen/fold.hpp"

#include <vector>

#include "codegen/forms.hpp"
#include "errors.hpp"
#include "opcodes.hpp"
#include "operator_values.hpp"

namespace ark::codegen {

using syntax::Sexp;
using syntax::SexpKind;
using namespace vm;

namespace {

// The operators computed at compile time: pure functions of their operands
// (toString reads the program, list allocates a new value per run).
bool foldable(uint32_t op) {
    switch (op) {
        case OP_ADD: case OP_SUB: case OP_MUL: case OP_DIV: case OP_MOD:
        case OP_EQ: case OP_NEQ: case OP_LT: case OP_LE: case OP_GT: case OP_GE: case OP_NOT:
            return true;
        default:
            return false;
    }
}

}  // namespace

std::optional<Value> fold_constant(const Sexp& e) {
    if (e.kind == SexpKind::Number) return Value::number(e.number());
    if (e.kind == SexpKind::String) return Value::string(e.text);
    if (e.kind != SexpKind::List) return std::nullopt;
    const auto op = find_operator(e.head_name());
    if (!op || !foldable(op->op)) return std::nullopt;
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
        static const Program kNoProgram;  // the folded operators never read it
        return apply_operator(op->op, args, kNoProgram);
    } catch (const ArkError&) {
        return std::nullopt;  // e.g. (/ 1 0): raised at run time, where it has a traceback
    }
}

}  // namespace ark::codegen
