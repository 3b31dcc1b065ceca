// Renderers of one Diagnostic list (and of runtime errors) for people and
// machines: text like rustc/elm (LANGUAGE.md §8.3), JSON, SARIF.
#pragma once
#include <string>
#include <vector>

#include "base/source_map.hpp"
#include "errors.hpp"

namespace ark::cli::render {

std::string diagnostic_text(const Diagnostic& d, const SourceMap& sources, bool color);
std::string diagnostics_json(const std::vector<Diagnostic>& diagnostics, const SourceMap& sources);
std::string runtime_error_text(const vm::ArkError& error, bool color);
// SARIF 2.1.0 (GitHub code scanning) of the findings of several files, each
// with its own SourceMap; artifact URIs are relative to `base_dir`.
std::string diagnostics_sarif(const std::vector<std::pair<const SourceMap*, std::vector<Diagnostic>>>& files, const std::string& base_dir);

}  // namespace ark::cli::render
