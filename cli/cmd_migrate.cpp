// `ark migrate FILE|DIR...`: rewrites programs written for the October 2024
// dialect into ArkScript 4.8 (LANGUAGE-4.8.md), in place. Each rule is a
// rewrite the front end can prove: it takes the fixes analysis attaches to the
// diagnostics the new rules give old code, so a rewrite is exactly what the
// editor's quick fix would do. Rules run in rounds until nothing changes (one
// fix can reveal another); what no rule can rewrite is left for a person, and
// `ark check` reports it.
#include <algorithm>
#include <iostream>
#include <string_view>

#include "commands.hpp"

namespace ark::cli {
namespace {

struct MigrationRule {
    std::string_view name;  // printed in the summary
    // Whether this diagnostic's first fix is this rule's rewrite.
    bool (*applies)(const Diagnostic& d);
};

// 4.1: a parameter the function changes (`set`, an in-place list instruction)
// must be declared `(mut x)`.
bool mutated_parameter(const Diagnostic& d) {
    return (d.code == "E0107" || d.code == "E0109") && !d.fixes.empty() && d.fixes.front().title.starts_with("declare the parameter");
}

constexpr MigrationRule kRules[] = {
    {"changed parameters declared (mut x)", mutated_parameter},
};

// Applies the first fix of each diagnostic a rule takes, skipping fixes that
// overlap one already taken (a later round gets them). Returns how many fixes
// were applied per rule.
std::vector<size_t> apply_round(std::string& text, const std::vector<Diagnostic>& diagnostics, FileId file) {
    std::vector<size_t> applied(std::size(kRules), 0);
    std::vector<TextEdit> accepted;
    const auto overlaps = [&](const TextEdit& e) {
        return std::any_of(accepted.begin(), accepted.end(), [&](const TextEdit& a) {
            return (e.where.range.begin < a.where.range.end && a.where.range.begin < e.where.range.end) ||
                   e.where.range.begin == a.where.range.begin;
        });
    };
    for (const Diagnostic& d : diagnostics) {
        for (size_t r = 0; r < std::size(kRules); ++r) {
            if (!kRules[r].applies(d)) continue;
            const Fix& fix = d.fixes.front();
            bool ok = !fix.edits.empty();
            for (const TextEdit& e : fix.edits) ok = ok && e.where.file == file && e.where.range.end <= text.size() && !overlaps(e);
            if (!ok) break;
            accepted.insert(accepted.end(), fix.edits.begin(), fix.edits.end());
            ++applied[r];
            break;
        }
    }
    std::sort(accepted.begin(), accepted.end(), [](const TextEdit& x, const TextEdit& y) { return x.where.range.begin > y.where.range.begin; });
    for (const TextEdit& e : accepted) text.replace(e.where.range.begin, e.where.range.length(), e.new_text);
    return applied;
}

}  // namespace

int cmd_migrate(const std::vector<std::string>& paths, bool check_only, const CommonOptions& options) {
    if (paths.empty()) {
        std::cerr << "error: nothing to migrate\n  hint: ark migrate FILE|DIR...\n";
        return kExitUsage;
    }
    int status = 0;
    size_t changed_files = 0;
    for (const std::string& file : collect_ark_files(paths, status)) {
        auto text = read_text_file(file);
        if (!text) {
            status = kExitUsage;
            continue;
        }
        std::string migrated = *text;
        std::vector<size_t> totals(std::size(kRules), 0);
        for (int round = 0; round < 8; ++round) {
            const Compiled compiled = compile_source(file, migrated, options);
            const std::vector<size_t> applied = apply_round(migrated, compiled.analysis->diagnostics, compiled.analysis->main_file);
            size_t any = 0;
            for (size_t r = 0; r < applied.size(); ++r) {
                totals[r] += applied[r];
                any += applied[r];
            }
            if (any == 0) break;
        }
        if (migrated == *text) continue;
        ++changed_files;
        std::cerr << (check_only ? "would migrate " : "migrated ") << file << ":";
        for (size_t r = 0; r < totals.size(); ++r)
            if (totals[r]) std::cerr << " " << kRules[r].name << " (" << totals[r] << ")";
        std::cerr << "\n";
        if (!check_only && !write_text_file(file, migrated)) {
            std::cerr << "error: can not write `" << file << "`\n";
            status = kExitUsage;
        }
    }
    if (check_only && changed_files > 0 && status == 0) return 1;
    return status;
}

}  // namespace ark::cli
