// JSON glue for the call hierarchy (features/call_hierarchy.hpp). An item
// carries in `data` the document whose analysis it came from and its name's
// file and offsets, so callHierarchy/incomingCalls and outgoingCalls find the
// function again in that document's newest snapshot.
//
// Incoming calls also come from files that do not take part in that analysis:
// every workspace file that imports the function's file (directly or through
// other imports) is built (WorkspaceBuilds) and its calls are added. A caller
// seen by several analyses (a module imported by many files) is listed once.
#include <algorithm>
#include <map>
#include <set>

#include "base/files.hpp"
#include "features/call_hierarchy.hpp"
#include "features/import_paths.hpp"
#include "protocol/convert.hpp"
#include "protocol/uri.hpp"
#include "protocol/values.hpp"
#include "server/handlers.hpp"
#include "server/requests.hpp"
#include "server/session.hpp"
#include "server/workspace_builds.hpp"

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

// The item's name in an analysis, if the analysis read the item's file.
std::optional<SourceRange> selection_in(const analysis::Analysis& analysis, const json& params) {
    const json& data = params.at("item").at("data");
    const std::string path = normal_path(data.at("path").get<std::string>());
    for (FileId file = 0; file < analysis.sources.size(); ++file)
        if (normal_path(analysis.sources.file(file).path) == path)
            return SourceRange{file, {data.at("begin").get<uint32_t>(), data.at("end").get<uint32_t>()}};
    return std::nullopt;
}

SourceRange selection_of(const Snapshot& snapshot, const json& params) {
    const std::optional<SourceRange> selection = selection_in(analysis_of(snapshot), params);
    if (!selection)
        throw RpcError(ErrorCode::RequestFailed, "request failed: the item's file is no longer part of the analysis");
    return *selection;
}

// The workspace files whose imports lead to `target`, directly or not.
std::vector<std::string> importers_of(const Session& session, const WorkspaceBuilds& builds, const std::string& target,
                                      const CancelToken& stop) {
    std::map<std::string, std::vector<std::string>> imported_by;
    for (const std::string& path : builds.files(stop))
        if (const std::optional<std::string> text = builds.text(session, path))
            for (const features::ImportSite& site : features::import_sites(path, *text, is_regular_file))
                imported_by[normal_path(site.target)].push_back(path);
    std::vector<std::string> found;
    std::set<std::string> seen{target};
    std::vector<std::string> queue{target};
    while (!queue.empty()) {
        const std::string file = std::move(queue.back());
        queue.pop_back();
        for (const std::string& importer : imported_by[file])
            if (seen.insert(importer).second) {
                found.push_back(importer);
                queue.push_back(importer);
            }
    }
    std::sort(found.begin(), found.end());
    return found;
}

// Incoming calls from several analyses, one entry per caller (and per
// async-ness), the call ranges merged.
class MergedCalls {
public:
    void add(const json& calls) {
        for (const json& call : calls) {
            const json& from = call["from"];
            const std::string key = from["uri"].get<std::string>() + "#" + from["selectionRange"].dump() + "#" +
                                    from["detail"].get<std::string>();
            const auto [slot, added] = slots_.try_emplace(key, merged_.size());
            if (added) {
                merged_.push_back(call);
                continue;
            }
            json& ranges = merged_[slot->second]["fromRanges"];
            for (const json& range : call["fromRanges"])
                if (std::find(ranges.begin(), ranges.end(), range) == ranges.end())
                    ranges.push_back(range);
        }
    }
    json take() { return std::move(merged_); }

private:
    std::map<std::string, size_t> slots_;
    json merged_ = json::array();
};

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

void on_incoming_calls(Session& session, const Request& request) {
    const std::string uri = call_hierarchy_document(request.params);
    const std::string target = normal_path(request.params.at("item").at("data").at("path").get<std::string>());
    const CancelToken cancel;
    session.pending.insert_or_assign(id_key(request.id), cancel);
    session.pipeline->scheduler().run_with_snapshot(uri, [&session, params = request.params, id = request.id, uri, target, cancel,
                                               builds = WorkspaceBuilds::of(session), stop = session.stop_work](
                                                  std::shared_ptr<const Snapshot> snapshot) {
        if (cancel.cancelled())
            return;
        json reply;
        try {
            if (!snapshot)
                throw RpcError(ErrorCode::InvalidParams,
                               "invalid params: the document is not open; send textDocument/didOpen first");
            MergedCalls calls;
            calls.add(calls_json(*snapshot, features::incoming_calls(analysis_of(*snapshot), selection_of(*snapshot, params)),
                                 "from"));
            const std::string self = normal_path(path_from_uri(uri));
            for (const std::string& path : importers_of(session, *builds, target, stop)) {
                if (cancel.cancelled() || stop.cancelled())
                    return;
                const std::optional<std::string> text = path == self ? std::nullopt : builds->text(session, path);
                if (!text)
                    continue;
                const std::shared_ptr<const Snapshot> importer = builds->build(path, *text);
                if (!importer || !importer->analysis)
                    continue;
                if (const std::optional<SourceRange> selection = selection_in(*importer->analysis, params))
                    calls.add(calls_json(*importer, features::incoming_calls(*importer->analysis, *selection), "from"));
            }
            reply = make_response(id, calls.take());
        } catch (...) {
            const ErrorReply error = error_reply_for(std::current_exception());
            if (error.code == ErrorCode::InternalError)
                session.log(LogLevel::Error, "callHierarchy/incomingCalls: " + error.message);
            reply = make_error(id, error.code, error.message);
        }
        session.events.push(RequestFinished{id, std::move(reply)});
    });
}

json on_outgoing_calls(const Snapshot& snapshot, const json& params, const CancelToken&) {
    return calls_json(snapshot, features::outgoing_calls(analysis_of(snapshot), selection_of(snapshot, params)), "to");
}

}  // namespace ark::lsp
