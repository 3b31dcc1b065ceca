// A code page's bytecode as text, one instruction a line: `ark disasm` and
// the `disassemble` builtin (4.1+) print it.
#pragma once
#include <string>

#include "program.hpp"

namespace ark::vm {

std::string disassemble_page(const Program& program, size_t page);

}  // namespace ark::vm
