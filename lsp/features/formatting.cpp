// Formatting through ark::format (see formatting.hpp).
#include "features/formatting.hpp"

#include "format/formatter.hpp"
#include "syntax/tree.hpp"

namespace ark::lsp::features {

namespace {

// The comments of a text, in order, without trailing blanks (the formatter
// may trim those).
std::vector<std::string> comments_of(std::string_view text) {
    std::vector<Diagnostic> ignored;
    std::vector<std::string> comments;
    for (const syntax::Token& token : syntax::lex(text, 0, ignored)) {
        if (token.kind != syntax::TokenKind::Comment)
            continue;
        std::string_view comment = text.substr(token.range.begin, token.range.length());
        while (!comment.empty() && (comment.back() == ' ' || comment.back() == '\t' || comment.back() == '\r'))
            comment.remove_suffix(1);
        comments.emplace_back(comment);
    }
    return comments;
}

// The smallest edit turning text[begin, end) into `formatted`: common prefix
// and suffix are left alone.
FormatResult minimal_edit(std::string_view text, uint32_t begin, uint32_t end, std::string_view formatted) {
    FormatResult result;
    const std::string_view original = text.substr(begin, end - begin);
    if (comments_of(original) != comments_of(formatted)) {
        result.error = "formatting refused: the result would change a comment; please report this with the file";
        return result;
    }
    size_t prefix = 0;
    while (prefix < original.size() && prefix < formatted.size() && original[prefix] == formatted[prefix])
        ++prefix;
    size_t suffix = 0;
    while (suffix < original.size() - prefix && suffix < formatted.size() - prefix &&
           original[original.size() - 1 - suffix] == formatted[formatted.size() - 1 - suffix])
        ++suffix;
    // Keep UTF-8 sequences whole: never split an edit inside a character.
    const auto continuation = [](std::string_view text, size_t at) {
        return at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80;
    };
    while (prefix > 0 && (continuation(original, prefix) || continuation(formatted, prefix)))
        --prefix;
    while (suffix > 0 && continuation(original, original.size() - suffix))
        --suffix;
    if (prefix == original.size() && prefix == formatted.size())
        return result;
    result.edits.push_back({begin + static_cast<uint32_t>(prefix),
                            begin + static_cast<uint32_t>(original.size() - suffix),
                            std::string(formatted.substr(prefix, formatted.size() - prefix - suffix))});
    return result;
}

}  // namespace

FormatResult format_document(std::string_view text, const analysis::Analysis* analysis) {
    const format::FormatOptions options;
    const std::optional<std::string> formatted =
        analysis ? format::format_tree(analysis->parse.tree, analysis->syntax_clean(), options)
                 : format::format_source(text, options);
    if (!formatted)
        return FormatResult{{}, "the file has syntax errors: fix them before formatting"};
    return minimal_edit(text, 0, static_cast<uint32_t>(text.size()), *formatted);
}

FormatResult format_range(std::string_view text, const analysis::Analysis* analysis, uint32_t begin, uint32_t end) {
    const format::FormatOptions options;
    const std::optional<format::FormatEdit> edit =
        analysis ? format::format_tree_range(analysis->parse.tree, analysis->syntax_clean(), begin, end, options)
                 : format::format_range(text, begin, end, options);
    if (!edit)
        return FormatResult{{}, "the file has syntax errors: fix them before formatting"};
    if (edit->begin > edit->end || edit->end > text.size())
        return FormatResult{{}, "formatting refused: the formatter returned an invalid range"};
    return minimal_edit(text, edit->begin, edit->end, edit->new_text);
}

}  // namespace ark::lsp::features
