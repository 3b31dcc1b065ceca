// The immutable Program: code pages, constants, symbol names, source positions.
// Built once by the compiler, then shared read-only by every thread.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "value.hpp"

namespace ark::vm {

struct Instr {
    uint8_t op;
    uint8_t small;   // small operand (argument counts)
    uint16_t extra;  // second operand when needed
    uint32_t arg;    // main operand: constant, symbol, page, jump target
};

struct SourcePos {
    uint32_t file = 0;  // index into Program::files
    uint32_t line = 0;  // 1-based
    uint32_t column = 0;  // 1-based
};

struct CodePage {
    std::string name;               // function name for traces ("<global>", "f", "<lambda>")
    uint32_t n_params = 0;
    std::vector<uint32_t> params;   // symbol ids
    std::vector<uint32_t> captures; // symbol ids, in capture order
    // Symbols this function binds in its call scope (params, captures, let/mut
    // names): their cells are saved on entry and restored on return
    // (shallow binding, DESIGN.md).
    std::vector<uint32_t> bound;
    std::vector<Instr> code;
    std::vector<SourcePos> positions;  // one per instruction
};

struct Program {
    std::vector<std::string> symbol_names;  // symbol id -> name
    std::vector<Value> constants;
    std::vector<CodePage> pages;             // page 0 is the top level
    std::vector<std::string> files;          // file index -> path
    std::string location(const SourcePos& p) const {
        if (p.line == 0 || p.file >= files.size()) return {};
        return files[p.file] + ":" + std::to_string(p.line) + ":" + std::to_string(p.column);
    }
};

}  // namespace ark::vm
