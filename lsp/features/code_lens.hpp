//! Implementation of textDocument/codeLens
//! (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_codeLens).
#pragma once
#include <string>
#include <vector>

#include "analysis/analysis.hpp"

namespace ark::lsp::features {

// Feature: Run lenses
// "Run" above the file's first form (the whole file); "Run" and "Run async"
// above each global `(let name (fun () ...))` taking no parameters; "Run
// example" above each doc-comment line `# (call ...) => expected` directly
// above a global definition. The lenses only say what to run: lsp/runner runs it.
// With `debug_file`, "Debug" beside the file's "Run": the client starts a debug
// session on the file (`ark dap`), so the server offers it only to a client
// that said it can.
struct CodeLensEntry {
    enum class Kind { RunFile, DebugFile, RunFunction, RunAsync, RunExample };
    Kind kind = Kind::RunFile;
    TextRange range;       // in the main file: the first line of the form, or the example's line
    std::string function;  // RunFunction, RunAsync: the name to call; RunExample: the definition below
    std::string call;      // RunExample: the call's text, "(f 10)"
    std::string expected;  // RunExample: the text after "=>", trimmed
};

// In source order.
std::vector<CodeLensEntry> code_lenses(const analysis::Analysis& analysis, bool debug_file = false);

}  // namespace ark::lsp::features
