// `ark fmt FILE...`: rewrites files in their canonical layout (only when it
// changes them); `--check` lists the files that would change; `-` formats
// stdin to stdout. Files with syntax errors are reported and never touched.
#include <iostream>
#include <iterator>

#include "commands.hpp"
#include "format/formatter.hpp"
#include "syntax/lower.hpp"

namespace ark::cli {
namespace {

// Prints the syntax errors that made the formatter refuse `text`.
void report_syntax_errors(const std::string& path, const std::string& text, const CommonOptions& options) {
    SourceMap sources;
    FileId id = sources.add(path, text);
    syntax::ParseResult parsed = syntax::parse(text, id);
    std::vector<Diagnostic> diagnostics = parsed.diagnostics;
    syntax::lower(parsed.tree, id, diagnostics);
    print_diagnostics(diagnostics, sources, options, false);
}

}  // namespace

int cmd_fmt(const std::vector<std::string>& files, bool check, const CommonOptions& options) {
    format::FormatOptions format_options;
    int status = 0;
    auto raise = [&status](int code) {
        // Syntax errors (255) outrank unreadable files (2), which outrank "would change" (1).
        if (code == kExitCompileError || (status != kExitCompileError && code > status)) status = code;
    };
    for (const std::string& file : files) {
        bool from_stdin = file == "-";
        std::optional<std::string> text;
        if (from_stdin) text = std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
        else text = read_text_file(file);
        if (!text) {
            raise(kExitUsage);
            continue;
        }
        std::optional<std::string> formatted = format::format_source(*text, format_options);
        if (!formatted) {
            report_syntax_errors(from_stdin ? "<stdin>" : file, *text, options);
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
