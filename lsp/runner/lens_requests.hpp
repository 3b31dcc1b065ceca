// JSON glue for the run lenses: textDocument/codeLens, workspace/executeCommand
// (ark.run, ark.runAsync, ark.runExample, ark.stopRun), the run settings
// (initializationOptions, workspace/configuration) and the streamed output.
// Registered in server/dispatch.cpp; the payloads are documented in
// protocol/extensions.hpp.
#pragma once
#include "protocol/jsonrpc.hpp"
#include "server/snapshot.hpp"

namespace ark::lsp {

struct Session;

namespace runner {

// On the pool with the document's snapshot; the Debug lens only for a client
// whose initializationOptions named its debugCommand.
void on_code_lens(Session& session, const Request& request);
void advertise_code_lens(json& capabilities);

// Answers later, when the run ends (or at once for ark.stopRun).
void on_execute_command(Session& session, const Request& request);
void advertise_execute_command(json& capabilities);

void on_did_change_configuration(Session& session, const json& params);

// From initialize: creates the session's Runner with initializationOptions.run,
// which is also the ceiling: workspace configuration (a project's own
// settings) may lower a limit, never raise or remove it, and never sets trust.
void start_runner(Session& session, const json& initialize_params);
// From initialized: asks for the "ark.run" section if the client can answer.
void request_run_settings(Session& session);

}  // namespace runner
}  // namespace ark::lsp
