#include "base/diagnostic_codes.hpp"

#include <array>

namespace ark {
namespace {

struct CodeInfo {
    std::string_view code, kind, slug;
};

constexpr std::array kCodes = {
#define ARK_DIAG(CODE, KIND, SLUG) CodeInfo{#CODE, #KIND, #SLUG},
#include "base/diagnostic_codes.def"
#undef ARK_DIAG
};

const CodeInfo* find(std::string_view code) {
    for (const auto& info : kCodes)
        if (info.code == code) return &info;
    return nullptr;
}

}  // namespace

std::string_view diagnostic_kind(std::string_view code) {
    const CodeInfo* info = find(code);
    return info ? info->kind : std::string_view();
}

std::string_view diagnostic_slug(std::string_view code) {
    const CodeInfo* info = find(code);
    return info ? info->slug : std::string_view();
}

Diagnostic make_diagnostic(std::string_view code, SourceRange where, std::string message) {
    Diagnostic d;
    d.code = std::string(code);
    d.kind = std::string(diagnostic_kind(code));
    d.severity = d.kind == "warning" ? Severity::Warning : Severity::Error;
    d.where = where;
    d.message = std::move(message);
    return d;
}

}  // namespace ark
