// The opcode of each operator of language/vocabulary.def: the one thing about
// operators only the code generator needs. Names, arities and docs are the
// vocabulary's (language::find_operator).
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace ark::codegen {

struct OperatorInfo {
    std::string_view name;
    uint32_t op;  // vm::Op
    int min_args;
    int max_args;  // -1 = any number
};

// Inline operators (LANGUAGE.md §6.1, §6.2), with their opcode.
std::optional<OperatorInfo> find_operator(std::string_view name);
// List instructions on a variable (append! ... @@=), with their opcode.
std::optional<OperatorInfo> find_in_place_op(std::string_view name);

}  // namespace ark::codegen
