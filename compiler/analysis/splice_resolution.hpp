// Resolution of an edited file that reuses the unchanged top-level forms'
// results: reanalyze()'s last step when an edit left what its forms define
// as it was (issue #19 §1: a keystroke in a big file costs the forms it
// touched, not the whole program's walks).
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "analysis/analysis.hpp"

namespace ark::analysis {

// What label_nodes() gives the new forms (numbered from where the old ones
// started) and how far the ids after them move: reanalyze() shifts the
// forms after the window by it while it moves their positions. Null when
// `a` has no memo to splice with.
struct WindowNodes {
    uint32_t first = 0, new_end = 0;
    int64_t delta = 0;
};
std::optional<WindowNodes> label_window(Analysis& a, size_t first_form, size_t old_count, std::span<syntax::Sexp> new_forms);

// The top-level forms an edit replaced, as reanalyze() saw them.
struct ReplacedForms {
    size_t first = 0;      // the index of the first one among the own forms
    size_t new_count = 0;  // how many forms replaced them (at `first` in the program)
    std::vector<syntax::Sexp> old_forms;  // the forms replaced, as they were
    // Their text's range before the edit, and how far what follows it moved.
    uint32_t text_begin = 0, text_end_before = 0;
    int64_t delta = 0;
    WindowNodes nodes;  // what label_window() returned
};


// Resolves `a` (the previous analysis, its program already spliced and
// labelled) as resolve_program() / resolve_on_preamble() would, and sets its
// diagnostics to `early` plus the checks. The forms outside the window keep
// their symbols, scopes, references and check diagnostics (moved along);
// only the window's forms are checked and resolved. Returns false, with
// `a`'s table and memo no longer usable, when that could differ from a
// whole resolution: what the window defines changed (a name bound, a global's
// mutability or parameters...), hints are on in one and off in the other, or
// a diagnostic kept points into the window. The caller then resolves the
// whole program.
bool splice_resolution(Analysis& a, const ReplacedForms& replaced, const std::vector<Diagnostic>& early);

}  // namespace ark::analysis
