// What the refactoring code actions share: the expanded node a selection
// names (with its ancestors), fresh names, and the text and indentation of
// the main file. Refactorings edit the main file's text only.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/analysis.hpp"

namespace ark::lsp::features {

// The nodes of the main file's expanded program that contain `range`, from
// the top-level form down to the innermost one (empty when the range is
// between top-level forms). Nodes a macro made share their call's range and
// are not descended into: a refactoring never edits inside a macro's output.
std::vector<const syntax::Sexp*> nodes_containing(const analysis::Analysis& analysis, TextRange range);

// The range with the whitespace at both ends left out.
TextRange trimmed(std::string_view text, TextRange range);

// The expression a selection names: the innermost node whose range equals
// the trimmed selection, or for an empty selection the innermost list around
// the cursor. Its ancestors are `path` (outermost first, the node last).
struct Selected {
    std::vector<const syntax::Sexp*> path;
    const syntax::Sexp& node() const { return *path.back(); }
};
std::optional<Selected> selected_expression(const analysis::Analysis& analysis, TextRange selection);

// A name no definition and no reference of the program uses: `base`, else
// `base-2`, `base-3`... Under dynamic scoping a name is safe only if the
// whole program (imports included) leaves it alone.
std::string fresh_name(const analysis::Analysis& analysis, std::string_view base);

// The source text of a range of the main file.
std::string_view text_of(const analysis::Analysis& analysis, TextRange range);
// The whitespace that starts the line holding `offset`.
std::string indentation_at(std::string_view text, uint32_t offset);

// Whether a node was written by the user in the main file (not made by a macro
// and not spliced in by an import).
bool is_user_node(const analysis::Analysis& analysis, const syntax::Sexp& node);

// Whether moving the node into a new function body keeps every name it
// defines where it was visible: a call or form that is no definition, or a
// `{...}` block that defines nothing directly (a `let` of a block stays
// visible after it in its function; inside a new function it would not).
bool can_move_into_a_function(const syntax::Sexp& node);

// Evaluating it twice, earlier or later changes nothing: literals, names,
// fields and the vocabulary's (pure) operators over such, list literals.
bool is_pure(const syntax::Sexp& node);

// The references whose name lies inside `range` of the main file.
std::vector<int> references_within(const analysis::Analysis& analysis, TextRange range);

// Whether `symbol` is visible at `offset` of the main file: its scope contains
// the offset and it is defined before it.
bool visible_at(const analysis::Analysis& analysis, int symbol, uint32_t offset);

}  // namespace ark::lsp::features
