// JSON glue for the feature requests: params -> features::X(analysis, offset)
// -> LSP JSON, plus each method's server capability. One function pair per
// method; registered in dispatch.cpp. The features themselves never see JSON.
#pragma once
#include "protocol/jsonrpc.hpp"
#include "server/snapshot.hpp"

namespace ark::lsp {

#define ARK_LSP_SNAPSHOT_REQUEST(name) \
    json name(const Snapshot& snapshot, const json& params, const CancelToken& cancel);
ARK_LSP_SNAPSHOT_REQUEST(on_code_action)
ARK_LSP_SNAPSHOT_REQUEST(on_completion)
ARK_LSP_SNAPSHOT_REQUEST(on_completion_resolve)
ARK_LSP_SNAPSHOT_REQUEST(on_definition)
ARK_LSP_SNAPSHOT_REQUEST(on_document_highlight)
ARK_LSP_SNAPSHOT_REQUEST(on_document_symbol)
ARK_LSP_SNAPSHOT_REQUEST(on_folding_range)
ARK_LSP_SNAPSHOT_REQUEST(on_hover)
ARK_LSP_SNAPSHOT_REQUEST(on_prepare_rename)
ARK_LSP_SNAPSHOT_REQUEST(on_references)
ARK_LSP_SNAPSHOT_REQUEST(on_rename)
ARK_LSP_SNAPSHOT_REQUEST(on_selection_range)
ARK_LSP_SNAPSHOT_REQUEST(on_semantic_tokens_full)
ARK_LSP_SNAPSHOT_REQUEST(on_semantic_tokens_delta)
ARK_LSP_SNAPSHOT_REQUEST(on_semantic_tokens_range)
ARK_LSP_SNAPSHOT_REQUEST(on_signature_help)
ARK_LSP_SNAPSHOT_REQUEST(on_inlay_hint)
ARK_LSP_SNAPSHOT_REQUEST(on_formatting)
ARK_LSP_SNAPSHOT_REQUEST(on_range_formatting)
ARK_LSP_SNAPSHOT_REQUEST(on_prepare_call_hierarchy)
ARK_LSP_SNAPSHOT_REQUEST(on_outgoing_calls)
ARK_LSP_SNAPSHOT_REQUEST(on_document_link)
ARK_LSP_SNAPSHOT_REQUEST(on_inline_value)
ARK_LSP_SNAPSHOT_REQUEST(on_document_diagnostic)
#undef ARK_LSP_SNAPSHOT_REQUEST

void advertise_code_action(json& capabilities);
void advertise_completion(json& capabilities);
void advertise_definition(json& capabilities);
void advertise_document_highlight(json& capabilities);
void advertise_document_symbol(json& capabilities);
void advertise_folding_range(json& capabilities);
void advertise_hover(json& capabilities);
void advertise_references(json& capabilities);
void advertise_rename(json& capabilities);
void advertise_selection_range(json& capabilities);
void advertise_semantic_tokens(json& capabilities);
void advertise_signature_help(json& capabilities);
void advertise_inlay_hint(json& capabilities);
void advertise_formatting(json& capabilities);
void advertise_range_formatting(json& capabilities);
void advertise_call_hierarchy(json& capabilities);
void advertise_document_link(json& capabilities);
void advertise_inline_value(json& capabilities);
void advertise_diagnostic(json& capabilities);

// callHierarchy/incomingCalls and outgoingCalls read the snapshot of the item's data.uri.
std::string call_hierarchy_document(const json& params);

// completionItem/resolve reads the snapshot of the item's data.uri.
std::string completion_item_document(const json& params);

// Every diagnostic of a snapshot: the front end's, then the lints', by position.
std::vector<Diagnostic> all_diagnostics(const Snapshot& snapshot);
const analysis::Analysis& analysis_of(const Snapshot& snapshot);

// textDocument/publishDiagnostics params for a fresh snapshot.
json publish_diagnostics_params(const Snapshot& snapshot);

}  // namespace ark::lsp
