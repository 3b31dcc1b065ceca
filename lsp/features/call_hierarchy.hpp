//! Implementation of textDocument/prepareCallHierarchy, callHierarchy/incomingCalls
//! and callHierarchy/outgoingCalls
//! (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_prepareCallHierarchy).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "analysis/analysis.hpp"

namespace ark::lsp::features {

// Feature: Call hierarchy
// A function is a `let`/`mut` bound to a `fun`. A call of it is `(f ...)`,
// or `(async f ...)`, which calls f in a task: such calls count and are
// marked (`through_async`). Over the whole analysed program: the main file
// and the files it imports, so a call from the main file into an imported
// module is an edge, and the module's functions show the main file's calls.
// Calls made outside any function (at the top level of a file) come from
// that top-level form.
struct CallHierarchyItem {
    std::string name;
    std::string detail;  // "(fun (a b))", "top level"; "· through async" for async calls
    bool is_function = true;  // else a top-level form
    SourceRange range;        // the whole definition (or form)
    SourceRange selection;    // its name (or the form's head)
};

struct CallHierarchyCall {
    CallHierarchyItem item;          // the caller (incoming) or the callee (outgoing)
    std::vector<SourceRange> ranges;  // the calls, in the caller
};

// The function under the cursor (its definition or a use).
std::optional<CallHierarchyItem> prepare_call_hierarchy(const analysis::Analysis& analysis, uint32_t offset);
// Who calls the function whose name is at `selection` (an item's selection,
// found again in a newer analysis by its file and offset).
std::vector<CallHierarchyCall> incoming_calls(const analysis::Analysis& analysis, const SourceRange& selection);
// What the function at `selection` calls.
std::vector<CallHierarchyCall> outgoing_calls(const analysis::Analysis& analysis, const SourceRange& selection);

}  // namespace ark::lsp::features
