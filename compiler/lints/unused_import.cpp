// A103 unused-import: a `:name` selector of an import that the file never uses.
// Selectors do not restrict what an import defines (LANGUAGE.md §3.7), so an
// unused one only misleads the reader; removing it is safe.
#include "lints/lint.hpp"

namespace ark::lints {
namespace unused_import {

// A package definition matches a selector by its whole name or by the part after the last `:`.
bool selects(std::string_view selector, std::string_view name) {
    if (name == selector) return true;
    size_t colon = name.rfind(':');
    return colon != std::string_view::npos && name.substr(colon + 1) == selector;
}

// The range of the `:selector` token inside the import form, empty if not found.
std::optional<TextRange> selector_range(const LintContext& ctx, const expand::ImportRecord& import, const std::string& selector) {
    const syntax::SyntaxTree& tree = ctx.analysis().parse.tree;
    for (const auto& token : tree.tokens) {
        if (token.range.begin < import.where.range.begin || token.range.end > import.where.range.end) continue;
        if (token.kind != syntax::TokenKind::Symbol) continue;
        std::string_view t = std::string_view(tree.text).substr(token.range.begin, token.range.length());
        if (t.size() == selector.size() + 1 && t[0] == ':' && t.substr(1) == selector) return token.range;
    }
    return std::nullopt;
}

void run(const LintContext& ctx, std::vector<Diagnostic>& out) {
    const auto& table = ctx.symbols();
    for (const auto& import : ctx.analysis().expanded.imports) {
        if (!ctx.in_main(import.where) || !import.file || import.selectors.empty()) continue;
        for (const std::string& selector : import.selectors) {
            bool defined = false, used = false;
            for (size_t i = 0; i < table.symbols.size() && !used; ++i) {
                const analysis::Symbol& s = table.symbols[i];
                if (s.kind != analysis::SymbolKind::Global || s.name_range.file != *import.file || !selects(selector, s.name)) continue;
                defined = true;
                for (const auto& r : table.references)
                    if (ctx.in_main(r.range) && r.name == s.name && !r.is_write) { used = true; break; }
            }
            // An undefined selector is W0401's finding.
            if (!defined || used) continue;
            auto range = selector_range(ctx, import, selector);
            if (!range) continue;
            Diagnostic d = ctx.make("A103", SourceRange{ctx.main_file(), *range},
                                    "imported name " + quoted(selector) + " is never used");
            d.hint = "remove the selector; the import still defines every name of the package";
            uint32_t begin = range->begin;
            const std::string& text = ctx.analysis().main_source().text;
            while (begin > 0 && (text[begin - 1] == ' ' || text[begin - 1] == '\t')) --begin;
            d.fixes.push_back(Fix{"remove `:" + selector + "`", {TextEdit{SourceRange{ctx.main_file(), {begin, range->end}}, ""}}});
            out.push_back(std::move(d));
        }
    }
}

}  // namespace unused_import

extern const LintSpec kUnusedImport{
    .code = "A103",
    .slug = "unused-import",
    .summary = "an import selector `:name` that the file never uses",
    .explanation =
        "`(import std.Math :even)` documents that the file uses `math:even`. Selectors do not limit what the "
        "import brings in (every top-level name of the package is visible), so a selector the file never "
        "uses is a stale promise to the reader, left behind when the code that used it went away. The fix "
        "removes the selector and changes nothing else.",
    .example = "(import std.Math :even :odd)\n(print (math:even 4))",
    .default_severity = Severity::Warning,
    .run = unused_import::run,
    .safe_fixes = true,
};

}  // namespace ark::lints
