// A102 unused-parameter: a function parameter nothing reads.
#include <algorithm>

#include "lints/lint.hpp"
#include "lints/rename.hpp"

namespace ark::lints {
namespace unused_parameter {

void run(const LintContext& ctx, std::vector<Diagnostic>& out) {
    const auto& table = ctx.symbols();
    for (size_t i = ctx.first_own_symbol(); i < table.symbols.size(); ++i) {
        const analysis::Symbol& s = table.symbols[i];
        int index = static_cast<int>(i);
        if (s.kind != analysis::SymbolKind::Parameter || !ctx.in_main(s.name_range) || s.name.starts_with("_")) continue;
        if (ctx.text(s.name_range) != s.name || ctx.is_read(index)) continue;
        // Writes (set, del, in-place list ops) are uses of a parameter too.
        bool resolved_to_it = false;
        for (size_t r = ctx.first_own_reference(); r < table.references.size() && !resolved_to_it; ++r)
            resolved_to_it = table.references[r].symbol == index && table.references[r].kind == analysis::ReferenceKind::Resolved;
        if (resolved_to_it) continue;
        Diagnostic d = ctx.make("A102", s.name_range, "parameter " + quoted(s.name) + " is never used");
        d.hint = "prefix its name with `_` if callers must pass it anyway";
        if (auto fix = underscore_fix(ctx, index)) d.fixes.push_back(std::move(*fix));
        out.push_back(std::move(d));
    }
}

}  // namespace unused_parameter

extern const LintSpec kUnusedParameter{
    .code = "A102",
    .slug = "unused-parameter",
    .summary = "a function parameter that is never used",
    .explanation =
        "Every call must pass a value for each parameter (there are no optional parameters), so a parameter "
        "the body never reads costs every caller an argument and usually means the body uses the wrong "
        "name. Reads through dynamic scoping (a function called from the body that reads the same name) "
        "count as uses. When the signature is imposed, for instance a callback of `list:forEach`, prefix the "
        "name with `_`; the fix does exactly that.",
    .example = "(let greet (fun (name greeting) (print \"hello \" name)))",
    .default_severity = Severity::Warning,
    .check_program = unused_parameter::run,
    .safe_fixes = true,
};

}  // namespace ark::lints
