// How features show a parameter list: the names separated by one space, as
// they are written between the parentheses of `(fun (a b) ...)` or `($ m (a b) ...)`.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace ark::lsp::features {

// `Names`: strings or string views (a symbol's parameters are views).
template <class Names>
std::string parameter_text(const Names& names) {
    std::string text;
    for (const auto& name : names) {
        if (!text.empty())
            text += ' ';
        text += name;
    }
    return text;
}

}  // namespace ark::lsp::features
