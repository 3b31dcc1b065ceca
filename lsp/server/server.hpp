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
};

// Serves one client until `exit` or end of input. Returns the process exit code:
// 0 after shutdown + exit, 1 otherwise (LSP 3.17, "exit Notification").
int run_server(const ServerOptions& options);

}  // namespace ark::lsp
