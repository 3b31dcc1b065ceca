//! Implementation of textDocument/codeAction
//! (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_codeAction).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "analysis/analysis.hpp"

namespace ark::lsp::features {

// Feature: Code actions
// - quickfix: the fixes every diagnostic touching the range carries;
// - source.fixAll: every safe lint fix of the file at once (what `ark lint
//   --fix` applies);
// - refactor.*: the refactorings of refactorings.hpp that apply to the
//   selection.
// Every action is a set of edits, computed eagerly (the edits are small).
struct CodeAction {
    std::string title;
    std::string kind;  // "quickfix", "source.fixAll", "refactor.extract", ...
    std::vector<TextEdit> edits;
    std::optional<Diagnostic> diagnostic;  // the one a quick fix fixes
    bool preferred = false;
};

struct CodeActionRequest {
    TextRange range;                         // the selection, in the main file
    std::vector<std::string> only;           // CodeActionContext.only; empty: every kind
    std::vector<std::string> library_paths;  // where `(import std.X)` modules are found
};

// The kinds the server offers (codeActionProvider.codeActionKinds).
std::vector<std::string> code_action_kinds();

// `diagnostics`: every diagnostic of the file (front end and lints), as published.
std::vector<CodeAction> code_actions(const analysis::Analysis& analysis, const std::vector<Diagnostic>& diagnostics,
                                     const CodeActionRequest& request);

}  // namespace ark::lsp::features
