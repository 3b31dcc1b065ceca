// `ark disasm FILE`: the bytecode of every code page, one instruction a line.
#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "opcodes.hpp"
#include "printer.hpp"

namespace ark::cli {

int cmd_disasm(const std::string& file, const CommonOptions& options) {
    auto text = read_text_file(file);
    if (!text) return kExitUsage;
    Compiled compiled = compile_source(file, std::move(*text), options);
    if (!compiled.program) {
        print_diagnostics(compiled.diagnostics, compiled.analysis->sources, options, false);
        return kExitCompileError;
    }
    const vm::Program& p = *compiled.program;
    for (size_t i = 0; i < p.pages.size(); ++i) {
        const vm::CodePage& page = p.pages[i];
        std::cout << "page " << i << " <" << page.name << "> params=" << page.n_params << " bound=[";
        for (size_t k = 0; k < page.bound.size(); ++k) std::cout << (k ? " " : "") << p.symbol_names[page.bound[k]];
        std::cout << "]\n";
        for (size_t pc = 0; pc < page.code.size(); ++pc) {
            const vm::Instr& ins = page.code[pc];
            char buf[64];
            std::snprintf(buf, sizeof buf, "  %5zu  %-28s", pc, vm::op_name(ins.op));
            std::cout << buf;
            switch (ins.op) {
                case vm::OP_CONST: std::cout << ins.a << "  ; " << vm::to_repr(p.constants[ins.a], p); break;
                case vm::OP_LOAD: case vm::OP_STORE: case vm::OP_SET: case vm::OP_DEL: case vm::OP_FIELD: case vm::OP_ADD_TO:
                case vm::OP_FIELD_KEEP: case vm::OP_POP_IN: case vm::OP_SET_AT_IN: case vm::OP_SET_AT_AT_IN:
                    std::cout << ins.a << "  ; " << p.symbol_names[ins.a]; break;
                case vm::OP_APPEND_IN: case vm::OP_CONCAT_IN:
                    std::cout << ins.a << " " << ins.b << "  ; " << p.symbol_names[ins.a]; break;
                case vm::OP_INC_CONST:
                    std::cout << ins.a << " " << ins.b << "  ; " << p.symbol_names[ins.a] << " += " << vm::to_repr(p.constants[ins.b], p); break;
                case vm::OP_ADD_CONST: case vm::OP_SUB_CONST:
                    std::cout << vm::to_repr(p.constants[ins.b], p); break;
                case vm::OP_LT_CONST_JUMP_IF_FALSE:
                    std::cout << ins.a << "  ; < " << vm::to_repr(p.constants[ins.b], p); break;
                case vm::OP_LOAD_ADD_CONST: case vm::OP_LOAD_SUB_CONST:
                    std::cout << ins.a << " " << ins.b << "  ; " << p.symbol_names[ins.a]
                              << (ins.op == vm::OP_LOAD_ADD_CONST ? " + " : " - ") << vm::to_repr(p.constants[ins.b], p);
                    break;
                case vm::OP_LOAD_LT_CONST_JUMP_IF_FALSE:
                    std::cout << ins.a << "  ; " << p.symbol_names[ins.b] << " < " << vm::to_repr(p.constants[ins.c], p); break;
                case vm::OP_CALL: case vm::OP_METHOD:
                    std::cout << ins.a;
                    if (ins.b != vm::kNoSymbol) std::cout << "  ; " << p.symbol_names[ins.b];
                    break;
                case vm::OP_NIL: case vm::OP_TRUE: case vm::OP_FALSE: case vm::OP_POP: case vm::OP_RET: case vm::OP_NOP:
                case vm::OP_SYS_ARGS:
                    break;
                default: std::cout << ins.a; if (ins.b) std::cout << " " << ins.b; break;
            }
            std::cout << "\n";
        }
    }
    return 0;
}

}  // namespace ark::cli
