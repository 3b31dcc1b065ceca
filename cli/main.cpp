// The `ark` command: a subcommand table over the shared libraries.
#include <CLI/CLI.hpp>
#include <iostream>
#include <set>

#include "commands.hpp"

using namespace ark::cli;

int main(int argc, char** argv) {
    // `ark FILE args...` is `ark run FILE args...`.
    std::vector<std::string> argv_list(argv, argv + argc);
    static const std::set<std::string> kSubcommands = {"run", "check", "fmt", "disasm", "repl", "lsp", "dap", "lint", "migrate", "help"};
    if (argc >= 2 && argv_list[1][0] != '-' && !kSubcommands.count(argv_list[1]))
        argv_list.insert(argv_list.begin() + 1, "run");

    CLI::App app{"ark — the ArkScript toolchain: run, check, format, lint and serve ArkScript programs"};
    app.set_version_flag("--version", std::string("ark ") + ARK_VERSION);
    app.require_subcommand(0, 1);
    CommonOptions common;
    std::string eval_code;
    bool print_lib_path = false;
    app.add_option("-e,--eval", eval_code, "Run CODE instead of a file");
    app.add_flag("--print-lib-path", print_lib_path, "Print the library folders searched by import, one per line");
    auto add_common = [&](CLI::App* cmd) {
        cmd->add_option("-L,--lib", common.library_override, "Library folders, separated by ';' (overrides ARKSCRIPT_PATH)");
    };
    add_common(&app);
    app.add_option("--threads", common.threads, "Threads running async tasks (default: ARK_THREADS or max(4, cores))");

    std::string file;
    std::vector<std::string> script_args;
    auto* run = app.add_subcommand("run", "Run a program: ark run FILE [ARGS...] (FILE - reads it from stdin)");
    run->add_option("file", file, "The program")->required();
    run->add_option("args", script_args, "Arguments, available as sys:args");
    run->add_option("--threads", common.threads, "Threads running async tasks");
    run->add_option("--max-memory", common.max_memory_mib,
                    "Stop the program with a MemoryError once its values take more than this many MiB");
    bool with_debugger = false;
    run->add_flag("--debugger", with_debugger,
                  "Stop at an uncaught error or a (breakpoint) with a prompt: stack, locals, expressions, steps (type help)");
    run->prefix_command();
    add_common(run);

    std::vector<std::string> files;
    auto* check = app.add_subcommand("check", "Report diagnostics without running");
    check->add_option("files", files, "Programs to check")->required();
    check->add_option("--error-format", common.error_format, "human or json")->check(CLI::IsMember({"human", "json"}));
    add_common(check);

    bool fmt_check = false;
    auto* fmt = app.add_subcommand("fmt", "Format programs in place (`-` formats stdin to stdout)");
    fmt->add_option("files", files, "Programs or folders (their *.ark files) to format, or - for stdin")->required();
    fmt->add_flag("--check", fmt_check, "List the files that would change; exit 1 if any");

    LintCommandOptions lint_options;
    auto* lint = app.add_subcommand("lint", "Report lint findings: ark lint FILE|DIR...");
    lint->add_option("paths", lint_options.paths, "Programs, or folders searched for *.ark files");
    lint->add_option("--format", lint_options.format, "text, json or sarif")->check(CLI::IsMember({"text", "json", "sarif"}));
    lint->add_flag("--fix", lint_options.fix, "Apply the safe fixes and write the files");
    lint->add_option("--explain", lint_options.explain, "Explain a lint code (e.g. A301) and exit");
    lint->add_option("--config", lint_options.config, "Use this configuration instead of the nearest .arklint.json");
    add_common(lint);

    bool migrate_check = false;
    auto* migrate = app.add_subcommand("migrate", "Rewrite programs of the pre-4.x dialect into ArkScript 4.8: ark migrate FILE|DIR...");
    migrate->add_option("paths", files, "Programs, or folders searched for *.ark files")->required();
    migrate->add_flag("--check", migrate_check, "List the files that would change; exit 1 if any");
    add_common(migrate);

    auto* disasm = app.add_subcommand("disasm", "Print the bytecode of a program");
    disasm->add_option("file", file, "The program")->required();
    add_common(disasm);

    auto* repl = app.add_subcommand("repl", "Interactive session that keeps its state");
    add_common(repl);

    LspCommandOptions lsp_options;
    auto* lsp = app.add_subcommand("lsp", "Start the language server (stdio, or TCP with --port)");
    auto* port_option =
        lsp->add_option("--port", lsp_options.port, "Listen on 127.0.0.1:PORT instead of stdio (see below)");
    lsp->add_option("--token-file", lsp_options.token_file,
                    "With --port: write the connection token to this file (mode 0600, removed at exit) "
                    "instead of printing it on stderr")
        ->needs(port_option);
    lsp->add_flag("--allow-trusted-workspace", lsp_options.allow_trusted_workspace,
                  "With --port: let the client's initializationOptions.trustedWorkspace take effect "
                  "(ignored over TCP otherwise)")
        ->needs(port_option);
    lsp->footer(
        "TCP: any local user can connect to 127.0.0.1, so the server makes a random token and\n"
        "prints it on stderr (\"token: HEX\"), or writes it to --token-file. The client's first\n"
        "line must be\n"
        "    Ark-Token: HEX\\r\\n\n"
        "before its first message (or as the first header of that message); a connection\n"
        "that sends anything else is closed and the next one is accepted. Lens runs stay\n"
        "untrusted over TCP unless --allow-trusted-workspace is given.");
    std::string lsp_check;
    lsp->add_option("--check", lsp_check, "Run every feature at every token of FILE and report errors and timings");
    add_common(lsp);

    int dap_port = 0;
    auto* dap = app.add_subcommand("dap", "Start the debug adapter (Debug Adapter Protocol on stdio, or TCP with --port)");
    dap->add_option("--port", dap_port, "Listen on 127.0.0.1:PORT instead of stdio (the client sends the Ark-Token line, as for lsp)");
    add_common(dap);

    std::vector<const char*> raw;
    for (auto& s : argv_list) raw.push_back(s.c_str());
    try {
        app.parse(static_cast<int>(raw.size()), raw.data());
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? 0 : kExitUsage;
    }
    // With prefix_command, extra options after FILE belong to the script.
    if (*run) {
        auto rest = run->remaining();
        script_args.insert(script_args.end(), rest.begin(), rest.end());
    }

    if (print_lib_path) {
        for (const auto& p : library_paths(common)) std::cout << p << "\n";
        return 0;
    }
    if (!eval_code.empty()) return cmd_eval(eval_code, script_args, common);
    if (*run && with_debugger) return cmd_run_debugger(file, script_args, common);
    if (*run) return cmd_run(file, script_args, common);
    if (*dap) return cmd_dap(dap_port, common);
    if (*check) return cmd_check(files, common);
    if (*fmt) return cmd_fmt(files, fmt_check, common);
    if (*lint) return cmd_lint(lint_options, common);
    if (*migrate) return cmd_migrate(files, migrate_check, common);
    if (*disasm) return cmd_disasm(file, common);
    if (*repl) return cmd_repl(common);
    if (*lsp) return lsp_check.empty() ? cmd_lsp(lsp_options, common) : cmd_lsp_check(lsp_check, common);
    if (argc == 1) return cmd_repl(common);
    std::cout << app.help();
    return 0;
}
