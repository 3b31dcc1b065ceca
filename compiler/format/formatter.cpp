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

// Parses and checks what the language calls syntax: bracket structure,
// tokens, and top-level items that are forms (LANGUAGE.md §2).
std::optional<syntax::ParseResult> parse_clean(std::string_view text) {
    syntax::ParseResult parsed = syntax::parse(text, 0);
    if (has_errors(parsed.diagnostics)) return std::nullopt;
    std::vector<Diagnostic> lowering;
    syntax::lower(parsed.tree, 0, lowering);
    if (has_errors(lowering)) return std::nullopt;
    return parsed;
}

}  // namespace

std::optional<std::string> format_source(std::string_view text, const FormatOptions& options) {
    auto parsed = parse_clean(text);
    if (!parsed) return std::nullopt;
    return detail::layout(parsed->tree, options).text;
}

std::optional<FormatEdit> format_range(std::string_view text, uint32_t begin, uint32_t end,
                                       const FormatOptions& options) {
    auto parsed = parse_clean(text);
    if (!parsed) return std::nullopt;
    if (end < begin) std::swap(begin, end);
    detail::LayoutResult laid = detail::layout(parsed->tree, options);
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
