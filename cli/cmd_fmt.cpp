// `ark fmt PATH...`: rewrites files, and the *.ark files under folders, in
// their canonical layout (only when it changes them); `--check` lists the
// files that would change; `-` formats stdin to stdout. Files with syntax
// errors are reported and never touched.
#include <filesystem>
#include <iostream>
#include <iterator>

#include "analysis/analysis.hpp"
#include "commands.hpp"
#include "format/formatter.hpp"

namespace ark::cli {

int cmd_fmt(const std::vector<std::string>& paths, bool check, const CommonOptions& options) {
    format::FormatOptions format_options;
    int status = 0;
    auto raise = [&status](int code) {
        // Syntax errors (255) outrank unreadable files (2), which outrank "would change" (1).
        if (code == kExitCompileError || (status != kExitCompileError && code > status)) status = code;
    };
    // Folders become their *.ark files (collect_ark_files); `-` and files
    // stay as given, in order, so a file that is not a program is refused
    // by read_program with its reason.
    std::vector<std::string> files;
    for (const std::string& path : paths) {
        std::error_code error;
        if (path == "-" || !std::filesystem::is_directory(path, error)) {
            files.push_back(path);
            continue;
        }
        int walk_status = 0;
        for (std::string& file : collect_ark_files({path}, walk_status)) files.push_back(std::move(file));
        raise(walk_status);
    }
    for (const std::string& file : files) {
        bool from_stdin = file == "-";
        std::optional<std::string> text;
        text = read_program(file);
        if (!text) {
            raise(kExitUsage);
            continue;
        }
        // The one front end: the formatter lays out analyze()'s lossless tree.
        analysis::AnalysisOptions analysis_options;
        analysis_options.library_paths = library_paths(options);
        const auto analysis = analysis::analyze(from_stdin ? "<stdin>" : file, *text, analysis_options);
        std::optional<std::string> formatted =
            format::format_tree(analysis->parse.tree, analysis->syntax_clean(), format_options);
        if (!formatted) {
            print_diagnostics(analysis->syntax_diagnostics, analysis->sources, options, false);
            raise(kExitCompileError);
            continue;
        }
        bool changed = *formatted != *text;
        if (check) {
            if (changed) {
                std::cout << file << "\n";
                raise(1);
            }
        } else if (from_stdin) {
            std::cout << *formatted;
        } else if (changed && !write_text_file(file, *formatted)) {
            std::cerr << "error: can not write `" << file << "`\n";
            raise(kExitUsage);
        }
    }
    std::cout.flush();
    return status;
}

}  // namespace ark::cli
