// `ark lsp [--port N [--token-file PATH] [--allow-trusted-workspace]]`: the
// language server over stdio or TCP; `ark lsp --check FILE` runs every feature
// over one file without an editor.
#include <iostream>

#include "commands.hpp"
#ifdef ARK_HAVE_LSP
#include "server/server.hpp"
#endif

namespace ark::cli {

int cmd_lsp(const LspCommandOptions& lsp, const CommonOptions& options) {
#ifdef ARK_HAVE_LSP
    lsp::ServerOptions server_options;
    if (lsp.port > 0) server_options.port = static_cast<uint16_t>(lsp.port);
    server_options.library_paths = library_paths(options);
    server_options.token_file = lsp.token_file;
    server_options.allow_trusted_workspace = lsp.allow_trusted_workspace;
    return lsp::run_server(server_options);
#else
    (void)lsp;
    (void)options;
    std::cerr << "error: this build of ark has no language server\n";
    return kExitUsage;
#endif
}

int cmd_lsp_check(const std::string& file, const CommonOptions& options) {
#ifdef ARK_HAVE_LSP
    lsp::ServerOptions server_options;
    server_options.library_paths = library_paths(options);
    return lsp::check_file(file, server_options);
#else
    (void)file;
    (void)options;
    std::cerr << "error: this build of ark has no language server\n";
    return kExitUsage;
#endif
}

}  // namespace ark::cli
