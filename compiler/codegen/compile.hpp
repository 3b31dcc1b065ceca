// Expanded program -> bytecode Program for the VM. Reports the compile-time
// errors that only the code generator can see (operators used as values,
// no-value forms used as values, malformed special forms it meets).
#pragma once
#include <memory>
#include <vector>

#include "base/source_map.hpp"
#include "program.hpp"
#include "syntax/sexp.hpp"

namespace ark::codegen {

struct CompileResult {
    std::shared_ptr<vm::Program> program;  // null if there were errors
    std::vector<Diagnostic> diagnostics;
};

struct CompileOptions {
    // The top level returns the value of its last form (nil if that form
    // produces none) instead of nil: the REPL shows it (vm::RunResult::value).
    bool keep_last_value = false;
};

CompileResult compile_program(const std::vector<syntax::Sexp>& forms, const SourceMap& sources,
                              CompileOptions options = {});

}  // namespace ark::codegen
