// JSON glue for the run lenses: textDocument/codeLens, workspace/executeCommand
// (ark.run, ark.runAsync, ark.runExample, ark.stopRun) and the streamed
// output. The edge between the server (lsp/server: its session, pipeline and
// workspace configuration) and the run engine (lsp/runner), which know nothing
// of each other. Registered in server/dispatch.cpp; the payloads are
// documented in protocol/extensions.hpp.
#pragma once
#include "protocol/jsonrpc.hpp"
#include "server/snapshot.hpp"

namespace ark::lsp {

struct Session;

namespace lens {

// On the pool with the document's snapshot; the Debug lens only for a client
// whose initializationOptions named its debugCommand.
void on_code_lens(Session& session, const Request& request);
void advertise_code_lens(json& capabilities);

// Answers later, when the run ends (or at once for ark.stopRun).
void on_execute_command(Session& session, const Request& request);
void advertise_execute_command(json& capabilities);

}  // namespace lens
}  // namespace ark::lsp
