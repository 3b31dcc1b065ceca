// Names with a fixed meaning in the language: keywords, operators compiled
// inline, list instructions. Shared by the code generator and the checks.
#pragma once
#include <optional>
#include <string_view>

namespace ark::codegen {

struct OperatorInfo {
    std::string_view name;
    uint32_t op;       // vm::Op
    int min_args;
    int max_args;      // -1 = any number
};

// Inline operators and list instructions (LANGUAGE.md §6.1, §6.2).
std::optional<OperatorInfo> find_operator(std::string_view name);

bool is_keyword(std::string_view name);          // let mut set fun if while begin import del and or
bool is_in_place_list_op(std::string_view name); // append! concat! pop!
// Names nobody may bind: keywords, operators, list instructions, builtins, constants.
bool is_reserved(std::string_view name);

}  // namespace ark::codegen
