// The language server's one entry point, called by `ark lsp`.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ark::lsp {

struct ServerOptions {
    std::optional<uint16_t> port;  // TCP on 127.0.0.1 if set, else stdio
    std::vector<std::string> library_paths;
    // TCP only. The connection token is written to this file (created 0600,
    // removed at exit) instead of being printed on stderr.
    std::string token_file;
    // TCP only: whether initializationOptions.trustedWorkspace may take
    // effect. Off by default: over TCP the client is whoever had the token,
    // not necessarily the editor the user trusts a folder in.
    bool allow_trusted_workspace = false;
};

// Serves one client until `exit` or end of input. Returns the process exit code:
// 0 after shutdown + exit, 1 otherwise (LSP 3.17, "exit Notification").
int run_server(const ServerOptions& options);

// `ark lsp --check FILE`: analyses FILE and runs every feature at every token
// through the server's own dispatch table, without an editor or threads.
// Prints the diagnostics, each internal error with its method and position,
// and a table of timings per method. Returns 0 when no request failed
// internally, 1 otherwise, 2 when the file cannot be read.
int check_file(const std::string& path, const ServerOptions& options);

}  // namespace ark::lsp
