// fuzz_format: the formatter's round trip on arbitrary text. When the text
// formats at all (no syntax errors), formatting is idempotent, keeps every
// comment, and the result lowers to the same S-expressions.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "format/formatter.hpp"
#include "fuzz_targets.hpp"
#include "syntax/lower.hpp"
#include "syntax/tree.hpp"

namespace ark::fuzz {

namespace {

// The comments of a text, trailing blanks removed, sorted (a multiset).
std::vector<std::string> comments_of(const syntax::SyntaxTree& tree) {
    std::vector<std::string> out;
    for (uint32_t i = 0; i < tree.tokens.size(); ++i) {
        if (tree.tokens[i].kind != syntax::TokenKind::Comment)
            continue;
        std::string text(tree.token_text(i));
        while (!text.empty() && std::string_view(" \t\r\v\f").find(text.back()) != std::string_view::npos)
            text.pop_back();
        out.push_back(std::move(text));
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> forms_of(const syntax::SyntaxTree& tree) {
    std::vector<Diagnostic> diagnostics;
    std::vector<std::string> out;
    for (const syntax::Sexp& form : syntax::lower(tree, 0, diagnostics))
        out.push_back(syntax::repr(form));
    return out;
}

}  // namespace

int format(const uint8_t* data, size_t size) {
    if (size > 16384)
        return 0;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const format::FormatOptions options;
    const std::optional<std::string> once = format::format_source(text, options);
    // Ranges too: any [begin, end) inside the text.
    if (size >= 2)
        format::format_range(text, data[0] % (size + 1), data[size - 1] % (size + 1), options);
    if (!once)
        return 0;
    const std::optional<std::string> twice = format::format_source(*once, options);
    if (!twice)
        fail("format", "the formatted text does not format");
    if (*twice != *once)
        fail("format", "format(format(x)) != format(x)");
    const syntax::ParseResult before = syntax::parse(text, 0);
    const syntax::ParseResult after = syntax::parse(*once, 0);
    if (comments_of(before.tree) != comments_of(after.tree))
        fail("format", "comments changed");
    if (forms_of(before.tree) != forms_of(after.tree))
        fail("format", "the formatted text lowers to other forms");
    return 0;
}

}  // namespace ark::fuzz

ARK_FUZZ_ENTRY(format)
