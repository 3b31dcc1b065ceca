#include "codegen/forms.hpp"

#include <unordered_map>

#include "opcodes.hpp"

namespace ark::codegen {

std::optional<OperatorInfo> find_operator(std::string_view name) {
    static const std::unordered_map<std::string_view, OperatorInfo> table{
#define ARK_OPERATOR(name, opcode, min, max, doc) {name, OperatorInfo{name, vm::OP_##opcode, min, max}},
#include "vocabulary.def"
    };
    const auto it = table.find(name);
    if (it == table.end()) return std::nullopt;
    return it->second;
}

std::optional<OperatorInfo> find_in_place_op(std::string_view name) {
    static const std::unordered_map<std::string_view, OperatorInfo> table{
#define ARK_IN_PLACE(name, opcode, min, max, doc) {name, OperatorInfo{name, vm::OP_##opcode, min, max}},
#include "vocabulary.def"
    };
    const auto it = table.find(name);
    if (it == table.end()) return std::nullopt;
    return it->second;
}

}  // namespace ark::codegen
