// See fixes.hpp.
#include "base/fixes.hpp"

#include <algorithm>

namespace ark {

namespace {

void sort_backwards(std::vector<TextEdit>& edits) {
    std::sort(edits.begin(), edits.end(),
              [](const TextEdit& a, const TextEdit& b) { return a.where.range.begin > b.where.range.begin; });
}

}  // namespace

ChosenFixes choose_first_fixes(const std::vector<Diagnostic>& diagnostics, FileId file, size_t text_size,
                               const std::function<bool(const Diagnostic&)>& take) {
    ChosenFixes chosen;
    // Two edits at the same offset count as overlapping: their order would be arbitrary.
    const auto overlaps = [&](const TextEdit& edit) {
        return std::any_of(chosen.edits.begin(), chosen.edits.end(), [&](const TextEdit& accepted) {
            return (edit.where.range.begin < accepted.where.range.end && accepted.where.range.begin < edit.where.range.end) ||
                   edit.where.range.begin == accepted.where.range.begin;
        });
    };
    for (size_t index = 0; index < diagnostics.size(); ++index) {
        const Diagnostic& d = diagnostics[index];
        if (d.fixes.empty() || !take(d)) continue;
        const Fix& fix = d.fixes.front();
        bool ok = !fix.edits.empty();
        for (const TextEdit& edit : fix.edits) ok = ok && edit.where.file == file && edit.where.range.end <= text_size && !overlaps(edit);
        if (!ok) continue;
        chosen.edits.insert(chosen.edits.end(), fix.edits.begin(), fix.edits.end());
        chosen.taken.push_back(index);
    }
    sort_backwards(chosen.edits);
    return chosen;
}

void apply_edits(std::string& text, std::vector<TextEdit> edits) {
    sort_backwards(edits);
    for (const TextEdit& e : edits) text.replace(e.where.range.begin, e.where.range.length(), e.new_text);
}

}  // namespace ark
