// The safe fixes of a set of findings, as one set of edits (see lint.hpp).
#include "base/fixes.hpp"
#include "lints/lint.hpp"

namespace ark::lints {

SafeFixes safe_fixes(const std::vector<Diagnostic>& findings, FileId file, size_t text_size) {
    ChosenFixes chosen = choose_first_fixes(findings, file, text_size, [](const Diagnostic& finding) {
        const LintSpec* spec = find_lint(finding.code);
        return spec && spec->safe_fixes;
    });
    return SafeFixes{std::move(chosen.edits), chosen.taken.size()};
}

}  // namespace ark::lints
