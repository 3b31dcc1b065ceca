// JSON glue for textDocument/documentLink (features/document_links.hpp) and
// textDocument/inlineValue (features/inline_values.hpp).
#include "features/document_links.hpp"
#include "features/inline_values.hpp"
#include "protocol/convert.hpp"
#include "protocol/uri.hpp"
#include "protocol/values.hpp"
#include "server/requests.hpp"

namespace ark::lsp {

void advertise_document_link(json& capabilities) {
    capabilities["documentLinkProvider"] = {{"resolveProvider", false}};
}

json on_document_link(const Snapshot& snapshot, const json&, const CancelToken&) {
    json links = json::array();
    for (const features::DocumentLink& link : features::document_links(analysis_of(snapshot)))
        links.push_back({{"range", range_to_json(link.range, snapshot.lines, snapshot.encoding)},
                         {"target", uri_from_path(normal_path(link.path))}});
    return links;
}

void advertise_inline_value(json& capabilities) { capabilities["inlineValueProvider"] = true; }

json on_inline_value(const Snapshot& snapshot, const json& params, const CancelToken&) {
    const TextRange visible = range_from_json(params.at("range"), snapshot.lines, snapshot.encoding);
    const TextRange stopped =
        range_from_json(params.at("context").at("stoppedLocation"), snapshot.lines, snapshot.encoding);
    json values = json::array();
    for (const features::InlineValue& value : features::inline_values(analysis_of(snapshot), visible, stopped))
        values.push_back({{"range", range_to_json(value.range, snapshot.lines, snapshot.encoding)},
                          {"variableName", value.name},
                          {"caseSensitiveLookup", true}});
    return values;
}

}  // namespace ark::lsp
