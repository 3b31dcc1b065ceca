// The opcode enum and names, generated from opcodes.def.
#pragma once
#include <cstdint>

namespace ark::vm {

enum Op : uint32_t {
#define ARK_OP(NAME, MEANING) OP_##NAME,
#include "opcodes.def"
#undef ARK_OP
    OP_COUNT_
};

inline const char* op_name(uint32_t op) {
    static const char* const names[] = {
#define ARK_OP(NAME, MEANING) #NAME,
#include "opcodes.def"
#undef ARK_OP
    };
    return op < OP_COUNT_ ? names[op] : "?";
}

}  // namespace ark::vm
