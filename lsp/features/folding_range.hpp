//! Implementation of textDocument/foldingRange
//! (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_foldingRange).
#pragma once
#include <cstdint>
#include <vector>

#include "analysis/analysis.hpp"

namespace ark::lsp::features {

// Feature: Folding
// Every bracketed form that spans lines, and every run of two or more comment lines.
struct Fold {
    uint32_t start_line = 0;
    uint32_t end_line = 0;
    bool is_comment = false;
};

std::vector<Fold> folding_ranges(const analysis::Analysis& analysis);

}  // namespace ark::lsp::features
