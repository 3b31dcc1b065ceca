// JSON glue for the call hierarchy (features/call_hierarchy.hpp). An item
// carries in `data` the document whose analysis it came from and its name's
// file and offsets, so callHierarchy/incomingCalls and outgoingCalls find the
// function again in that document's newest snapshot.
#include "features/call_hierarchy.hpp"
#include "protocol/convert.hpp"
#include "protocol/values.hpp"
#include "server/requests.hpp"

namespace ark::lsp {

namespace {

constexpr int kFunctionKind = 12;  // SymbolKind.Function
constexpr int kModuleKind = 2;     // SymbolKind.Module: a top-level form of a file

json item_json(const Snapshot& snapshot, const features::CallHierarchyItem& item) {
    const analysis::Analysis& analysis = analysis_of(snapshot);
    return json{{"name", item.name},
                {"kind", item.is_function ? kFunctionKind : kModuleKind},
                {"detail", item.detail},
                {"uri", snapshot.uri_of(item.range.file)},
                {"range", range_json(snapshot, item.range)},
                {"selectionRange", range_json(snapshot, item.selection)},
                {"data",
                 {{"uri", snapshot.uri},
                  {"path", analysis.sources.file(item.selection.file).path},
                  {"begin", item.selection.range.begin},
                  {"end", item.selection.range.end}}}};
}

// The item's name in the snapshot's analysis.
SourceRange selection_of(const Snapshot& snapshot, const json& params) {
    const json& data = params.at("item").at("data");
    const int file = analysis_of(snapshot).sources.find(data.at("path").get<std::string>());
    if (file < 0)
        throw RpcError(ErrorCode::RequestFailed, "request failed: the item's file is no longer part of the analysis");
    return {static_cast<FileId>(file), {data.at("begin").get<uint32_t>(), data.at("end").get<uint32_t>()}};
}

json calls_json(const Snapshot& snapshot, const std::vector<features::CallHierarchyCall>& calls, const char* side) {
    json result = json::array();
    for (const features::CallHierarchyCall& call : calls) {
        json ranges = json::array();
        for (const SourceRange& where : call.ranges)
            ranges.push_back(range_json(snapshot, where));
        result.push_back({{side, item_json(snapshot, call.item)}, {"fromRanges", std::move(ranges)}});
    }
    return result;
}

}  // namespace

void advertise_call_hierarchy(json& capabilities) { capabilities["callHierarchyProvider"] = true; }

std::string call_hierarchy_document(const json& params) {
    return params.at("item").at("data").at("uri").get<std::string>();
}

json on_prepare_call_hierarchy(const Snapshot& snapshot, const json& params, const CancelToken&) {
    const uint32_t offset = snapshot.offset_of(position_from_json(params.at("position")));
    const auto item = features::prepare_call_hierarchy(analysis_of(snapshot), offset);
    if (!item)
        return nullptr;
    return json::array({item_json(snapshot, *item)});
}

json on_incoming_calls(const Snapshot& snapshot, const json& params, const CancelToken&) {
    return calls_json(snapshot, features::incoming_calls(analysis_of(snapshot), selection_of(snapshot, params)), "from");
}

json on_outgoing_calls(const Snapshot& snapshot, const json& params, const CancelToken&) {
    return calls_json(snapshot, features::outgoing_calls(analysis_of(snapshot), selection_of(snapshot, params)), "to");
}

}  // namespace ark::lsp
