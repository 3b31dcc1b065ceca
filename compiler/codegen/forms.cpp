#include "codegen/forms.hpp"

#include <unordered_map>

#include "opcodes.hpp"

namespace ark::codegen {

namespace {
using Table = std::unordered_map<std::string_view, OperatorInfo>;
std::optional<OperatorInfo> find_in(const Table& table, std::string_view name) {
    const auto it = table.find(name);
    if (it == table.end()) return std::nullopt;
    return it->second;
}
}  // namespace

std::optional<OperatorInfo> find_operator(std::string_view name) {
    static const Table table{
#define ARK_OPERATOR(name, opcode, min, max, doc) {name, OperatorInfo{name, vm::OP_##opcode, min, max}},
#include "vocabulary.def"
    };
    return find_in(table, name);
}

std::optional<OperatorInfo> find_in_place_op(std::string_view name) {
    static const Table table{
#define ARK_IN_PLACE(name, opcode, min, max, doc) {name, OperatorInfo{name, vm::OP_##opcode, min, max}},
#include "vocabulary.def"
    };
    return find_in(table, name);
}

}  // namespace ark::codegen
