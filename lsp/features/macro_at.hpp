// Macros under the cursor. Expansion removes every use of a macro from the
// program the symbol table is built from, so hover and go-to-definition find
// macros here instead: from the lossless tree's token and the expander's
// record of every macro definition (imports included).
#pragma once
#include <optional>

#include "analysis/analysis.hpp"

namespace ark::lsp::features {

struct MacroTarget {
    const expand::MacroRecord* macro = nullptr;
    SourceRange range;       // the name under the cursor (main file)
    SourceRange name_range;  // the macro's name in its ($ NAME ...) definition
};

// The macro whose name is the symbol token at `offset` in the main file: the
// last definition before the cursor in the main file, else one from an import.
std::optional<MacroTarget> macro_at(const analysis::Analysis& analysis, uint32_t offset);

// The macro primitive (`$len`...) whose name is the symbol token at `offset`.
struct MacroPrimitiveTarget {
    const language::MacroPrimitiveInfo* info = nullptr;
    SourceRange range;
};
std::optional<MacroPrimitiveTarget> macro_primitive_at(const analysis::Analysis& analysis, uint32_t offset);

}  // namespace ark::lsp::features
