// Quick fixes, fix-all and the refactorings (see code_actions.hpp).
#include "features/code_actions.hpp"

#include <algorithm>

#include "features/refactorings.hpp"
#include "lints/lint.hpp"

namespace ark::lsp::features {

namespace {

// A kind is wanted when `only` is empty or names it or one of its parents
// ("refactor" wants "refactor.extract").
bool wanted(const std::vector<std::string>& only, std::string_view kind) {
    if (only.empty())
        return true;
    for (const std::string& prefix : only)
        if (kind == prefix || (kind.starts_with(prefix) && kind.size() > prefix.size() && kind[prefix.size()] == '.'))
            return true;
    return false;
}

bool touches(TextRange a, TextRange b) { return !(a.end < b.begin || b.end < a.begin); }

void quick_fixes(const std::vector<Diagnostic>& diagnostics, const CodeActionRequest& request,
                 std::vector<CodeAction>& out) {
    for (const Diagnostic& diagnostic : diagnostics) {
        if (diagnostic.fixes.empty() || !touches(diagnostic.where.range, request.range))
            continue;
        for (const Fix& fix : diagnostic.fixes)
            out.push_back({fix.title, "quickfix", fix.edits, diagnostic, diagnostic.fixes.size() == 1});
    }
}

std::optional<CodeAction> fix_all(const analysis::Analysis& analysis, const std::vector<Diagnostic>& diagnostics) {
    const lints::SafeFixes fixes = lints::safe_fixes(diagnostics, analysis.main_file, analysis.parse.tree.text.size());
    if (fixes.n_fixes == 0)
        return std::nullopt;
    const std::string title = fixes.n_fixes == 1 ? "Apply the safe lint fix"
                                                 : "Apply the " + std::to_string(fixes.n_fixes) + " safe lint fixes";
    return CodeAction{title, "source.fixAll", fixes.edits, std::nullopt, false};
}

}  // namespace

std::vector<std::string> code_action_kinds() {
    return {"quickfix",         "source.fixAll",   "source.organizeImports", "refactor.extract",
            "refactor.inline",  "refactor.rewrite"};
}

std::vector<CodeAction> code_actions(const analysis::Analysis& analysis, const std::vector<Diagnostic>& diagnostics,
                                     const CodeActionRequest& request) {
    std::vector<CodeAction> actions;
    if (wanted(request.only, "quickfix")) {
        quick_fixes(diagnostics, request, actions);
        for (CodeAction& action : add_missing_imports(analysis, request.range, request.library_paths))
            actions.push_back(std::move(action));
    }
    const auto add = [&](std::optional<CodeAction> action) {
        if (action && wanted(request.only, action->kind))
            actions.push_back(std::move(*action));
    };
    const auto add_all = [&](std::vector<CodeAction> found) {
        for (CodeAction& action : found)
            add(std::move(action));
    };
    add(extract_variable(analysis, request.range));
    add(extract_function(analysis, request.range));
    add(inline_variable(analysis, request.range));
    add(toggle_let_mut(analysis, request.range));
    add_all(async_call_rewrites(analysis, request.range));
    add_all(wrap_in_lock(analysis, request.range));
    // The source actions apply to the whole file: offered when asked for by
    // kind, or in the light bulb over an import (organize) or over a finding
    // with a safe fix (fix all).
    const bool asked_by_kind = !request.only.empty();
    const bool over_import = std::any_of(
        analysis.expanded.imports.begin(), analysis.expanded.imports.end(), [&](const expand::ImportRecord& import) {
            return import.where.file == analysis.main_file && touches(import.where.range, request.range);
        });
    const bool over_safe_fix = std::any_of(diagnostics.begin(), diagnostics.end(), [&](const Diagnostic& diagnostic) {
        const lints::LintSpec* spec = lints::find_lint(diagnostic.code);
        return spec && spec->safe_fixes && !diagnostic.fixes.empty() && touches(diagnostic.where.range, request.range);
    });
    if (asked_by_kind || over_import)
        add(organize_imports(analysis));
    if (asked_by_kind || over_safe_fix)
        add(fix_all(analysis, diagnostics));
    return actions;
}

}  // namespace ark::lsp::features
