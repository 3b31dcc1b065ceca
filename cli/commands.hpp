// One function per subcommand; main.cpp only parses arguments and dispatches.
#pragma once
#include <string>
#include <vector>

#include "pipeline.hpp"

namespace ark::cli {

int cmd_run(const std::string& file, const std::vector<std::string>& args, const CommonOptions& options);
int cmd_eval(const std::string& code, const std::vector<std::string>& args, const CommonOptions& options);
int cmd_check(const std::vector<std::string>& files, const CommonOptions& options);
int cmd_fmt(const std::vector<std::string>& files, bool check, const CommonOptions& options);
int cmd_disasm(const std::string& file, const CommonOptions& options);
int cmd_repl(const CommonOptions& options);
// Rewrites pre-4.x programs into ArkScript 4.8 in place; with check_only,
// lists what would change and exits 1 if anything would.
int cmd_migrate(const std::vector<std::string>& paths, bool check_only, const CommonOptions& options);
struct LspCommandOptions {
    int port = 0;                          // TCP on 127.0.0.1:port when > 0, else stdio
    std::string token_file;                // TCP: write the connection token here (0600)
    bool allow_trusted_workspace = false;  // TCP: let the client's trustedWorkspace count
};
int cmd_lsp(const LspCommandOptions& lsp, const CommonOptions& options);
int cmd_lsp_check(const std::string& file, const CommonOptions& options);
// `ark dap [--port N]`: the debug adapter (dap/).
int cmd_dap(int port, const CommonOptions& options);
// `ark run --debugger FILE`: the program under the debugger core with a
// terminal prompt at an uncaught error or a (breakpoint) (cmd_debug.cpp).
int cmd_run_debugger(const std::string& file, const std::vector<std::string>& args, const CommonOptions& options);

struct LintCommandOptions {
    std::vector<std::string> paths;  // files, and folders searched for *.ark
    std::string format = "text";     // text | json | sarif
    bool fix = false;                // apply safe fixes, write the files
    std::string explain;             // print the explanation of this code and exit
    std::string config;              // a config file instead of the nearest .arklint.json
};
int cmd_lint(const LintCommandOptions& lint, const CommonOptions& options);

// Exit statuses scripts can rely on.
inline constexpr int kExitRuntimeError = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitCompileError = 255;

}  // namespace ark::cli
