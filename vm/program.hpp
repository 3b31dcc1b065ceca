// The immutable Program: code pages, constants, symbol names, source positions.
// Built once by the compiler, then shared read-only by every thread.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "value.hpp"

namespace ark::vm {

// One instruction: an opcode (opcodes.def) and up to three operands whose
// meaning each opcode documents there (only the fused superinstructions use c).
struct Instr {
    uint32_t op;
    uint32_t a = 0;
    uint32_t b = 0;
    uint32_t c = 0;
};

inline constexpr uint32_t kNoSymbol = UINT32_MAX;

struct SourcePos {
    uint32_t file = 0;  // index into Program::files
    uint32_t line = 0;  // 1-based
    uint32_t column = 0;  // 1-based
};

struct CodePage {
    std::string name;               // function name for traces ("<global>", "f", "<lambda>")
    uint32_t n_params = 0;
    std::vector<uint32_t> params;   // symbol ids
    std::vector<uint32_t> captures; // symbol ids, in capture order: the variables they read
    // The field name of each capture (symbol ids, parallel to `captures`):
    // the name written after `&`, which differs from the variable for a
    // package's global (`&n` reads `pkg:n` and makes `.n`, LANGUAGE-4.8 §3.5).
    std::vector<uint32_t> capture_names;
    // Symbols this function binds in its call scope (params, captures, let/mut
    // names): their cells are saved on entry and restored on return
    // (shallow binding, DESIGN.md).
    std::vector<uint32_t> bound;
    // The let/mut names of this page's loop bodies, one run per loop (4.0+: a
    // loop body is a scope). As an iteration starts, SAVE_CELLS makes room
    // on the stack for each name's outer value; the body's let/mut of a name
    // (STORE_LOOP_LOCAL) saves the outer value the first time, so a write to
    // the outer variable earlier in the iteration is kept; RESTORE_CELLS puts
    // the saved values back as the iteration ends, so the condition, the next
    // iteration and the code after the loop see the outer variables again.
    // These names are in `bound` too (an error leaving the call
    // mid-iteration restores them), and so is each loop's hidden cell that
    // tells where its saved values are on the stack.
    std::vector<uint32_t> scope_cells;
    uint32_t n_captures = 0;  // captures.size() and bound.size(), kept as plain
    uint32_t n_bound = 0;     // numbers for the call path

    std::vector<Instr> code;
    std::vector<SourcePos> positions;  // one per instruction
    // Upper bound of stack slots one activation needs from its first saved
    // cell (the saved cells, then at most one push per instruction), so the
    // interpreter checks capacity once per call.
    uint32_t max_stack = 0;
};

struct Program {
    std::vector<std::string> symbol_names;  // symbol id -> name
    std::vector<Value> constants;
    std::vector<CodePage> pages;             // page 0 is the top level
    std::vector<std::string> files;          // file index -> path
    // pc in page 0 where each top-level form of the main program starts (the
    // REPL runs only the forms it has not run yet).
    std::vector<uint32_t> top_level_starts;
    std::string location(const SourcePos& p) const {
        if (p.line == 0 || p.file >= files.size()) return {};
        return files[p.file] + ":" + std::to_string(p.line) + ":" + std::to_string(p.column);
    }
};

}  // namespace ark::vm
