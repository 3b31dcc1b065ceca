// Internal to the formatter: the layout engine that turns a parsed (error-free)
// lossless tree into text. formatter.cpp owns the public API around it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "format/formatter.hpp"
#include "syntax/tree.hpp"

namespace ark::format::detail {

// Where one top-level form (with the comments that end its line) was in the
// input and landed in the output; rangeFormatting maps ranges through these.
struct TopLevelSpan {
    uint32_t source_begin = 0;
    uint32_t source_end = 0;
    uint32_t output_begin = 0;
    uint32_t output_end = 0;
};

struct LayoutResult {
    std::string text;
    std::vector<TopLevelSpan> spans;  // one per top-level node, in order
};

// Precondition: the tree has no Error node and every list is closed.
LayoutResult layout(const syntax::SyntaxTree& tree, const FormatOptions& options);

}  // namespace ark::format::detail
