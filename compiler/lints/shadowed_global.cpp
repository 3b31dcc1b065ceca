// A104 shadowed-global: a local variable or parameter with the name of a
// global of the same program, when a function called while it is bound reads
// that global. Builtins can not be rebound at all (E0102); a global can, and
// with dynamic scoping the shadow reaches every callee: a callee that reads
// the global as a free name reads the shadow instead. A shadow no callee can
// see (as far as calls of known functions go) is harmless and not reported.
#include <set>
#include <string_view>
#include <unordered_map>

#include "lints/lint.hpp"
#include "lints/tasks.hpp"

namespace ark::lints {
namespace shadowed_global {

// The function a call starts: the callee of (f args...), or f of (async f args...).
const Sexp* called_function(const LintContext& ctx, const Sexp& node) {
    if (node.kind != SexpKind::List || node.children.empty()) return nullptr;
    if (is_call(node, "async")) return node.children.size() >= 2 ? ctx.function_of(node.children[1]) : nullptr;
    return ctx.function_of(node.children[0]);
}

struct FreeRead {
    const Sexp* read = nullptr;  // the symbol node that reads the global, nullptr if none
};

// A read of `name` as a free name (the global, or a dynamic lookup) in a
// function that `fun` calls, directly or through other known functions.
FreeRead callee_reading(const LintContext& ctx, const Sexp& fun, std::string_view name, std::set<const Sexp*>& seen) {
    FreeRead found;
    walk_body(fun, [&](const Sexp& node) {
        if (found.read) return;
        const Sexp* callee = called_function(ctx, node);
        if (!callee || !seen.insert(callee).second) return;
        walk_body(*callee, [&](const Sexp& inner) {
            if (found.read || !inner.is_symbol(name)) return;
            const analysis::Reference* r = ctx.reference(inner);
            if (!r || r->is_write) return;
            const bool free = r->kind == analysis::ReferenceKind::Dynamic ||
                              (r->kind == analysis::ReferenceKind::Resolved &&
                               ctx.symbols().symbols[r->symbol].kind == analysis::SymbolKind::Global);
            if (free) found.read = &inner;
        });
        if (!found.read) found = callee_reading(ctx, *callee, name, seen);
    });
    return found;
}

void run(const LintContext& ctx, std::vector<Diagnostic>& out) {
    const auto& table = ctx.symbols();
    // The first global of each name.
    std::unordered_map<std::string_view, int> global_named;
    for (int g : table.scopes[0].symbols) global_named.emplace(table.symbols[g].name, g);
    for (size_t i = ctx.first_own_symbol(); i < table.symbols.size(); ++i) {
        if (ctx.cancelled()) return;
        const analysis::Symbol& s = table.symbols[i];
        if (s.kind != analysis::SymbolKind::Local && s.kind != analysis::SymbolKind::Parameter) continue;
        if (!ctx.in_main(s.name_range) || ctx.text(s.name_range) != s.name || s.name.starts_with("_")) continue;
        // The function, or the loop (4.0+: a while body is a scope), whose
        // body the variable is bound in.
        const Sexp* fun = ctx.function_of_scope(s.scope);
        if (!fun) continue;
        const auto named = global_named.find(s.name);
        if (named == global_named.end()) continue;
        const analysis::Symbol& global = table.symbols[named->second];
        std::set<const Sexp*> seen{fun};
        const FreeRead reader = callee_reading(ctx, *fun, s.name, seen);
        if (!reader.read) continue;
        const std::string what = s.kind == analysis::SymbolKind::Parameter ? "parameter" : "variable";
        const bool in_loop = table.scopes[s.scope].is_loop;
        Diagnostic d = ctx.make("A104", s.name_range,
                                what + " " + quoted(s.name) + " shadows the global " + quoted(s.name) + " for the functions " +
                                    (in_loop ? "its loop body calls" : "this one calls"));
        d.related.push_back({global.name_range, "the global " + quoted(s.name) + " is defined here"});
        d.related.push_back({reader.read->where, "read here by a function called while the " + what + " is bound"});
        d.hint = "rename it: functions called from here read it instead of the global";
        out.push_back(std::move(d));
    }
}

}  // namespace shadowed_global

extern const LintSpec kShadowedGlobal{
    .code = "A104",
    .slug = "shadowed-global",
    .summary = "a local variable or parameter named like a global of the program",
    .explanation =
        "Builtins can not be rebound, but globals can be shadowed by a parameter or a local variable of the "
        "same name. In ArkScript that is more than a readability problem: names are looked up dynamically "
        "through the callers, so every function called while the shadow is bound and that reads the global "
        "reads the shadow instead. The lint reports a shadow when a function called from its body (directly "
        "or through other functions of the program) reads the global; give the local a different name. A "
        "shadow that no such function reads changes nothing and is not reported.",
    .example = "(let total 0)\n(let report (fun () (print total)))\n(let add (fun (total x) { (report) (+ total x) }))",
    .default_severity = Severity::Warning,
    .check_program = shadowed_global::run,
};

}  // namespace ark::lints
