// SARIF 2.1.0 for GitHub code scanning: one run, the tool's rules (every lint
// spec, plus the compiler codes that occur), one result per diagnostic with
// artifact URIs relative to the checkout (%SRCROOT%) and UTF-16 columns.
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "base/diagnostic_codes.hpp"
#include "lints/lint.hpp"
#include "render/render.hpp"

namespace ark::cli::render {

namespace {

const char* level(Severity s) {
    switch (s) {
        case Severity::Error: return "error";
        case Severity::Warning: return "warning";
        default: return "note";
    }
}

std::string percent_encode(const std::string& path) {
    static const char* kHex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : path) {
        if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
        else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

nlohmann::json artifact(const std::string& path, const std::string& base_dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path absolute = fs::weakly_canonical(fs::absolute(path, ec), ec);
    fs::path relative = absolute.lexically_relative(fs::weakly_canonical(base_dir, ec));
    std::string rel = relative.generic_string();
    if (!rel.empty() && !rel.starts_with("..")) return {{"uri", percent_encode(rel)}, {"uriBaseId", "%SRCROOT%"}};
    std::string uri = "file://";
    uri += percent_encode(absolute.generic_string());
    return {{"uri", uri}};
}

nlohmann::json physical_location(const SourceRange& where, const SourceMap& sources, const std::string& base_dir) {
    const SourceFile& f = sources.file(where.file);
    LineColumn s = f.lines.to_line_column(where.range.begin, PositionEncoding::Utf16);
    LineColumn e = f.lines.to_line_column(std::max(where.range.end, where.range.begin), PositionEncoding::Utf16);
    return {{"artifactLocation", artifact(f.path, base_dir)},
            {"region", {{"startLine", s.line + 1}, {"startColumn", s.column + 1}, {"endLine", e.line + 1}, {"endColumn", e.column + 1}}}};
}

nlohmann::json text(std::string_view s) { return {{"text", std::string(s)}}; }

}  // namespace

std::string diagnostics_sarif(const std::vector<FileDiagnostics>& files, const std::string& base_dir) {
    nlohmann::json rules = nlohmann::json::array();
    std::map<std::string, size_t> rule_index;
    for (const lints::LintSpec* spec : lints::all_lints()) {
        rule_index[std::string(spec->code)] = rules.size();
        std::string help = std::string(spec->explanation) + "\n\nExample:\n" + std::string(spec->example);
        rules.push_back({{"id", spec->code},
                         {"name", spec->slug},
                         {"shortDescription", text(spec->summary)},
                         {"fullDescription", text(spec->explanation)},
                         {"help", text(help)},
                         {"defaultConfiguration", {{"level", level(spec->default_severity)}}}});
    }
    nlohmann::json results = nlohmann::json::array();
    for (const auto& [sources, diagnostics] : files) {
        for (const Diagnostic& d : diagnostics) {
            if (!rule_index.count(d.code)) {
                // A compiler code: describe it from diagnostic_codes.def.
                std::string kind(diagnostic_kind(d.code)), slug(diagnostic_slug(d.code));
                std::string summary = kind + ": " + slug;
                rule_index[d.code] = rules.size();
                rules.push_back({{"id", d.code},
                                 {"name", slug.empty() ? d.code : slug},
                                 {"shortDescription", text(summary)},
                                 {"fullDescription", text(summary)},
                                 {"help", text(summary)},
                                 {"defaultConfiguration", {{"level", kind == "warning" ? "warning" : "error"}}}});
            }
            nlohmann::json result = {{"ruleId", d.code},
                                     {"ruleIndex", rule_index[d.code]},
                                     {"level", level(d.severity)},
                                     {"message", text(d.hint ? d.message + "\n" + *d.hint : d.message)}};
            if (d.where.file < sources->size())
                result["locations"] = nlohmann::json::array({{{"physicalLocation", physical_location(d.where, *sources, base_dir)}}});
            nlohmann::json related = nlohmann::json::array();
            for (const RelatedInfo& r : d.related) {
                if (r.where.file >= sources->size()) continue;
                related.push_back({{"id", related.size()},
                                   {"physicalLocation", physical_location(r.where, *sources, base_dir)},
                                   {"message", text(r.message)}});
            }
            if (!related.empty()) result["relatedLocations"] = related;
            results.push_back(result);
        }
    }
    std::string root = "file://";
    root += percent_encode(std::filesystem::path(base_dir).generic_string());
    if (!root.ends_with("/")) root += "/";
    nlohmann::json run = {{"tool",
                           {{"driver",
                             {{"name", "ark lint"},
                              {"informationUri", "https://arkscript-lang.dev/"},
                              {"version", ARK_VERSION},
                              {"rules", rules}}}}},
                          {"originalUriBaseIds", {{"%SRCROOT%", {{"uri", root}}}}},
                          {"columnKind", "utf16CodeUnits"},
                          {"results", results}};
    nlohmann::json sarif = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"}, {"version", "2.1.0"}, {"runs", nlohmann::json::array({run})}};
    return sarif.dump(2);
}

}  // namespace ark::cli::render
