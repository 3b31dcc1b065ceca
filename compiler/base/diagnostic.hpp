// Diagnostics are data: a stable code, a severity, a primary range, a message,
// related locations and optional fixes. Every client (CLI, linter, server)
// renders the same list; nothing here knows how it will be shown.
#pragma once
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "base/text.hpp"

namespace ark {

using FileId = uint32_t;

// A range inside a particular source file (files are registered in a SourceMap).
struct SourceRange {
    FileId file = 0;
    TextRange range;
    bool operator==(const SourceRange&) const = default;
};

enum class Severity { Error, Warning, Information, Hint };

struct TextEdit {
    SourceRange where;
    std::string new_text;
};

struct Fix {
    std::string title;  // e.g. "rename to `total`"
    std::vector<TextEdit> edits;
};

struct RelatedInfo {
    SourceRange where;
    std::string message;
};

struct Diagnostic {
    std::string code;     // stable code, e.g. "E0107"; never reused
    std::string kind;     // error kind shown to people: SyntaxError, NameError, ... or "warning"
    Severity severity = Severity::Error;
    SourceRange where;
    std::string message;
    std::optional<std::string> hint;
    std::vector<RelatedInfo> related;
    std::vector<Fix> fixes;
};

// Whether any of `diagnostics` is an error (not a warning or a hint).
inline bool has_error(const std::vector<Diagnostic>& diagnostics) {
    return std::any_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

}  // namespace ark
