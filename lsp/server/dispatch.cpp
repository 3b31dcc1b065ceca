// The method table and the rules every message passes before its handler.
//
// A request either runs on the main loop (it changes server state and is quick)
// or on the pool with a snapshot (it reads analysis results). Either way it sits
// in exactly one catch-all that turns any failure into an error reply through
// error_reply_for(), so one bad request never takes the server down.
#include "server/dispatch.hpp"

#include <algorithm>
#include <array>

#include "lens/lens_requests.hpp"
#include "protocol/convert.hpp"
#include "server/handlers.hpp"
#include "server/requests.hpp"
#include "server/session.hpp"
#include "server/workspace.hpp"

namespace ark::lsp {

namespace {

// ark/viewFileText: the text as the server sees it after every edit it has
// applied (a debugging aid, like rust-analyzer's viewFileText; tests use it to
// check incremental synchronisation).
json view_file_text(const Snapshot& snapshot, const json&, const CancelToken&) {
    return json{{"uri", snapshot.uri}, {"version", snapshot.version}, {"text", *snapshot.text}};
}

// Invariant: sorted by method (checked below), one line per method.
constexpr std::array routes = {
    Route{"$/cancelRequest", NotificationHandler{on_cancel_request}},
    Route{"ark/viewFileText", SnapshotRequestHandler{view_file_text}},
    Route{"callHierarchy/incomingCalls", DeferredRequestHandler{on_incoming_calls}},
    Route{"callHierarchy/outgoingCalls", SnapshotRequestHandler{on_outgoing_calls}, nullptr, call_hierarchy_document},
    Route{"completionItem/resolve", SnapshotRequestHandler{on_completion_resolve}, nullptr, completion_item_document},
    Route{"exit", NotificationHandler{on_exit}},
    Route{"initialize", SyncRequestHandler{on_initialize}},
    Route{"initialized", NotificationHandler{on_initialized}},
    Route{"shutdown", SyncRequestHandler{on_shutdown}},
    Route{"textDocument/codeAction", SnapshotRequestHandler{on_code_action}, advertise_code_action},
    Route{"textDocument/codeLens", DeferredRequestHandler{lens::on_code_lens}, lens::advertise_code_lens},
    Route{"textDocument/completion", SnapshotRequestHandler{on_completion}, advertise_completion},
    Route{"textDocument/definition", SnapshotRequestHandler{on_definition}, advertise_definition},
    Route{"textDocument/diagnostic", SnapshotRequestHandler{on_document_diagnostic}, advertise_diagnostic},
    Route{"textDocument/didChange", NotificationHandler{on_did_change}},
    Route{"textDocument/didClose", NotificationHandler{on_did_close}},
    Route{"textDocument/didOpen", NotificationHandler{on_did_open}, advertise_text_sync},
    Route{"textDocument/didSave", NotificationHandler{on_did_save}},
    Route{"textDocument/documentHighlight", SnapshotRequestHandler{on_document_highlight}, advertise_document_highlight},
    Route{"textDocument/documentLink", SnapshotRequestHandler{on_document_link}, advertise_document_link},
    Route{"textDocument/documentSymbol", SnapshotRequestHandler{on_document_symbol}, advertise_document_symbol},
    Route{"textDocument/foldingRange", SnapshotRequestHandler{on_folding_range}, advertise_folding_range},
    Route{"textDocument/formatting", SnapshotRequestHandler{on_formatting}, advertise_formatting},
    Route{"textDocument/hover", SnapshotRequestHandler{on_hover}, advertise_hover},
    Route{"textDocument/inlayHint", SnapshotRequestHandler{on_inlay_hint}, advertise_inlay_hint},
    Route{"textDocument/inlineValue", SnapshotRequestHandler{on_inline_value}, advertise_inline_value},
    Route{"textDocument/prepareCallHierarchy", SnapshotRequestHandler{on_prepare_call_hierarchy}, advertise_call_hierarchy},
    Route{"textDocument/prepareRename", SnapshotRequestHandler{on_prepare_rename}},
    Route{"textDocument/rangeFormatting", SnapshotRequestHandler{on_range_formatting}, advertise_range_formatting},
    Route{"textDocument/references", SnapshotRequestHandler{on_references}, advertise_references},
    Route{"textDocument/rename", SnapshotRequestHandler{on_rename}, advertise_rename},
    Route{"textDocument/selectionRange", SnapshotRequestHandler{on_selection_range}, advertise_selection_range},
    Route{"textDocument/semanticTokens/full", SnapshotRequestHandler{on_semantic_tokens_full}, advertise_semantic_tokens},
    Route{"textDocument/semanticTokens/full/delta", SnapshotRequestHandler{on_semantic_tokens_delta}},
    Route{"textDocument/semanticTokens/range", SnapshotRequestHandler{on_semantic_tokens_range}},
    Route{"textDocument/signatureHelp", SnapshotRequestHandler{on_signature_help}, advertise_signature_help},
    Route{"workspace/diagnostic", DeferredRequestHandler{on_workspace_diagnostic}},
    Route{"workspace/didChangeConfiguration", NotificationHandler{on_did_change_configuration}},
    Route{"workspace/didChangeWatchedFiles", NotificationHandler{on_did_change_watched_files}},
    Route{"workspace/didChangeWorkspaceFolders", NotificationHandler{on_did_change_workspace_folders}, advertise_workspace},
    Route{"workspace/executeCommand", DeferredRequestHandler{lens::on_execute_command}, lens::advertise_execute_command},
    Route{"workspace/symbol", WorkspaceRequestHandler{on_workspace_symbol}, advertise_workspace_symbol},
    Route{"workspace/willRenameFiles", DeferredRequestHandler{on_will_rename_files}, advertise_will_rename_files},
};

static_assert(std::is_sorted(routes.begin(), routes.end(),
                             [](const Route& a, const Route& b) { return a.method < b.method; }),
              "routes must be sorted by method");

void reply_error(Session& session, const RequestId& id, ErrorCode code, std::string_view message) {
    session.send(make_error(id, code, message));
}

void reply_failure(Session& session, const RequestId& id, std::exception_ptr failure) {
    const ErrorReply error = error_reply_for(failure);
    if (error.code == ErrorCode::InternalError)
        session.log(LogLevel::Error, error.message);
    reply_error(session, id, error.code, error.message);
}

// The response to `request`: what `compute` returns, or the error it throws
// (an internal error is also logged).
template <class Compute>
json reply_from(Session& session, const Request& request, Compute&& compute) {
    try {
        return make_response(request.id, compute());
    } catch (...) {
        const ErrorReply error = error_reply_for(std::current_exception());
        if (error.code == ErrorCode::InternalError)
            session.log(LogLevel::Error, request.method + ": " + error.message);
        return make_error(request.id, error.code, error.message);
    }
}

void run_on_snapshot(Session& session, Request request, SnapshotRequestHandler handler, DocumentOf document) {
    std::string uri;
    try {
        uri = document ? document(request.params) : request.params.at("textDocument").at("uri").get<std::string>();
    } catch (...) {
        reply_failure(session, request.id, std::current_exception());
        return;
    }
    answer_with_snapshot(session, std::move(request), std::move(uri), handler);
}

void run_on_workspace(Session& session, Request request, WorkspaceRequestHandler handler) {
    const CancelToken cancel;
    session.pending.insert_or_assign(id_key(request.id), cancel);
    session.pipeline->scheduler().run([&session, request = std::move(request), handler, cancel, index = session.pipeline->index()] {
        if (cancel.cancelled())
            return;
        json reply = reply_from(session, request, [&] { return handler(*index, request.params, cancel); });
        session.events.push(RequestFinished{request.id, std::move(reply)});
    });
}

}  // namespace

void answer_with_snapshot(Session& session, Request request, std::string uri, SnapshotAnswer answer) {
    const CancelToken cancel;
    session.pending.insert_or_assign(id_key(request.id), cancel);
    session.pipeline->scheduler().run_with_snapshot(
        uri, [&session, request = std::move(request), answer = std::move(answer), cancel](std::shared_ptr<const Snapshot> snapshot) {
            if (cancel.cancelled())
                return;  // the main loop has already answered
            json reply = reply_from(session, request, [&] {
                if (!snapshot)
                    throw RpcError(ErrorCode::InvalidParams,
                                   "invalid params: the document is not open; send textDocument/didOpen first");
                return answer(*snapshot, request.params, cancel);
            });
            session.events.push(RequestFinished{request.id, std::move(reply)});
        });
}

const Route* find_route(std::string_view method) {
    const auto found = std::lower_bound(routes.begin(), routes.end(), method,
                                        [](const Route& route, std::string_view m) { return route.method < m; });
    return found != routes.end() && found->method == method ? &*found : nullptr;
}

json advertised_capabilities() {
    json capabilities = json::object();
    for (const Route& route : routes)
        if (route.advertise)
            route.advertise(capabilities);
    return capabilities;
}

void dispatch_request(Session& session, Request request) {
    if (session.lifecycle == Lifecycle::Uninitialized && request.method != "initialize")
        return reply_error(session, request.id, ErrorCode::ServerNotInitialized,
                           "server not initialized: send `initialize` first");
    if (session.lifecycle == Lifecycle::ShutDown)
        return reply_error(session, request.id, ErrorCode::InvalidRequest,
                           "invalid request: the server is shutting down; only `exit` is accepted");
    const Route* route = find_route(request.method);
    if (!route || std::holds_alternative<NotificationHandler>(route->handler))
        return reply_error(session, request.id, ErrorCode::MethodNotFound,
                           "method not found: " + request.method);

    if (const auto* handler = std::get_if<SyncRequestHandler>(&route->handler)) {
        json result;
        try {
            result = (*handler)(session, request.params);
        } catch (...) {
            return reply_failure(session, request.id, std::current_exception());
        }
        session.send(make_response(request.id, std::move(result)));
        return;
    }
    if (const auto* handler = std::get_if<DeferredRequestHandler>(&route->handler)) {
        try {
            (*handler)(session, request);
        } catch (...) {
            reply_failure(session, request.id, std::current_exception());
        }
        return;
    }
    if (const auto* handler = std::get_if<WorkspaceRequestHandler>(&route->handler))
        return run_on_workspace(session, std::move(request), *handler);
    run_on_snapshot(session, std::move(request), std::get<SnapshotRequestHandler>(route->handler), route->document);
}

void dispatch_notification(Session& session, Notification notification) {
    if (session.lifecycle == Lifecycle::Uninitialized && notification.method != "exit") {
        session.log(LogLevel::Warning, "ignored `" + notification.method + "` sent before `initialize`");
        return;
    }
    const Route* route = find_route(notification.method);
    const auto* handler = route ? std::get_if<NotificationHandler>(&route->handler) : nullptr;
    if (!handler) {
        if (!notification.method.starts_with("$/"))
            session.log(LogLevel::Log, "ignored unknown notification `" + notification.method + "`");
        return;
    }
    try {
        (*handler)(session, notification.params);
    } catch (...) {
        const ErrorReply error = error_reply_for(std::current_exception());
        session.log(LogLevel::Error, notification.method + ": " + error.message);
    }
}

}  // namespace ark::lsp
