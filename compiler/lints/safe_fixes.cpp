// The safe fixes of a set of findings, as one set of edits (see lint.hpp).
#include <algorithm>

#include "lints/lint.hpp"

namespace ark::lints {

SafeFixes safe_fixes(const std::vector<Diagnostic>& findings, FileId file, size_t text_size) {
    SafeFixes result;
    const auto overlaps = [&](const TextEdit& edit) {
        for (const TextEdit& accepted : result.edits) {
            const bool overlap = edit.where.range.begin < accepted.where.range.end &&
                                 accepted.where.range.begin < edit.where.range.end;
            if (overlap || edit.where.range.begin == accepted.where.range.begin)
                return true;
        }
        return false;
    };
    for (const Diagnostic& finding : findings) {
        const LintSpec* spec = find_lint(finding.code);
        if (!spec || !spec->safe_fixes || finding.fixes.empty())
            continue;
        const Fix& fix = finding.fixes.front();
        bool ok = !fix.edits.empty();
        for (const TextEdit& edit : fix.edits)
            ok = ok && edit.where.file == file && edit.where.range.end <= text_size && !overlaps(edit);
        if (!ok)
            continue;
        result.edits.insert(result.edits.end(), fix.edits.begin(), fix.edits.end());
        ++result.n_fixes;
    }
    std::sort(result.edits.begin(), result.edits.end(),
              [](const TextEdit& a, const TextEdit& b) { return a.where.range.begin > b.where.range.begin; });
    return result;
}

}  // namespace ark::lints
