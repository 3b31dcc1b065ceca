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

}  // namespace ark::cli::render
