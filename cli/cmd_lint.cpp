// `ark lint FILE|DIR...`: another printer over the shared front end. Reads
// `.arklint.json` (the only place lint configuration meets JSON), calls
// lints::run_lints() exactly as the language server does, renders text, JSON
// or SARIF, and applies safe fixes with --fix.
// Exit status: 0 no findings, 1 findings, 2 usage or I/O error.
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "base/diagnostic_codes.hpp"
#include "base/fixes.hpp"
#include "commands.hpp"
#include "lints/lint.hpp"
#include "render/render.hpp"

namespace ark::cli {

namespace fs = std::filesystem;

namespace {

constexpr int kExitFindings = 1;

// Joins message parts (GCC 12 at -O3 warns falsely on `"literal" + std::string&&`).
template <typename... Parts>
std::string cat(const Parts&... parts) {
    std::string out;
    (out.append(std::string_view(parts)), ...);
    return out;
}

std::optional<Severity> parse_severity(const std::string& s) {
    if (s == "error") return Severity::Error;
    if (s == "warning" || s == "warn") return Severity::Warning;
    if (s == "info" || s == "information" || s == "note") return Severity::Information;
    if (s == "hint") return Severity::Hint;
    return std::nullopt;
}

// One rule value: "off" | "on" | a severity | true/false | {"enabled": bool, "severity": "..."}.
bool parse_rule(const nlohmann::json& value, lints::LintRule& rule) {
    if (value.is_boolean()) {
        rule.enabled = value.get<bool>();
        return true;
    }
    if (value.is_string()) {
        std::string s = value.get<std::string>();
        if (s == "off" || s == "false" || s == "disable" || s == "disabled") rule.enabled = false;
        else if (s == "on" || s == "true" || s == "enable" || s == "enabled") rule.enabled = true;
        else if (auto severity = parse_severity(s)) rule.severity = severity;
        else return false;
        return true;
    }
    if (value.is_object()) {
        if (value.contains("enabled")) {
            if (!value["enabled"].is_boolean()) return false;
            rule.enabled = value["enabled"].get<bool>();
        }
        if (value.contains("severity")) {
            if (!value["severity"].is_string()) return false;
            auto severity = parse_severity(value["severity"].get<std::string>());
            if (!severity) return false;
            rule.severity = severity;
        }
        return true;
    }
    return false;
}

// `.arklint.json`:
//   { "rules": { "A101": "off", "unused-parameter": "hint", "A301": {"severity": "error"}, "all": "on" },
//     "run_on_broken_code": false }
std::optional<lints::LintConfig> load_config(const fs::path& path, std::string& error) {
    // The same rule as for sources: a project's .arklint.json may be a FIFO or /dev/zero.
    const FileRead read = read_regular_file(path.string());
    if (!read.text) {
        error = cat("can not read `", path.string(), "`: ", describe(read.problem));
        return std::nullopt;
    }
    const std::optional<std::string>& text = read.text;
    nlohmann::json j = nlohmann::json::parse(*text, nullptr, false, true);
    if (j.is_discarded() || !j.is_object()) {
        error = cat("`", path.string(), "` is not a JSON object");
        return std::nullopt;
    }
    lints::LintConfig config;
    if (j.contains("run_on_broken_code") && j["run_on_broken_code"].is_boolean())
        config.run_on_broken_code = j["run_on_broken_code"].get<bool>();
    if (j.contains("rules")) {
        if (!j["rules"].is_object()) {
            error = cat("`rules` in `", path.string(), "` must be an object");
            return std::nullopt;
        }
        for (const auto& [key, value] : j["rules"].items()) {
            if (key != "all" && !lints::find_lint(key)) {
                error = cat("unknown lint `", key, "` in `", path.string(), "` (see `ark lint --explain CODE`)");
                return std::nullopt;
            }
            lints::LintRule rule;
            if (!parse_rule(value, rule)) {
                error = cat("invalid setting for `", key, "` in `", path.string(), "`: use \"off\", \"on\", or a severity");
                return std::nullopt;
            }
            config.rules[key] = rule;
        }
    }
    return config;
}

// The configuration of a file: --config, else the nearest .arklint.json
// from the file's folder upward, else the defaults. Cached per folder.
class ConfigFinder {
public:
    explicit ConfigFinder(std::string explicit_path) : explicit_(std::move(explicit_path)) {}

    const lints::LintConfig* for_file(const fs::path& file, std::string& error) {
        if (!explicit_.empty()) return lookup(fs::path(explicit_), error);
        std::error_code ec;
        fs::path dir = fs::absolute(file, ec).parent_path();
        for (;;) {
            fs::path candidate = dir / ".arklint.json";
            if (fs::exists(candidate, ec)) return lookup(candidate, error);
            if (!dir.has_parent_path() || dir.parent_path() == dir) break;
            dir = dir.parent_path();
        }
        return &defaults_;
    }

private:
    const lints::LintConfig* lookup(const fs::path& path, std::string& error) {
        auto it = cache_.find(path.string());
        if (it == cache_.end()) {
            auto config = load_config(path, error);
            if (!config) return nullptr;
            it = cache_.emplace(path.string(), std::move(*config)).first;
        }
        return &it->second;
    }

    std::string explicit_;
    lints::LintConfig defaults_;
    std::map<std::string, lints::LintConfig> cache_;
};

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
    ConfigFinder configs(lint.config);
    std::vector<Linted> results;
    size_t findings = 0;
    for (const std::string& file : files) {
        std::string error;
        const lints::LintConfig* config = configs.for_file(file, error);
        if (!config) {
            std::cerr << "error: " << error << "\n";
            return kExitUsage;
        }
        auto text = read_text_file(file);
        if (!text) {
            status = kExitUsage;
            continue;
        }
        Linted linted = lint_text(file, *text, *config, options);
        if (lint.fix) {
            // Fixes can uncover or overlap other fixes: a few rounds at most.
            size_t fixed = 0;
            for (int round = 0; round < 4; ++round) {
                std::string fixed_text = *text;
                size_t n = apply_safe_fixes(fixed_text, linted.findings, linted.compiled.analysis->main_file);
                if (n == 0) break;
                fixed += n;
                *text = std::move(fixed_text);
                linted = lint_text(file, *text, *config, options);
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
