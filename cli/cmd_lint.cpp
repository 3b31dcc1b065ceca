// `ark lint FILE|DIR...`: another printer over the shared front end. Finds
// and reads each file's `.arklint.json` as the language server does
// (config/arklint_json.hpp), calls lints::run_lints() exactly as the server
// does, renders text, JSON or SARIF, and applies safe fixes with --fix.
// Exit status: 0 no findings, 1 findings, 2 usage or I/O error.
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "arklint_json.hpp"
#include "base/diagnostic_codes.hpp"
#include "base/fixes.hpp"
#include "commands.hpp"
#include "lints/lint.hpp"
#include "render/render.hpp"

namespace ark::cli {

namespace fs = std::filesystem;

namespace {

constexpr int kExitFindings = 1;

struct Linted {
    Compiled compiled;
    std::vector<Diagnostic> findings;
};

// Compile diagnostics (errors from any file, warnings of the file itself) and lint findings.
Linted lint_text(const std::string& path, std::string text, const lints::LintConfig& config, const CommonOptions& options) {
    Linted out{compile_source(path, std::move(text), options), {}};
    const analysis::Analysis& a = *out.compiled.analysis;
    for (const Diagnostic& d : out.compiled.diagnostics)
        if (d.severity == Severity::Error || d.where.file == a.main_file) out.findings.push_back(d);
    std::vector<Diagnostic> lints = lints::run_lints(a, config);
    out.findings.insert(out.findings.end(), lints.begin(), lints.end());
    std::stable_sort(out.findings.begin(), out.findings.end(), [&](const Diagnostic& x, const Diagnostic& y) {
        bool xm = x.where.file == a.main_file, ym = y.where.file == a.main_file;
        if (xm != ym) return xm;
        if (x.where.file != y.where.file) return x.where.file < y.where.file;
        return x.where.range.begin < y.where.range.begin;
    });
    return out;
}

// Applies the safe fixes of `findings` to `text`; overlapping fixes after the
// first are left for the next round. Returns how many were applied.
size_t apply_safe_fixes(std::string& text, const std::vector<Diagnostic>& findings, FileId file) {
    lints::SafeFixes fixes = lints::safe_fixes(findings, file, text.size());
    apply_edits(text, std::move(fixes.edits));
    return fixes.n_fixes;
}

int explain(const std::string& code) {
    if (const lints::LintSpec* spec = lints::find_lint(code)) {
        std::cout << spec->code << " " << spec->slug << ": " << spec->summary << "\n\n"
                  << spec->explanation << "\n\nExample:\n";
        std::string_view example = spec->example;
        size_t start = 0;
        while (start <= example.size()) {
            size_t end = example.find('\n', start);
            if (end == std::string_view::npos) end = example.size();
            std::cout << "    " << example.substr(start, end - start) << "\n";
            start = end + 1;
        }
        return 0;
    }
    std::string_view kind = diagnostic_kind(code);
    if (!kind.empty()) {
        std::cout << code << " " << diagnostic_slug(code) << ": a " << kind << " reported by the compiler\n";
        return 0;
    }
    std::cerr << "error: unknown code `" << code << "`\n";
    return kExitUsage;
}

}  // namespace

int cmd_lint(const LintCommandOptions& lint, const CommonOptions& options) {
    if (!lint.explain.empty()) return explain(lint.explain);
    if (lint.paths.empty()) {
        std::cerr << "error: nothing to lint\n  hint: ark lint FILE|DIR... (or --explain CODE)\n";
        return kExitUsage;
    }
    int status = 0;
    std::vector<std::string> files = collect_ark_files(lint.paths, status);
    // The nearest .arklint.json up to the filesystem root (or --config); a
    // file that can not be used stops the run.
    config::LintConfigFinder configs(config::LintConfigSearch{lint.config, std::nullopt, false});
    std::vector<Linted> results;
    size_t findings = 0;
    for (const std::string& file : files) {
        const std::shared_ptr<const config::LintConfigFile> found = configs.for_file(file);
        if (found->error) {
            std::cerr << "error: " << found->error->message << "\n";
            return kExitUsage;
        }
        const lints::LintConfig& settings = *found->config;
        auto text = read_text_file(file);
        if (!text) {
            status = kExitUsage;
            continue;
        }
        Linted linted = lint_text(file, *text, settings, options);
        if (lint.fix) {
            // Fixes can uncover or overlap other fixes: a few rounds at most.
            size_t fixed = 0;
            for (int round = 0; round < 4; ++round) {
                std::string fixed_text = *text;
                size_t n = apply_safe_fixes(fixed_text, linted.findings, linted.compiled.analysis->main_file);
                if (n == 0) break;
                fixed += n;
                *text = std::move(fixed_text);
                linted = lint_text(file, *text, settings, options);
            }
            if (fixed > 0) {
                if (!write_text_file(file, *text)) {
                    std::cerr << "error: can not write `" << file << "`\n";
                    status = kExitUsage;
                } else {
                    std::cerr << "fixed " << fixed << " finding" << (fixed == 1 ? "" : "s") << " in " << file << "\n";
                }
            }
        }
        findings += linted.findings.size();
        results.push_back(std::move(linted));
    }

    std::vector<render::FileDiagnostics> per_file;
    for (const Linted& r : results) per_file.push_back({&r.compiled.analysis->sources, r.findings});
    if (lint.format == "json") {
        std::cout << render::diagnostics_json(per_file) << "\n";
    } else if (lint.format == "sarif") {
        std::error_code ec;
        std::cout << render::diagnostics_sarif(per_file, fs::current_path(ec).string()) << "\n";
    } else {
        bool color = isatty(1) && !std::getenv("NO_COLOR");
        for (const Linted& r : results)
            for (const Diagnostic& d : r.findings) std::cout << render::diagnostic_text(d, r.compiled.analysis->sources, color);
        if (findings > 0)
            std::cout << findings << " finding" << (findings == 1 ? "" : "s") << " in " << files.size() << " file"
                      << (files.size() == 1 ? "" : "s") << "\n";
    }
    if (status != 0) return status;
    return findings > 0 ? kExitFindings : 0;
}

}  // namespace ark::cli
