// `ark disasm FILE`: the bytecode of every code page, one instruction a line.
#include <iostream>

#include "commands.hpp"
#include "disassemble.hpp"

namespace ark::cli {

int cmd_disasm(const std::string& file, const CommonOptions& options) {
    auto text = read_text_file(file);
    if (!text) return kExitUsage;
    Compiled compiled = compile_source(file, std::move(*text), options);
    if (!compiled.program) {
        print_diagnostics(compiled.diagnostics, compiled.analysis->sources, options, false);
        return kExitCompileError;
    }
    for (size_t i = 0; i < compiled.program->pages.size(); ++i) std::cout << vm::disassemble_page(*compiled.program, i);
    return 0;
}

}  // namespace ark::cli
