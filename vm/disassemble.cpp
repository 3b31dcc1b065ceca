#include "disassemble.hpp"

#include <cstdio>
#include <sstream>

#include "opcodes.hpp"
#include "printer.hpp"

namespace ark::vm {

std::string disassemble_page(const Program& p, size_t i) {
    std::ostringstream out;
    const CodePage& page = p.pages[i];
    out << "page " << i << " <" << page.name << "> params=" << page.n_params << " bound=[";
    for (size_t k = 0; k < page.bound.size(); ++k) out << (k ? " " : "") << p.symbol_names[page.bound[k]];
    out << "]\n";
    for (size_t pc = 0; pc < page.code.size(); ++pc) {
        const Instr& ins = page.code[pc];
        char buf[64];
        std::snprintf(buf, sizeof buf, "  %5zu  %-28s", pc, op_name(ins.op));
        out << buf;
        switch (ins.op) {
            case OP_CONST: out << ins.a << "  ; " << to_repr(p.constants[ins.a], p); break;
            case OP_LOAD: case OP_RETURN_LOAD: case OP_STORE: case OP_SET: case OP_DEL: case OP_FIELD: case OP_ADD_TO:
            case OP_FIELD_KEEP: case OP_POP_IN: case OP_SET_AT_IN: case OP_SET_AT_AT_IN:
                out << ins.a << "  ; " << p.symbol_names[ins.a]; break;
            case OP_APPEND_IN: case OP_CONCAT_IN:
                out << ins.a << " " << ins.b << "  ; " << p.symbol_names[ins.a]; break;
            case OP_INC_CONST:
                out << ins.a << " " << ins.b << "  ; " << p.symbol_names[ins.a] << " += " << to_repr(p.constants[ins.b], p); break;
            case OP_ADD_CONST: case OP_SUB_CONST:
                out << to_repr(p.constants[ins.b], p); break;
            case OP_LT_CONST_JUMP_IF_FALSE:
                out << ins.a << "  ; < " << to_repr(p.constants[ins.b], p); break;
            case OP_LOAD_ADD_CONST: case OP_LOAD_SUB_CONST:
                out << ins.a << " " << ins.b << "  ; " << p.symbol_names[ins.a]
                          << (ins.op == OP_LOAD_ADD_CONST ? " + " : " - ") << to_repr(p.constants[ins.b], p);
                break;
            case OP_LOAD_LT_CONST_JUMP_IF_FALSE:
                out << ins.a << "  ; " << p.symbol_names[ins.b] << " < " << to_repr(p.constants[ins.c], p); break;
            case OP_SAVE_CELLS: case OP_RESTORE_CELLS:
                out << ins.a << " " << ins.b << "  ;";
                for (uint32_t k = 0; k < ins.b; ++k) out << " " << p.symbol_names[page.scope_cells[ins.a + k]];
                break;
            case OP_STORE_LOOP_LOCAL:
                out << ins.a << " " << ins.b << " " << ins.c << "  ; " << p.symbol_names[ins.a]; break;
            case OP_CALL: case OP_METHOD:
                out << ins.a;
                if (ins.b != kNoSymbol) out << "  ; " << p.symbol_names[ins.b];
                break;
            case OP_NIL: case OP_TRUE: case OP_FALSE: case OP_POP: case OP_RET: case OP_NOP:
            case OP_SYS_ARGS:
                break;
            default: out << ins.a; if (ins.b) out << " " << ins.b; break;
        }
        out << "\n";
    }
    return out.str();
}

}  // namespace ark::vm
