#include "codegen/forms.hpp"

#include <array>

#include "builtins/registry.hpp"
#include "opcodes.hpp"

namespace ark::codegen {

std::optional<OperatorInfo> find_operator(std::string_view name) {
    using namespace vm;
    static constexpr std::array<OperatorInfo, 28> table{{
        {"+", OP_ADD, 2, -1},       {"-", OP_SUB, 2, -1},       {"*", OP_MUL, 2, -1},
        {"/", OP_DIV, 2, -1},       {"mod", OP_MOD, 2, -1},     {"=", OP_EQ, 2, 2},
        {"!=", OP_NEQ, 2, 2},       {"<", OP_LT, 2, 2},         {"<=", OP_LE, 2, 2},
        {">", OP_GT, 2, 2},         {">=", OP_GE, 2, 2},        {"not", OP_NOT, 1, 1},
        {"len", OP_LEN, 1, 1},      {"empty?", OP_EMPTY, 1, 1}, {"head", OP_HEAD, 1, 1},
        {"tail", OP_TAIL, 1, 1},    {"nil?", OP_IS_NIL, 1, 1},  {"@", OP_AT, 2, 2},
        {"toNumber", OP_TO_NUMBER, 1, 1}, {"toString", OP_TO_STRING, 1, 1},
        {"type", OP_TYPE, 1, 1},    {"hasField", OP_HAS_FIELD, 2, 2}, {"assert", OP_ASSERT, 2, 2},
        {"list", OP_LIST, 0, -1},   {"append", OP_APPEND, 2, -1}, {"concat", OP_CONCAT, 2, -1},
        {"pop", OP_POP_LIST, 2, 2}, {"", OP_NOP, 0, 0},
    }};
    for (const auto& info : table)
        if (!info.name.empty() && info.name == name) return info;
    return std::nullopt;
}

bool is_keyword(std::string_view name) {
    static constexpr std::array<std::string_view, 11> words{"let", "mut", "set", "fun", "if", "while",
                                                           "begin", "import", "del", "and", "or"};
    for (auto w : words)
        if (w == name) return true;
    return false;
}

bool is_in_place_list_op(std::string_view name) { return name == "append!" || name == "concat!" || name == "pop!"; }

bool is_reserved(std::string_view name) {
    return is_keyword(name) || is_in_place_list_op(name) || find_operator(name).has_value() ||
           vm::find_builtin(name).has_value() || vm::builtin_constant(name).has_value() || name == "sys:args";
}

}  // namespace ark::codegen
