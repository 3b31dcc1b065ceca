// A103 unused-import: an import none of whose names the file uses, or a
// `:name` selector of an import that the file never uses. A selector makes a
// package's name visible without its prefix (ArkScript 4.0); one the file
// never uses only misleads the reader, and removing it is safe.
#include <set>

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

// The files an import brings in: its package and, transitively, the packages
// that one imports.
std::set<FileId> files_brought_by(const LintContext& ctx, const expand::ImportRecord& import) {
    std::set<FileId> files{*import.file};
    for (bool grew = true; grew && !ctx.cancelled();) {
        grew = false;
        for (const auto& nested : ctx.analysis().expanded.imports)
            if (nested.file && files.count(nested.where.file) && files.insert(*nested.file).second) grew = true;
    }
    return files;
}

// An import whose package only defines things (no top-level call that prints
// or writes a file) and defines no macro: nothing is lost when none of its
// names is used. A `let` is taken to compute its value, not to act.
bool only_defines(const LintContext& ctx, const std::set<FileId>& files) {
    for (const auto& macro : ctx.analysis().expanded.macros)
        if (files.count(macro.where.file)) return false;
    for (const std::vector<Sexp>* part : ctx.analysis().program_parts())
        for (const Sexp& form : *part) {
            if (!files.count(form.where.file)) continue;
            if (!form.is_form(Keyword::Let) && !form.is_form(Keyword::Mut) && !form.is_form(Keyword::Import)) return false;
        }
    return true;
}

// Whether the main file reads any global that `files` define.
bool uses_any(const LintContext& ctx, const std::set<FileId>& files) {
    const auto& table = ctx.symbols();
    // Globals, or locals when the import is inside a function body.
    std::set<std::string_view> names;
    for (size_t i = 0; i < table.symbols.size(); ++i) {
        if (i % 4096 == 0 && ctx.cancelled()) return true;  // the findings are dropped anyway
        const analysis::Symbol& s = table.symbols[i];
        if (files.count(s.name_range.file) && (s.kind == analysis::SymbolKind::Global || s.kind == analysis::SymbolKind::Local))
            names.insert(s.name);
    }
    for (size_t i = ctx.first_own_reference(); i < table.references.size(); ++i) {
        const analysis::Reference& r = table.references[i];
        if (ctx.in_main(r.range) && !r.is_write && names.count(r.name)) return true;
    }
    return false;
}

void report_unused_package(const LintContext& ctx, const expand::ImportRecord& import, std::vector<Diagnostic>& out) {
    Diagnostic d = ctx.make("A103", import.package_range.range.length() ? import.package_range : import.where,
                            "nothing of the imported package " + quoted(import.package) + " is used");
    d.hint = "remove the import: its package only defines names, and this file reads none of them";
    out.push_back(std::move(d));
}

void run(const LintContext& ctx, std::vector<Diagnostic>& out) {
    const auto& table = ctx.symbols();
    std::set<FileId> imported_before;
    for (const auto& import : ctx.analysis().expanded.imports) {
        if (!import.file || !imported_before.insert(*import.file).second) continue;
        if (!ctx.in_main(import.where) || !ctx.text(import.where).starts_with("(import")) continue;
        const std::set<FileId> files = files_brought_by(ctx, import);
        if (only_defines(ctx, files) && !uses_any(ctx, files)) {
            report_unused_package(ctx, import, out);
            continue;
        }
        if (import.selectors.empty()) continue;
        for (const std::string& selector : import.selectors) {
            bool defined = false, used = false;
            for (size_t i = 0; i < table.symbols.size() && !used; ++i) {
                const analysis::Symbol& s = table.symbols[i];
                if (s.kind != analysis::SymbolKind::Global || s.name_range.file != *import.file || !selects(selector, s.name)) continue;
                defined = true;
                for (const auto& r : table.references)
                    if (ctx.in_main(r.range) && r.name == s.name && !r.is_write) { used = true; break; }
            }
            // An undefined selector is E0405's finding.
            if (!defined || used) continue;
            auto range = selector_range(ctx, import, selector);
            if (!range) continue;
            Diagnostic d = ctx.make("A103", SourceRange{ctx.main_file(), *range},
                                    "imported name " + quoted(selector) + " is never used");
            d.hint = "remove the selector; the file never uses `" + selector + "`";
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
    .summary = "an import none of whose names is used, or an import selector `:name` never used",
    .explanation =
        "An import whose package only defines names (no macros, nothing printed or written at import time) "
        "and of which the file reads none brings nothing but load time and names to collide with: remove "
        "it. `(import std.Math :even?)` lets the file write `even?` for `math:even?`; a selector the file "
        "never uses is a stale promise to the reader, left behind when the code that used it went away. The "
        "fix removes the selector and changes nothing else.",
    .example = "(import std.Math :even? :odd?)\n(print (even? 4))",
    .default_severity = Severity::Warning,
    .check_program = unused_import::run,
    .safe_fixes = true,
};

}  // namespace ark::lints
