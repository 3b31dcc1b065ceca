// Where each method goes: one sorted table, method -> handler, and the rules
// that apply before any handler runs (lifecycle, unknown methods, errors).
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <variant>

#include "protocol/jsonrpc.hpp"
#include "server/snapshot.hpp"

namespace ark::lsp {

struct Session;
class WorkspaceIndex;

// Runs on the main loop and may change the session (initialize, shutdown).
using SyncRequestHandler = json (*)(Session& session, const json& params);
// Runs on the pool with a snapshot of params.textDocument.uri; reads only.
using SnapshotRequestHandler = json (*)(const Snapshot& snapshot, const json& params, const CancelToken& cancel);
// Runs on the pool with the workspace index (requests without a document).
using WorkspaceRequestHandler = json (*)(const WorkspaceIndex& index, const json& params, const CancelToken& cancel);
// Runs on the main loop and answers later through a RequestFinished event (lens runs).
using DeferredRequestHandler = void (*)(Session& session, const Request& request);
// Runs on the main loop; notifications never answer.
using NotificationHandler = void (*)(Session& session, const json& params);
// Adds the method's entry to the server capabilities sent in InitializeResult.
using Advertise = void (*)(json& capabilities);
// The URI of the document a snapshot request reads, for the requests whose
// params have no textDocument (completionItem/resolve, callHierarchy/*):
// they carry it in the `data` the server put in the item it resolves.
using DocumentOf = std::string (*)(const json& params);

struct Route {
    std::string_view method;
    std::variant<SyncRequestHandler, SnapshotRequestHandler, NotificationHandler, WorkspaceRequestHandler,
                 DeferredRequestHandler>
        handler;
    Advertise advertise = nullptr;
    DocumentOf document = nullptr;  // SnapshotRequestHandler only; default: params.textDocument.uri
};

const Route* find_route(std::string_view method);
// The capabilities of every routed method.
json advertised_capabilities();

void dispatch_request(Session& session, Request request);

// What a SnapshotRequestHandler route does, for a deferred handler whose answer
// also depends on session state (copied into `answer` on the main loop):
// answers `request` on the pool with a snapshot of `uri`.
using SnapshotAnswer = std::function<json(const Snapshot& snapshot, const json& params, const CancelToken& cancel)>;
void answer_with_snapshot(Session& session, Request request, std::string uri, SnapshotAnswer answer);
void dispatch_notification(Session& session, Notification notification);

}  // namespace ark::lsp
