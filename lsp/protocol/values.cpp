// The front end's values as LSP JSON (see values.hpp).
#include "protocol/values.hpp"

#include "lints/lint.hpp"
#include "protocol/convert.hpp"

namespace ark::lsp {

namespace {

// Where each code is explained (codeDescription.href); the page is generated
// from diagnostic_codes.def and the LintSpecs.
constexpr std::string_view kDiagnosticDocs = "https://arkscript-lang.dev/diagnostics/";

int severity_code(Severity severity) {
    switch (severity) {
    case Severity::Error: return 1;
    case Severity::Warning: return 2;
    case Severity::Information: return 3;
    case Severity::Hint: return 4;
    }
    return 1;
}

}  // namespace

json range_json(const FileView& files, const SourceRange& where) {
    return range_to_json(where.range, files.lines_of(where.file), files.encoding);
}

json location_json(const FileView& files, const SourceRange& where) {
    return json{{"uri", files.uri_of(where.file)}, {"range", range_json(files, where)}};
}

json location_json(const std::string& uri, LineColumn start, LineColumn end) {
    return json{{"uri", uri}, {"range", {{"start", position_to_json(start)}, {"end", position_to_json(end)}}}};
}

json text_edit_json(const LineIndex& lines, PositionEncoding encoding, TextRange range, std::string new_text) {
    return json{{"range", range_to_json(range, lines, encoding)}, {"newText", std::move(new_text)}};
}

json markdown(std::string text) { return json{{"kind", "markdown"}, {"value", std::move(text)}}; }

json diagnostic_json(const FileView& files, const Diagnostic& diagnostic) {
    std::string message = diagnostic.message;
    if (diagnostic.hint)
        message += "\nhint: " + *diagnostic.hint;
    json result{{"range", range_json(files, diagnostic.where)},
                {"severity", severity_code(diagnostic.severity)},
                {"code", diagnostic.code},
                {"source", diagnostic.code.starts_with("A") ? "ark lint" : "ark"},
                {"codeDescription", {{"href", std::string(kDiagnosticDocs) + diagnostic.code}}},
                {"message", std::move(message)}};
    // Unused and unreachable code is shown faded (DiagnosticTag.Unnecessary).
    if (const auto* spec = lints::find_lint(diagnostic.code);
        spec && (spec->slug.starts_with("unused-") || spec->slug == "unreachable-code"))
        result["tags"] = {1};
    if (!diagnostic.related.empty()) {
        json related = json::array();
        for (const RelatedInfo& info : diagnostic.related)
            related.push_back({{"location", location_json(files, info.where)}, {"message", info.message}});
        result["relatedInformation"] = std::move(related);
    }
    return result;
}

json workspace_edit_json(const FileView& files, const std::vector<TextEdit>& edits) {
    json changes = json::object();
    for (const TextEdit& edit : edits)
        changes[files.uri_of(edit.where.file)].push_back(
            text_edit_json(files.lines_of(edit.where.file), files.encoding, edit.where.range, edit.new_text));
    return json{{"changes", std::move(changes)}};
}

json workspace_edit_json(const FileView& files, const std::vector<SourceRange>& ranges, const std::string& new_text) {
    std::vector<TextEdit> edits;
    for (const SourceRange& where : ranges)
        edits.push_back({where, new_text});
    return workspace_edit_json(files, edits);
}

}  // namespace ark::lsp
