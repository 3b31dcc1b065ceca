// Renderers of one Diagnostic list (and of runtime errors) for people and
// machines: text like rustc/elm (LANGUAGE.md §8.3), JSON, SARIF.
#pragma once
#include <string>
#include <vector>

#include "base/source_map.hpp"
#include "errors.hpp"

namespace ark::cli::render {

// The diagnostics of one checked file, with the SourceMap their ranges point into.
struct FileDiagnostics {
    const SourceMap* sources;
    std::vector<Diagnostic> diagnostics;
};

std::string diagnostic_text(const Diagnostic& d, const SourceMap& sources, bool color);
// One JSON array for all the files (`ark check` and `ark lint` print one document).
std::string diagnostics_json(const std::vector<FileDiagnostics>& files);
std::string runtime_error_text(const vm::ArkError& error, bool color);
// SARIF 2.1.0 (GitHub code scanning) of the findings of several files, each
// with its own SourceMap; artifact URIs are relative to `base_dir`.
std::string diagnostics_sarif(const std::vector<FileDiagnostics>& files, const std::string& base_dir);

}  // namespace ark::cli::render
