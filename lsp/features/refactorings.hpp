// The refactoring code actions (kind refactor.*), one file each, called by
// code_actions.cpp. Each looks at the selection and returns its action when it
// applies and keeps the program's meaning, nothing otherwise. A refactoring
// that cannot prove the program behaves the same (a name dynamic scoping
// could capture, an expression whose evaluation would move past a side
// effect it cannot see) is not offered.
#pragma once
#include <optional>
#include <vector>

#include "features/code_actions.hpp"

namespace ark::lsp::features {

// refactor_extract.cpp: `(let NAME expr)` before the statement holding the
// selected expression, which becomes NAME.
std::optional<CodeAction> extract_variable(const analysis::Analysis& analysis, TextRange selection);
// refactor_extract.cpp: `(let NAME (fun (free...) expr))` before the
// top-level form, the expression becomes `(NAME free...)`: the local names
// it reads are its parameters.
std::optional<CodeAction> extract_function(const analysis::Analysis& analysis, TextRange selection);
// refactor_inline.cpp: every use of a `let` whose value is pure replaced by
// the value, and the `let` removed.
std::optional<CodeAction> inline_variable(const analysis::Analysis& analysis, TextRange selection);
// refactor_binding.cpp: `let` -> `mut`, and `mut` -> `let` when nothing sets it.
std::optional<CodeAction> toggle_let_mut(const analysis::Analysis& analysis, TextRange selection);
// refactor_async.cpp: `(f x)` -> `(await (async f x))` and back.
std::vector<CodeAction> async_call_rewrites(const analysis::Analysis& analysis, TextRange selection);
// refactor_lock.cpp: the selected expression as `(lock:with l (fun () expr))`,
// one action per lock `l` in scope.
std::vector<CodeAction> wrap_in_lock(const analysis::Analysis& analysis, TextRange selection);
// refactor_imports.cpp: the file's imports sorted, duplicates merged.
std::optional<CodeAction> organize_imports(const analysis::Analysis& analysis);
// refactor_imports.cpp: for an unbound `p:name` in the selection, the
// `(import std.P)` whose module file's lower-cased name is `p`.
std::vector<CodeAction> add_missing_imports(const analysis::Analysis& analysis, TextRange selection,
                                            const std::vector<std::string>& library_paths);

}  // namespace ark::lsp::features
