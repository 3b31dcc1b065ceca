// What the cursor is on, in terms of the symbol table: shared by hover,
// definition, references, highlight and rename.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "analysis/analysis.hpp"

namespace ark::lsp::features {

struct CursorTarget {
    int reference = -1;  // index into SymbolTable::references, if the cursor is on a use
    int symbol = -1;     // the definition (the one used, or the one under the cursor)
    SourceRange range;   // the name under the cursor
};

// The definition or reference under `offset` in the main file. A reference wins
// over a definition when both touch the offset (the cursor between `(set x` and `x`).
std::optional<CursorTarget> target_at(const analysis::Analysis& analysis, uint32_t offset);

// The symbol and its redeclarations: `(mut x 1) ... (mut x 2)` in one scope are
// one variable to a user, though the table has two Symbols.
std::vector<int> symbol_group(const analysis::SymbolTable& table, int symbol);

struct Occurrence {
    SourceRange where;
    bool is_definition = false;
    bool is_write = false;
};

// Every definition and resolved reference of the symbol's group, in source order.
std::vector<Occurrence> occurrences(const analysis::Analysis& analysis, int symbol);

// The field name a capture makes: the name written after `&`, which is not
// the captured variable's for a package's global (`&n` reads `pkg:n` and makes
// `.n`, LANGUAGE-4.8 §3.5). `capture` is a SymbolKind::Capture.
std::string capture_field_name(const analysis::Analysis& analysis, const analysis::Symbol& capture);

}  // namespace ark::lsp::features
