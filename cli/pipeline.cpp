#include "pipeline.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "codegen/compile.hpp"
#include "commands.hpp"
#include "render/render.hpp"

namespace ark::cli {

namespace fs = std::filesystem;

namespace {
std::vector<std::string> split_paths(const std::string& list) {
    std::vector<std::string> out;
    std::stringstream ss(list);
    std::string item;
    while (std::getline(ss, item, ';'))
        if (!item.empty()) out.push_back(item);
    return out;
}

std::string executable_dir() {
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string() : exe.parent_path().string();
}
}  // namespace

std::vector<std::string> library_paths(const CommonOptions& options) {
    std::vector<std::string> paths;
    if (!options.library_override.empty()) paths = split_paths(options.library_override);
    else if (const char* env = std::getenv("ARKSCRIPT_PATH")) paths = split_paths(env);
    else if (fs::is_directory("lib")) paths.push_back("lib");
    // The bundled standard library: <prefix>/share/ark/lib next to an
    // installed binary, or the source tree for a binary in the build tree.
    std::string exe_dir = executable_dir();
    if (!exe_dir.empty()) {
        fs::path installed = fs::path(exe_dir) / ".." / ARK_INSTALL_LIB_SUFFIX;
        if (fs::is_directory(installed / "std")) paths.push_back(fs::weakly_canonical(installed).string());
    }
    if (fs::is_directory(fs::path(ARK_SOURCE_LIB_DIR) / "std")) paths.push_back(ARK_SOURCE_LIB_DIR);
    return paths;
}

std::optional<std::string> read_text_file(const std::string& path) {
    FileRead read = read_regular_file(path);
    if (!read.text) std::cerr << "error: can not read `" << path << "`: " << describe(read.problem) << "\n";
    return std::move(read.text);
}

std::optional<std::string> read_program(const std::string& path) {
    if (path != "-") return read_text_file(path);
    std::string text;
    char buffer[1 << 16];
    while (std::cin.read(buffer, sizeof buffer) || std::cin.gcount() > 0) {
        text.append(buffer, static_cast<size_t>(std::cin.gcount()));
        if (text.size() > kMaxSourceFileBytes) {
            std::cerr << "error: can not read the program from standard input: " << describe(FileProblem::TooLarge) << "\n";
            return std::nullopt;
        }
    }
    return text;
}

bool write_text_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return false;
    out << text;
    return static_cast<bool>(out.flush());
}

// Files named on the command line, and *.ark files under folders (sorted,
// hidden folders skipped). Unreadable paths are reported and set `status`.
// A symlink met under a folder is skipped, file or folder: `fmt`, `lint
// --fix` and `migrate` write what they find, and a link may lead out of the
// folder (or to a file found a second time). A file named itself is followed.
std::vector<std::string> collect_ark_files(const std::vector<std::string>& paths, int& status) {
    std::vector<std::string> files;
    for (const std::string& path : paths) {
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            std::vector<std::string> found;
            fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
            for (; !ec && it != end; it.increment(ec)) {
                const fs::path& p = it->path();
                if (it->is_symlink(ec)) continue;  // a folder's links are never followed (see above)
                if (it->is_directory(ec) && p.filename().string().starts_with(".")) {
                    it.disable_recursion_pending();
                    continue;
                }
                if (it->is_regular_file(ec) && p.extension() == ".ark") found.push_back(p.string());
            }
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        } else if (fs::is_regular_file(path, ec)) {
            files.push_back(path);
        } else {
            std::cerr << "error: can not read `" << path << "`: no such file or directory\n";
            status = kExitUsage;
        }
    }
    return files;
}

Compiled compile_source(const std::string& path, std::string text, const CommonOptions& options,
                        codegen::CompileOptions compile_options) {
    Compiled out;
    analysis::AnalysisOptions analysis_options;
    analysis_options.library_paths = library_paths(options);
    out.analysis = analysis::analyze(path, std::move(text), analysis_options);
    out.diagnostics = out.analysis->diagnostics;
    if (out.analysis->has_errors()) return out;
    auto compiled = codegen::compile_program(out.analysis->expanded.program, out.analysis->sources, compile_options);
    out.diagnostics.insert(out.diagnostics.end(), compiled.diagnostics.begin(), compiled.diagnostics.end());
    out.program = compiled.program;
    return out;
}

void print_diagnostics(const std::vector<Diagnostic>& diagnostics, const SourceMap& sources,
                       const CommonOptions& options, bool include_warnings) {
    std::vector<Diagnostic> shown;
    for (const auto& d : diagnostics)
        if (include_warnings || d.severity == Severity::Error) shown.push_back(d);
    if (options.error_format == "json") {
        std::cerr << render::diagnostics_json({{&sources, std::move(shown)}}) << "\n";
        return;
    }
    bool color = isatty(2) && !std::getenv("NO_COLOR");
    for (const auto& d : shown) std::cerr << render::diagnostic_text(d, sources, color);
}

vm::MachineOptions machine_options(const CommonOptions& options) {
    vm::MachineOptions machine;
    machine.threads = options.threads;
    machine.max_memory_bytes = options.max_memory_mib << 20;
    return machine;
}

void print_runtime_error(const vm::ArkError& error) {
    std::fflush(stdout);
    std::cerr << render::runtime_error_text(error, isatty(2) && !std::getenv("NO_COLOR"));
}

[[noreturn]] void exit_now(int status) {
    // (sys:exit n) ends the process at once, tasks still running or not.
    std::fflush(stdout);
    std::fflush(stderr);
    std::_Exit(status);
}

int run_program(const std::shared_ptr<vm::Program>& program, const std::vector<std::string>& args,
                const CommonOptions& options) {
    vm::MachineOptions settings = machine_options(options);
    settings.args = args;
    vm::Machine machine(settings);
    machine.load(program);
    const vm::RunResult result = machine.run();
    if (result.status == vm::RunResult::Status::Exited) exit_now(result.exit_status);
    int status = 0;
    if (result.error) {
        print_runtime_error(*result.error);
        status = kExitRuntimeError;
    }
    if (machine.report_unawaited() > 0) status = kExitRuntimeError;
    std::fflush(stdout);
    return status;
}

}  // namespace ark::cli
