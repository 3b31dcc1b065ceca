// Handlers that run on the main loop: lifecycle (lifecycle.cpp) and text
// synchronisation (text_sync.cpp). Registered in dispatch.cpp.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "protocol/jsonrpc.hpp"
#include "server/pipeline.hpp"
#include "server/snapshot.hpp"

namespace ark::lsp {

struct Session;

json on_initialize(Session& session, const json& params);
void on_initialized(Session& session, const json& params);
json on_shutdown(Session& session, const json& params);
void on_exit(Session& session, const json& params);
void on_cancel_request(Session& session, const json& params);

void on_did_open(Session& session, const json& params);
void on_did_change(Session& session, const json& params);
void on_did_close(Session& session, const json& params);
void on_did_save(Session& session, const json& params);
void advertise_text_sync(json& capabilities);

// From initialize: whether the client pulls diagnostics (and can be asked to refresh).
void configure_pull_diagnostics(Session& session);
// A fresh build's diagnostics for an open document: published, or for a
// client that pulls, a refresh request when they changed without an edit.
void deliver_diagnostics(Session& session, const std::string& uri, int64_t version, const json& params);
// workspace/diagnostic (pull_diagnostics.cpp): answers from the pool.
void on_workspace_diagnostic(Session& session, const Request& request);
// workspace/willRenameFiles (file_rename_requests.cpp): answers from the pool.
void on_will_rename_files(Session& session, const Request& request);
void advertise_will_rename_files(json& capabilities);
// callHierarchy/incomingCalls (call_hierarchy_requests.cpp): the document's
// analysis, then the workspace files importing the function's file, on the pool.
void on_incoming_calls(Session& session, const Request& request);

// The pipeline's callbacks (pipeline_events.cpp): what the edge does with
// its builds (publish), lint findings (publish again) and indexing progress.
PipelineCallbacks pipeline_callbacks(Session& session);
// Indexes workspace folders on the pool with $/progress (pipeline_events.cpp).
void index_workspace_folders(Session& session, std::vector<std::string> folders);

// Workspace configuration (configuration_requests.cpp): asks for the
// "ark.run" section when the client can answer (from initialized and after
// every didChangeConfiguration), and takes the settings it pushes.
void request_workspace_configuration(Session& session);
void on_did_change_configuration(Session& session, const json& params);

// `.arklint.json` (lint_configs.cpp). Whether a path names one.
bool is_lint_config_path(const std::string& path);
// PipelineCallbacks::lint_config_read: posts what a read found to the main loop.
std::function<void(const config::LintConfigFile&)> lint_config_reporter(Session& session);
// On the main loop: reports a configuration that can not be used (diagnostics
// on it, a message), or withdraws the report once it can.
struct LintConfigRead;
void on_lint_config_read(Session& session, LintConfigRead& event);
// Configuration files changed on disk (path, deleted): forgets what was read
// and rebuilds the open documents with what is there now.
void on_lint_configs_changed(Session& session, const std::vector<std::pair<std::string, bool>>& changes);
// The workspace folders (or trust) bound the search: after initialize and
// every change of folders; rebuilds the open documents.
void configure_lint_configs(Session& session);

struct Document;
// The open buffers by normalised path: imports read these instead of the disk.
std::shared_ptr<const OpenFiles> open_files(const Session& session);
// Tells the scheduler about a document's current text (and the current open buffers).
void schedule_build(Session& session, const Document& document);

}  // namespace ark::lsp
