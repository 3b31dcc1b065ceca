// Choosing and applying the fixes of a set of diagnostics: what `ark lint
// --fix`, `ark migrate` and the editor's "fix all" share. Each takes the first
// fix of the diagnostics it accepts and runs in rounds, since a fix that
// overlaps one taken before is left for the next round.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "base/diagnostic.hpp"

namespace ark {

struct ChosenFixes {
    std::vector<TextEdit> edits;  // sorted from the end of the text backwards, ready to apply
    std::vector<size_t> taken;    // indexes of the diagnostics whose first fix is in `edits`
};

// The first fix of every diagnostic `take` accepts, whose edits all fall in
// `file` (of `text_size` bytes) and overlap no edit taken before.
ChosenFixes choose_first_fixes(const std::vector<Diagnostic>& diagnostics, FileId file, size_t text_size,
                               const std::function<bool(const Diagnostic&)>& take);

// Sorts `edits` from the end backwards and applies them to `text` (they must not overlap).
void apply_edits(std::string& text, std::vector<TextEdit> edits);

}  // namespace ark
