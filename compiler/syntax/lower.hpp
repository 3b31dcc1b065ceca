// Lossless syntax tree -> S-expressions for macros, resolution and codegen.
#pragma once
#include <vector>

#include "syntax/sexp.hpp"
#include "syntax/tree.hpp"

namespace ark::syntax {

// Lowers every top-level form. Bare atoms at the top level get a diagnostic
// (LANGUAGE.md §2) and are dropped; Error nodes were reported by the parser.
std::vector<Sexp> lower(const SyntaxTree& tree, FileId file, std::vector<Diagnostic>& diagnostics);

// The diagnostic of a bare atom at the top level (lower() drops the atom).
Diagnostic top_level_atom_error(const SyntaxTree& tree, const SyntaxNode& atom, FileId file);

// Lowers one node (any depth).
Sexp lower_node(const SyntaxTree& tree, uint32_t node, FileId file);

}  // namespace ark::syntax
