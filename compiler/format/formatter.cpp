// Public entry points of the formatter: refuse broken code, run the layout
// engine (layout.cpp), and map ranges to whole top-level forms.
#include "format/formatter.hpp"

#include "format/layout.hpp"
#include "syntax/lower.hpp"

namespace ark::format {
namespace {

bool has_errors(const std::vector<Diagnostic>& diagnostics) {
    for (const auto& d : diagnostics)
        if (d.severity == Severity::Error) return true;
    return false;
}

// Parses and checks what the language calls syntax, as analyze() does:
// bracket structure, tokens, and top-level items that are forms (LANGUAGE.md §2).
struct Parsed {
    syntax::ParseResult parse;
    bool clean = false;
};
Parsed parse(std::string_view text) {
    Parsed out{syntax::parse(text, 0)};
    std::vector<Diagnostic> diagnostics = out.parse.diagnostics;
    syntax::lower(out.parse.tree, 0, diagnostics);
    out.clean = !has_errors(diagnostics);
    return out;
}

}  // namespace

std::optional<std::string> format_tree(const syntax::SyntaxTree& tree, bool syntax_clean, const FormatOptions& options) {
    if (!syntax_clean) return std::nullopt;
    return detail::layout(tree, options).text;
}

std::optional<std::string> format_source(std::string_view text, const FormatOptions& options) {
    const Parsed parsed = parse(text);
    return format_tree(parsed.parse.tree, parsed.clean, options);
}

std::optional<FormatEdit> format_range(std::string_view text, uint32_t begin, uint32_t end,
                                       const FormatOptions& options) {
    const Parsed parsed = parse(text);
    return format_tree_range(parsed.parse.tree, parsed.clean, begin, end, options);
}

std::optional<FormatEdit> format_tree_range(const syntax::SyntaxTree& tree, bool syntax_clean, uint32_t begin,
                                            uint32_t end, const FormatOptions& options) {
    if (!syntax_clean) return std::nullopt;
    if (end < begin) std::swap(begin, end);
    detail::LayoutResult laid = detail::layout(tree, options);
    size_t first = laid.spans.size(), last = 0;
    for (size_t k = 0; k < laid.spans.size(); ++k) {
        const detail::TopLevelSpan& span = laid.spans[k];
        bool overlaps = begin == end ? span.source_begin <= begin && begin <= span.source_end
                                     : span.source_begin < end && begin < span.source_end;
        if (!overlaps) continue;
        if (first == laid.spans.size()) first = k;
        last = k;
    }
    if (first == laid.spans.size()) return FormatEdit{begin, begin, ""};
    FormatEdit edit;
    edit.begin = laid.spans[first].source_begin;
    edit.end = laid.spans[last].source_end;
    edit.new_text = laid.text.substr(laid.spans[first].output_begin,
                                     laid.spans[last].output_end - laid.spans[first].output_begin);
    return edit;
}

}  // namespace ark::format
