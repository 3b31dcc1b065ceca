// JSON glue for the feature requests (see requests.hpp).
#include "server/requests.hpp"

#include <algorithm>

#include "features/completion.hpp"
#include "features/definition.hpp"
#include "features/diagnostics.hpp"
#include "features/document_highlight.hpp"
#include "features/document_symbol.hpp"
#include "features/folding_range.hpp"
#include "features/hover.hpp"
#include "features/references.hpp"
#include "features/rename.hpp"
#include "features/selection_range.hpp"
#include "features/formatting.hpp"
#include "features/inlay_hints.hpp"
#include "features/signature_help.hpp"
#include "protocol/convert.hpp"
#include "protocol/values.hpp"

namespace ark::lsp {

const analysis::Analysis& analysis_of(const Snapshot& snapshot) {
    if (!snapshot.analysis)
        throw RpcError(ErrorCode::RequestFailed, "request failed: the file could not be analysed; see the server log");
    return *snapshot.analysis;
}

namespace {

uint32_t cursor(const Snapshot& snapshot, const json& params) {
    return snapshot.offset_of(position_from_json(params.at("position")));
}

// A range of the document itself.
json range_json(const Snapshot& snapshot, TextRange range) {
    return range_to_json(range, snapshot.lines, snapshot.encoding);
}

}  // namespace

std::vector<Diagnostic> all_diagnostics(const Snapshot& snapshot) {
    if (!snapshot.analysis)
        return {};
    std::vector<Diagnostic> result = features::diagnostics(*snapshot.analysis);
    const std::vector<Diagnostic> lint_findings = snapshot.lint_findings();
    result.insert(result.end(), lint_findings.begin(), lint_findings.end());
    std::stable_sort(result.begin(), result.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return a.where.range.begin < b.where.range.begin;
    });
    return result;
}

json publish_diagnostics_params(const Snapshot& snapshot) {
    json diagnostics = json::array();
    for (const Diagnostic& diagnostic : all_diagnostics(snapshot))
        diagnostics.push_back(diagnostic_json(snapshot, diagnostic));
    return json{{"uri", snapshot.uri}, {"version", snapshot.version}, {"diagnostics", std::move(diagnostics)}};
}

// ---------------------------------------------------------------- completion

void advertise_completion(json& capabilities) {
    capabilities["completionProvider"] = {{"triggerCharacters", {"("}}, {"resolveProvider", true}};
}

namespace {

json completion_item_json(const features::CompletionEntry& entry) {
    using Kind = features::CompletionEntry::Kind;
    int kind = 6;       // Variable
    char rank = '0';    // the program's own names first
    switch (entry.kind) {
    case Kind::Function: kind = 3; break;
    case Kind::Variable: kind = 6; break;
    case Kind::Constant: kind = 21; break;
    case Kind::Keyword: kind = 14, rank = '1'; break;
    case Kind::Builtin: kind = 3, rank = '2'; break;
    case Kind::Operator: kind = 24, rank = '2'; break;  // CompletionItemKind.Operator
    }
    json item{{"label", entry.label}, {"kind", kind}, {"sortText", std::string(1, rank) + entry.label}};
    if (!entry.detail.empty())
        item["detail"] = entry.detail;
    if (!entry.documentation.empty())
        item["documentation"] = markdown(entry.documentation);
    return item;
}

}  // namespace

json on_completion(const Snapshot& snapshot, const json& params, const CancelToken&) {
    const uint32_t offset = cursor(snapshot, params);
    const features::CompletionResult completion = features::completion(analysis_of(snapshot), offset);
    // What completionItem/resolve needs to find the item again.
    const json data{{"uri", snapshot.uri}, {"offset", offset}};
    // Every item replaces the same range: converted once.
    const json replace = text_edit_json(snapshot.lines, snapshot.encoding, completion.replace, "");
    json items = json::array();
    for (const features::CompletionEntry& entry : completion.items) {
        json item = completion_item_json(entry);
        item["textEdit"] = replace;
        item["textEdit"]["newText"] = entry.label;
        item["data"] = data;
        items.push_back(std::move(item));
    }
    return json{{"isIncomplete", completion.incomplete}, {"items", std::move(items)}};
}

std::string completion_item_document(const json& params) {
    return params.at("data").at("uri").get<std::string>();
}

json on_completion_resolve(const Snapshot& snapshot, const json& params, const CancelToken&) {
    json item = params;
    const uint32_t offset = static_cast<uint32_t>(
        std::min<uint64_t>(params.at("data").at("offset").get<uint64_t>(), snapshot.text->size()));
    const auto entry = features::resolve_completion(analysis_of(snapshot), offset,
                                                    params.at("label").get<std::string>());
    if (!entry)
        return item;  // the text changed: the item stays as it was
    const json details = completion_item_json(*entry);
    for (const char* field : {"detail", "documentation"})
        if (details.contains(field))
            item[field] = details[field];
    return item;
}

// ---------------------------------------------------------------- navigation

void advertise_definition(json& capabilities) { capabilities["definitionProvider"] = true; }

json on_definition(const Snapshot& snapshot, const json& params, const CancelToken&) {
    json locations = json::array();
    for (const SourceRange& where : features::definition(analysis_of(snapshot), cursor(snapshot, params)))
        locations.push_back(location_json(snapshot, where));
    return locations;
}

void advertise_references(json& capabilities) { capabilities["referencesProvider"] = true; }

json on_references(const Snapshot& snapshot, const json& params, const CancelToken&) {
    features::ReferencesConfig config;
    if (const auto context = params.find("context"); context != params.end() && context->is_object())
        config.include_declaration = context->value("includeDeclaration", true);
    json locations = json::array();
    for (const SourceRange& where : features::references(analysis_of(snapshot), cursor(snapshot, params), config))
        locations.push_back(location_json(snapshot, where));
    return locations;
}

void advertise_document_highlight(json& capabilities) { capabilities["documentHighlightProvider"] = true; }

json on_document_highlight(const Snapshot& snapshot, const json& params, const CancelToken&) {
    json highlights = json::array();
    for (const features::Highlight& highlight :
         features::document_highlight(analysis_of(snapshot), cursor(snapshot, params)))
        highlights.push_back({{"range", range_json(snapshot, highlight.range)}, {"kind", highlight.is_write ? 3 : 2}});
    return highlights;
}

void advertise_hover(json& capabilities) { capabilities["hoverProvider"] = true; }

json on_hover(const Snapshot& snapshot, const json& params, const CancelToken&) {
    const auto info = features::hover(analysis_of(snapshot), cursor(snapshot, params));
    if (!info)
        return nullptr;
    return json{{"contents", markdown(info->markdown)}, {"range", range_json(snapshot, info->range)}};
}

// ---------------------------------------------------------------- structure

void advertise_document_symbol(json& capabilities) { capabilities["documentSymbolProvider"] = true; }

namespace {

json document_symbol_json(const Snapshot& snapshot, const features::DocumentSymbolNode& node) {
    using Kind = features::DocumentSymbolNode::Kind;
    const int kind = node.kind == Kind::Function ? 12 : node.kind == Kind::Constant ? 14 : 13;
    json children = json::array();
    for (const features::DocumentSymbolNode& child : node.children)
        children.push_back(document_symbol_json(snapshot, child));
    json result{{"name", node.name},
                {"kind", kind},
                {"range", range_json(snapshot, node.range)},
                {"selectionRange", range_json(snapshot, node.selection)},
                {"children", std::move(children)}};
    if (!node.detail.empty())
        result["detail"] = node.detail;
    return result;
}

}  // namespace

json on_document_symbol(const Snapshot& snapshot, const json&, const CancelToken&) {
    json symbols = json::array();
    for (const features::DocumentSymbolNode& node : features::document_symbols(analysis_of(snapshot)))
        symbols.push_back(document_symbol_json(snapshot, node));
    return symbols;
}

void advertise_folding_range(json& capabilities) { capabilities["foldingRangeProvider"] = true; }

json on_folding_range(const Snapshot& snapshot, const json&, const CancelToken&) {
    json folds = json::array();
    for (const features::Fold& fold : features::folding_ranges(analysis_of(snapshot))) {
        json item{{"startLine", fold.start_line}, {"endLine", fold.end_line}};
        if (fold.is_comment)
            item["kind"] = "comment";
        folds.push_back(std::move(item));
    }
    return folds;
}

void advertise_selection_range(json& capabilities) { capabilities["selectionRangeProvider"] = true; }

json on_selection_range(const Snapshot& snapshot, const json& params, const CancelToken& cancel) {
    json result = json::array();
    for (const json& position : params.at("positions")) {
        if (cancel.cancelled())
            break;
        const auto ranges = features::selection_ranges(analysis_of(snapshot), snapshot.offset_of(position_from_json(position)));
        json nested = nullptr;
        for (auto range = ranges.rbegin(); range != ranges.rend(); ++range) {
            json item{{"range", range_json(snapshot, *range)}};
            if (!nested.is_null())
                item["parent"] = std::move(nested);
            nested = std::move(item);
        }
        result.push_back(std::move(nested));
    }
    return result;
}

// ---------------------------------------------------------------- rename

void advertise_rename(json& capabilities) { capabilities["renameProvider"] = {{"prepareProvider", true}}; }

json on_prepare_rename(const Snapshot& snapshot, const json& params, const CancelToken&) {
    std::string error;
    const auto target = features::prepare_rename(analysis_of(snapshot), cursor(snapshot, params), error);
    if (!target)
        throw RpcError(ErrorCode::RequestFailed, error);
    return json{{"range", range_json(snapshot, target->range)}, {"placeholder", target->name}};
}

json on_rename(const Snapshot& snapshot, const json& params, const CancelToken&) {
    const std::string new_name = params.at("newName").get<std::string>();
    const features::RenameResult result = features::rename(analysis_of(snapshot), cursor(snapshot, params), new_name);
    if (!result.error.empty())
        throw RpcError(ErrorCode::RequestFailed, result.error);
    return workspace_edit_json(snapshot, result.edits, new_name);
}

// ---------------------------------------------------------------- signature help

void advertise_signature_help(json& capabilities) {
    capabilities["signatureHelpProvider"] = {{"triggerCharacters", {"(", " "}}, {"retriggerCharacters", {")"}}};
}

json on_signature_help(const Snapshot& snapshot, const json& params, const CancelToken&) {
    const auto info = features::signature_help(analysis_of(snapshot), cursor(snapshot, params));
    if (!info)
        return nullptr;
    // Parameter labels as [start, end) offsets in UTF-16 (the spec's unit for
    // them whatever the position encoding); the label is what the client shows.
    auto utf16_offset = [&](uint32_t byte) {
        return LineIndex(info->label).to_line_column(byte, PositionEncoding::Utf16).column;
    };
    json parameters = json::array();
    for (const auto& [begin, end] : info->parameters)
        parameters.push_back({{"label", {utf16_offset(begin), utf16_offset(end)}}});
    json signature{{"label", info->label}, {"parameters", std::move(parameters)}};
    if (!info->documentation.empty())
        signature["documentation"] = markdown(info->documentation);
    return json{{"signatures", {std::move(signature)}}, {"activeSignature", 0}, {"activeParameter", info->active_parameter}};
}

// ---------------------------------------------------------------- inlay hints

void advertise_inlay_hint(json& capabilities) { capabilities["inlayHintProvider"] = true; }

json on_inlay_hint(const Snapshot& snapshot, const json& params, const CancelToken&) {
    const TextRange range = range_from_json(params.at("range"), snapshot.lines, snapshot.encoding);
    json hints = json::array();
    for (const features::InlayHint& hint : features::inlay_hints(analysis_of(snapshot), range))
        hints.push_back({{"position", position_to_json(snapshot.position_of(hint.offset))},
                         {"label", hint.label},
                         {"kind", 2 /* Parameter */},
                         {"paddingRight", true}});
    return hints;
}

// ---------------------------------------------------------------- formatting

void advertise_formatting(json& capabilities) { capabilities["documentFormattingProvider"] = true; }
void advertise_range_formatting(json& capabilities) { capabilities["documentRangeFormattingProvider"] = true; }

namespace {

json text_edits(const Snapshot& snapshot, const features::FormatResult& result) {
    if (!result.error.empty())
        throw RpcError(ErrorCode::RequestFailed, result.error);
    json edits = json::array();
    for (const features::FormatTextEdit& edit : result.edits)
        edits.push_back(text_edit_json(snapshot.lines, snapshot.encoding, {edit.begin, edit.end}, edit.new_text));
    return edits;
}

}  // namespace

json on_formatting(const Snapshot& snapshot, const json&, const CancelToken&) {
    return text_edits(snapshot, features::format_document(*snapshot.text, snapshot.analysis.get()));
}

json on_range_formatting(const Snapshot& snapshot, const json& params, const CancelToken&) {
    const TextRange range = range_from_json(params.at("range"), snapshot.lines, snapshot.encoding);
    return text_edits(snapshot, features::format_range(*snapshot.text, snapshot.analysis.get(), range.begin, range.end));
}

}  // namespace ark::lsp
