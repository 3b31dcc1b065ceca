// A109 dynamic-free-name: a free name that no enclosing scope and no global
// binds, found at run time only among the variables of some caller
// (ReferenceKind::Dynamic, DESIGN.md "Static tools on a dynamically scoped language").
#include "lints/lint.hpp"

namespace ark::lints {
namespace dynamic_free_name {

void run(const LintContext& ctx, std::vector<Diagnostic>& out) {
    const auto& table = ctx.symbols();
    for (size_t i = ctx.first_own_reference(); i < table.references.size(); ++i) {
        const analysis::Reference& r = table.references[i];
        if (r.kind != analysis::ReferenceKind::Dynamic || !ctx.in_main(r.range) || ctx.text(r.range) != r.name) continue;
        std::vector<const analysis::Symbol*> binders;
        bool is_field = false;
        for (const auto& s : table.symbols) {
            if (s.name != r.name) continue;
            // A closure field read by a method (LANGUAGE.md §4.4) is the intended use.
            if (s.kind == analysis::SymbolKind::Capture) is_field = true;
            binders.push_back(&s);
        }
        if (is_field) continue;
        Diagnostic d;
        if (binders.empty()) {
            d = ctx.make("A109", r.range, quoted(r.name) + " is bound nowhere: this `set' fails at run time");
            d.hint = "declare it first with `mut`";
        } else {
            d = ctx.make("A109", r.range, quoted(r.name) + " is not bound here: it is found at run time among the variables of a calling function");
            d.hint = "pass it as a parameter, or capture it with `&" + std::string(r.name) + "`";
            for (size_t i = 0; i < binders.size() && i < 3; ++i)
                d.related.push_back({binders[i]->name_range, quoted(r.name) + " is bound here"});
        }
        out.push_back(std::move(d));
    }
}

}  // namespace dynamic_free_name

extern const LintSpec kDynamicFreeName{
    .code = "A109",
    .slug = "dynamic-free-name",
    .summary = "a free name found only through dynamic scoping",
    .explanation =
        "ArkScript looks free names up through the chain of callers at run time. A name inside a function "
        "that no enclosing function and no global binds, but that some other function binds locally, only "
        "works when the function happens to be called from there; called from anywhere else it is a "
        "ScopeError. That is rarely intended: pass the value as a parameter or capture it. Reads of closure "
        "fields by methods are not reported. A `set` of a name bound nowhere is reported too.",
    .example = "(let show (fun () unit))\n(let as-meters (fun () { (let unit \"m\") (show) }))",
    .default_severity = Severity::Warning,
    .check_program = dynamic_free_name::run,
};

}  // namespace ark::lints
