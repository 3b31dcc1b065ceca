// Name resolution and the compile-time checks that need it (LANGUAGE.md §3.10):
// unbound names (with a suggestion), reserved names, bad captures, `let`
// redefinition, `set` of a constant, in-place mutation of a constant, and
// arity warnings for calls whose target is known.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <span>
#include <vector>

#include "analysis/analysis.hpp"
#include "analysis/check_forms.hpp"

namespace ark::analysis {

// What resolving a program leaves for resolving more top-level forms after
// it (resolve_after): its interned names, global scope and hints, shared
// read-only; each continuation works on its own copy. It reads the names of
// that program's nodes in place: keep the program alive with it.
class ResolverState;
struct ResolutionMemo;
struct CheckOrigin;
struct FormMark;
namespace resolver_detail {
class Resolver;
}

// `malformed` (from check_forms) are skipped: they define and read nothing.
// `node_count`: what label_nodes() returned (the size of table.nodes).
// With `state`, also keeps what resolve_after() needs to continue.
// `hints`: an unbound name's error gets its "did you mean" hint and fixes
// (the edit distance to every defined name of a similar length). Callers
// pass false when the program has a syntax error: then the resolver's errors
// are dropped (set_diagnostics), and a `"` left open while typing turns the
// rest of a file into hundreds of unbound names, whose hints were 40% of
// the analysis.
// With `memo`, also records what a later WindowResolver needs: memo->origins
// gets an entry for each diagnostic this adds (it must already have one for
// each diagnostic given), the rest of the memo is set but memo->checks.
void resolve(const std::vector<syntax::Sexp>& program, uint32_t node_count, const MalformedForms& malformed, SymbolTable& table,
             std::vector<Diagnostic>& diagnostics, std::shared_ptr<const ResolverState>* state = nullptr,
             bool hints = true, ResolutionMemo* memo = nullptr);

// Resolves `program`, top-level forms that come after the program `state`
// was made from, into `table`: a SymbolTable built on top of that program's
// table, whose node ids `program` continues (label_nodes' `first_id`). The
// forms see every global and name that program defined, as if they had been
// resolved with it; references in that program are not revisited, so they do
// not see the names these forms define.
void resolve_after(const ResolverState& state, const std::vector<syntax::Sexp>& program, uint32_t node_count,
                   const MalformedForms& malformed, SymbolTable& table, std::vector<Diagnostic>& diagnostics,
                   bool hints = true, ResolutionMemo* memo = nullptr);

// What `forms` define, to tell whether an edit changed it: every let/mut
// name and parameter, and (second member true) every capture's field name,
// in the order the resolver meets them. Null when they bind an operator's
// name (with let, mut, set or as a parameter): that changes how every form
// is checked.
std::optional<std::vector<std::pair<std::string_view, bool>>> definitions_of(std::span<const syntax::Sexp> forms);

// Resolves again only some consecutive top-level forms of a file (the
// window an edit touched), as the whole resolution `memo` was recorded from
// (by resolve() or resolve_after(), `base` the preamble's state for the
// latter) would, provided what the window defines is as it was (the caller
// checks: splice_resolution.hpp). Three steps, on a table that holds:
//  - at construction, the entries of the forms before the window;
//  - visit() adds the window's symbols, scopes and references, and reports
//    what the walk finds;
//  - then the caller adds the entries of the forms after the window, and
//    finish() resolves the window's references.
// Diagnostics go to `diagnostics`, their origins (with `first_form`, the
// window's first form's index) to `origins`; `hints` as for resolve().
class WindowResolver {
public:
    WindowResolver(const ResolverState* base, const ResolutionMemo& memo, uint32_t first_form, const MalformedForms& malformed,
                   SymbolTable& table, std::vector<Diagnostic>& diagnostics, std::vector<CheckOrigin>& origins, bool hints);
    ~WindowResolver();
    WindowResolver(const WindowResolver&) = delete;
    WindowResolver& operator=(const WindowResolver&) = delete;

    // `end_node`: one past the window's last node id.
    void visit(std::span<const syntax::Sexp> forms, uint32_t end_node);
    void finish();
    // Where each window form's entries start, then where they end.
    const std::vector<FormMark>& marks() const;
    // Whether a window symbol is a let/mut bound to a (dict ...) call.
    bool bound_to_dict(int symbol) const;
    // Gives the E0101 of the unbound `name`, made without hints, the hint
    // and fixes it has with them.
    void add_hints(Diagnostic& unbound, const std::string& name);

private:
    std::unique_ptr<resolver_detail::Resolver> resolver_;
};

}  // namespace ark::analysis
