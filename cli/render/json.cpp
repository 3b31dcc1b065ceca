#include <nlohmann/json.hpp>

#include "render/render.hpp"

namespace ark::cli::render {

namespace {
nlohmann::json location(const SourceRange& where, const SourceMap& sources) {
    nlohmann::json j;
    if (where.file >= sources.size()) return j;
    const SourceFile& f = sources.file(where.file);
    LineColumn s = f.lines.to_line_column(where.range.begin, PositionEncoding::Utf32);
    LineColumn e = f.lines.to_line_column(where.range.end, PositionEncoding::Utf32);
    j["file"] = f.path;
    j["start"] = {{"line", s.line + 1}, {"column", s.column + 1}, {"offset", where.range.begin}};
    j["end"] = {{"line", e.line + 1}, {"column", e.column + 1}, {"offset", where.range.end}};
    return j;
}

const char* severity_name(Severity s) {
    switch (s) {
        case Severity::Error: return "error";
        case Severity::Warning: return "warning";
        case Severity::Information: return "information";
        default: return "hint";
    }
}

nlohmann::json diagnostic_json(const Diagnostic& d, const SourceMap& sources) {
    nlohmann::json j;
    j["code"] = d.code;
    j["kind"] = d.kind;
    j["severity"] = severity_name(d.severity);
    j["message"] = d.message;
    j["location"] = location(d.where, sources);
    if (d.hint) j["hint"] = *d.hint;
    j["related"] = nlohmann::json::array();
    for (const auto& r : d.related) j["related"].push_back({{"message", r.message}, {"location", location(r.where, sources)}});
    j["fixes"] = nlohmann::json::array();
    for (const auto& f : d.fixes) {
        nlohmann::json edits = nlohmann::json::array();
        for (const auto& e : f.edits) edits.push_back({{"location", location(e.where, sources)}, {"new_text", e.new_text}});
        j["fixes"].push_back({{"title", f.title}, {"edits", edits}});
    }
    return j;
}
}  // namespace

std::string diagnostics_json(const std::vector<FileDiagnostics>& files) {
    nlohmann::json list = nlohmann::json::array();
    for (const FileDiagnostics& file : files)
        for (const Diagnostic& d : file.diagnostics) list.push_back(diagnostic_json(d, *file.sources));
    return list.dump(2);
}

}  // namespace ark::cli::render
