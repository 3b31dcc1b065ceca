// Helpers shared by the unit tests: analyse a snippet, run a snippet and
// capture its output, find diagnostics by code.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "analysis/analysis.hpp"

namespace ark::test {

// Analyses `source` as the main file /virtual/main.ark (imports unavailable).
std::shared_ptr<analysis::Analysis> analyze_snippet(const std::string& source);

// Compiles and runs `source`; returns stdout, or "KIND: message" of the
// compile error / runtime error that stopped it (appended after the output).
std::string run_snippet(const std::string& source);

// The codes of the diagnostics, in order.
std::vector<std::string> codes(const std::vector<Diagnostic>& diagnostics);

}  // namespace ark::test
