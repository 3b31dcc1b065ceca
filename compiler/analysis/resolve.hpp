// Name resolution and the compile-time checks that need it (LANGUAGE.md §3.10):
// unbound names (with a suggestion), reserved names, bad captures, `let`
// redefinition, `set` of a constant, in-place mutation of a constant, and
// arity warnings for calls whose target is known.
#pragma once
#include <vector>

#include "analysis/analysis.hpp"
#include "analysis/check_forms.hpp"

namespace ark::analysis {

// `malformed` (from check_forms) are skipped: they define and read nothing.
// `node_count`: what label_nodes() returned (the size of table.nodes).
void resolve(const std::vector<syntax::Sexp>& program, uint32_t node_count, const MalformedForms& malformed, SymbolTable& table,
             std::vector<Diagnostic>& diagnostics);

}  // namespace ark::analysis
