// A104 shadowed-global: a local variable or parameter with the name of a
// global of the same program. Builtins can not be rebound at all (E0102); a
// global can, and with dynamic scoping the shadow reaches every callee.
#include "lints/lint.hpp"

namespace ark::lints {
namespace shadowed_global {

void run(const LintContext& ctx, std::vector<Diagnostic>& out) {
    const auto& table = ctx.symbols();
    for (const analysis::Symbol& s : table.symbols) {
        if (s.kind != analysis::SymbolKind::Local && s.kind != analysis::SymbolKind::Parameter) continue;
        if (!ctx.in_main(s.name_range) || ctx.text(s.name_range) != s.name || s.name.starts_with("_")) continue;
        for (int g : table.scopes[0].symbols) {
            const analysis::Symbol& global = table.symbols[g];
            if (global.name != s.name) continue;
            Diagnostic d = ctx.make("A104", s.name_range,
                                    std::string(s.kind == analysis::SymbolKind::Parameter ? "parameter " : "variable ") +
                                        quoted(s.name) + " shadows the global " + quoted(s.name));
            d.related.push_back({global.name_range, "the global " + quoted(s.name) + " is defined here"});
            d.hint = "rename it: functions called from here would read it instead of the global";
            out.push_back(std::move(d));
            break;
        }
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
        "reads the shadow instead. Give the local a different name.",
    .example = "(let total 0)\n(let add (fun (total x) (+ total x)))",
    .default_severity = Severity::Warning,
    .run = shadowed_global::run,
};

}  // namespace ark::lints
