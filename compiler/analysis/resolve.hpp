// Name resolution and the compile-time checks that need it (LANGUAGE.md §3.10):
// unbound names (with a suggestion), reserved names, bad captures, `let`
// redefinition, `set` of a constant, in-place mutation of a constant, and
// arity warnings for calls whose target is known.
#pragma once
#include <memory>
#include <vector>

#include "analysis/analysis.hpp"
#include "analysis/check_forms.hpp"

namespace ark::analysis {

// What resolving a program leaves for resolving more top-level forms after
// it (resolve_after): its interned names, global scope and hints, shared
// read-only; each continuation works on its own copy. It reads the names of
// that program's nodes in place: keep the program alive with it.
class ResolverState;

// `malformed` (from check_forms) are skipped: they define and read nothing.
// `node_count`: what label_nodes() returned (the size of table.nodes).
// With `state`, also keeps what resolve_after() needs to continue.
// `hints`: an unbound name's error gets its "did you mean" hint and fixes
// (the edit distance to every defined name of a similar length). Callers
// pass false when the program has a syntax error: then the resolver's errors
// are dropped (set_diagnostics), and a `"` left open while typing turns the
// rest of a file into hundreds of unbound names, whose hints were 40% of
// the analysis.
void resolve(const std::vector<syntax::Sexp>& program, uint32_t node_count, const MalformedForms& malformed, SymbolTable& table,
             std::vector<Diagnostic>& diagnostics, std::shared_ptr<const ResolverState>* state = nullptr,
             bool hints = true);

// Resolves `program`, top-level forms that come after the program `state`
// was made from, into `table`: a SymbolTable built on top of that program's
// table, whose node ids `program` continues (label_nodes' `first_id`). The
// forms see every global and name that program defined, as if they had been
// resolved with it; references in that program are not revisited, so they do
// not see the names these forms define.
void resolve_after(const ResolverState& state, const std::vector<syntax::Sexp>& program, uint32_t node_count,
                   const MalformedForms& malformed, SymbolTable& table, std::vector<Diagnostic>& diagnostics,
                   bool hints = true);

}  // namespace ark::analysis
