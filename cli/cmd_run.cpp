// `ark run FILE`, `ark FILE`, `ark -e CODE`, `ark check`.
#include <iostream>

#include "commands.hpp"
#include "render/render.hpp"

namespace ark::cli {

namespace {
int compile_and_run(const std::string& path, std::string text, const std::vector<std::string>& args,
                    const CommonOptions& options) {
    Compiled compiled = compile_source(path, std::move(text), options);
    if (!compiled.program) {
        print_diagnostics(compiled.diagnostics, compiled.analysis->sources, options, false);
        return kExitCompileError;
    }
    // Deprecation notices go to stderr before the run, as upstream prints them (4.4+).
    std::vector<Diagnostic> deprecated;
    for (const Diagnostic& d : compiled.diagnostics)
        if (d.code == "W0303") deprecated.push_back(d);
    if (!deprecated.empty()) print_diagnostics(deprecated, compiled.analysis->sources, options, true);
    return run_program(compiled.program, args, options);
}
}  // namespace

int cmd_run(const std::string& file, const std::vector<std::string>& args, const CommonOptions& options) {
    // `ark run -` reads the program from standard input (4.3+).
    auto text = read_program(file);
    if (!text) return kExitUsage;
    return compile_and_run(program_name(file), std::move(*text), args, options);
}

int cmd_eval(const std::string& code, const std::vector<std::string>& args, const CommonOptions& options) {
    return compile_and_run("<eval>", code, args, options);
}

// With --error-format=json, the diagnostics of all the files form one JSON
// document (an array), printed once at the end.
int cmd_check(const std::vector<std::string>& files, const CommonOptions& options) {
    const bool json = options.error_format == "json";
    int status = 0;
    std::vector<Compiled> checked;
    for (const auto& file : files) {
        auto text = read_text_file(file);
        if (!text) {
            status = kExitUsage;
            continue;
        }
        Compiled compiled = compile_source(file, std::move(*text), options);
        if (!json) print_diagnostics(compiled.diagnostics, compiled.analysis->sources, options, true);
        if (!compiled.program && status == 0) status = kExitCompileError;
        if (json) checked.push_back(std::move(compiled));
    }
    if (json) {
        std::vector<render::FileDiagnostics> per_file;
        for (const Compiled& c : checked) per_file.push_back({&c.analysis->sources, c.diagnostics});
        std::cerr << render::diagnostics_json(per_file) << "\n";
    }
    return status;
}

}  // namespace ark::cli
