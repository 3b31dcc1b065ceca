// What every subcommand needs: library paths, reading a program, analysing
// and compiling it, rendering diagnostics. The CLI is a printer over the
// shared front end, never a second analysis.
#pragma once
#include <memory>
#include <optional>
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/analysis.hpp"
#include "base/files.hpp"
#include "codegen/compile.hpp"
#include "host.hpp"
#include "program.hpp"

namespace ark::cli {

struct CommonOptions {
    std::string library_override;  // -L "d1;d2"
    std::string error_format = "human";  // human | json
    unsigned threads = 0;          // 0 = default
    uint64_t max_memory_mib = 0;   // ark run --max-memory: the run's allocation budget, 0 = none
};

// -L, else ARKSCRIPT_PATH, else ./lib; then the bundled standard library.
std::vector<std::string> library_paths(const CommonOptions& options);

// A file named on the command line or found in a folder it names: a regular
// file (never a FIFO or a device, which could block), at most
// kMaxSourceFileBytes (base/files.hpp). Prints "error: can not read ..." and
// returns nullopt otherwise.
std::optional<std::string> read_text_file(const std::string& path);

// A program named on the command line: `-` is standard input (read to its
// end, at most kMaxSourceFileBytes), anything else read_text_file(path).
std::optional<std::string> read_program(const std::string& path);
// The name diagnostics and tracebacks give the program: `<stdin>` for `-`.
inline std::string program_name(const std::string& path) { return path == "-" ? "<stdin>" : path; }

// Replaces the contents of `path` with `text` (`ark fmt FILE`, `ark lint --fix`).
// False if the file could not be opened or written.
bool write_text_file(const std::string& path, const std::string& text);

// Files named on the command line, and the *.ark files under the folders
// named (sorted, hidden folders skipped): `ark lint` and `ark migrate`.
// Paths that are neither are reported on stderr and set `status` to kExitUsage.
std::vector<std::string> collect_ark_files(const std::vector<std::string>& paths, int& status);

struct Compiled {
    std::shared_ptr<analysis::Analysis> analysis;
    std::shared_ptr<vm::Program> program;  // null if compilation failed
    std::vector<Diagnostic> diagnostics;   // analysis + codegen
};

Compiled compile_source(const std::string& path, std::string text, const CommonOptions& options,
                        codegen::CompileOptions compile_options = {});

// Renders diagnostics on stderr (human or JSON), errors only or all.
void print_diagnostics(const std::vector<Diagnostic>& diagnostics, const SourceMap& sources,
                       const CommonOptions& options, bool include_warnings);

// What the CLI's options ask of a vm::Machine (threads).
vm::MachineOptions machine_options(const CommonOptions& options);
// A runtime error with its traceback on stderr (after flushing stdout).
void print_runtime_error(const vm::ArkError& error);
// (sys:exit n): flushes the output and ends the process with that status.
[[noreturn]] void exit_now(int status);

// Runs a compiled program as `ark run` does; returns the exit status.
int run_program(const std::shared_ptr<vm::Program>& program, const std::vector<std::string>& args,
                const CommonOptions& options);

}  // namespace ark::cli
