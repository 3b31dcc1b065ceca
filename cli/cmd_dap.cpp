// `ark dap [--port N]`: the debug adapter over stdio or TCP (dap/session.cpp).
#include <iostream>

#include "commands.hpp"
#ifdef ARK_HAVE_LSP
#include "session.hpp"
#endif

namespace ark::cli {

int cmd_dap(int port, const CommonOptions& options) {
#ifdef ARK_HAVE_LSP
    dap::DapOptions dap_options;
    if (port > 0) dap_options.port = static_cast<uint16_t>(port);
    dap_options.library_paths = library_paths(options);
    dap_options.threads = options.threads;
    return dap::run_dap(dap_options);
#else
    (void)port;
    (void)options;
    std::cerr << "error: this build of ark has no debug adapter\n";
    return kExitUsage;
#endif
}

}  // namespace ark::cli
