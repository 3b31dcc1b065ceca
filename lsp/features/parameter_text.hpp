// How features show a parameter list: the names separated by one space, as
// they are written between the parentheses of `(fun (a b) ...)` or `($ m (a b) ...)`.
#pragma once
#include <string>
#include <vector>

namespace ark::lsp::features {

inline std::string parameter_text(const std::vector<std::string>& names) {
    std::string text;
    for (const std::string& name : names)
        text += (text.empty() ? "" : " ") + name;
    return text;
}

}  // namespace ark::lsp::features
