#include "lints/rename.hpp"

namespace ark::lints {

std::optional<Fix> underscore_fix(const LintContext& ctx, int symbol) {
    const auto& table = ctx.symbols();
    const analysis::Symbol& s = table.symbols[symbol];
    std::string renamed = "_" + std::string(s.name);
    for (const auto& other : table.symbols)
        if (other.name == renamed) return std::nullopt;  // would collide
    Fix fix{"rename to `" + renamed + "`", {TextEdit{s.name_range, renamed}}};
    for (const auto& r : table.references) {
        if (r.kind != analysis::ReferenceKind::Resolved || r.name != s.name) continue;
        if (r.symbol != symbol && table.symbols[r.symbol].scope != s.scope) continue;
        if (!ctx.in_main(r.range) || ctx.text(r.range) != s.name) return std::nullopt;
        fix.edits.push_back(TextEdit{r.range, renamed});
    }
    return fix;
}

}  // namespace ark::lints
