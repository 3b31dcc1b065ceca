// The lint engine: lints are data (one LintSpec record per lint file, listed in
// registry.cpp) and one driver, run_lints(), that `ark lint` and the language
// server both call. The driver walks the program once and hands each node to
// the lints that asked for its kind (a special form, a call of a named
// builtin, a block); lints over the symbol table, and the flow lints (which
// follow paths through a body with the shared walker of lints/flow.hpp), run
// once on the whole program after that walk. Knows nothing about JSON, files
// on disk or LSP.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/analysis.hpp"
#include "lints/context.hpp"

namespace ark::lints {

// One node reached by the driver's walk.
struct NodeVisit {
    const Sexp& node;
    Use use;             // how its value is used where it stands
    const Sexp* parent;  // the node containing it, nullptr at the top level
};

// The nodes the driver's walk hands a lint: the special forms it names, the
// calls whose head is one of the names it gives (builtins such as `await`),
// and `{...}` blocks.
struct NodeFilter {
    std::span<const Keyword> forms = {};
    std::span<const std::string_view> calls = {};
    bool blocks = false;
};

struct LintSpec {
    std::string_view code;         // "A301": stable, never reused
    std::string_view slug;         // "double-await"
    std::string_view summary;      // one line: what it finds
    std::string_view explanation;  // one paragraph, printed by `ark lint --explain`
    std::string_view example;      // a program that triggers it
    Severity default_severity;
    // A lint has either hook or both. check_node: called by the driver's one
    // walk for every node `visits` selects. check_program: called once after
    // the walk (lints over the symbol table, flow lints).
    NodeFilter visits{};
    void (*check_node)(const LintContext&, const NodeVisit&, std::vector<Diagnostic>&) = nullptr;
    void (*check_program)(const LintContext&, std::vector<Diagnostic>&) = nullptr;
    // True when every fix the lint offers keeps the program's meaning, so
    // `ark lint --fix` may apply it without asking. Other fixes are still
    // offered as code actions in the editor.
    bool safe_fixes = false;
};

// How one rule is configured (from `.arklint.json`, editor settings, ...).
struct LintRule {
    bool enabled = true;
    std::optional<Severity> severity;  // nullopt: the spec's default
};

struct LintConfig {
    // Key: a code ("A301"), a slug ("double-await") or "all". A code wins over
    // a slug, which wins over "all".
    std::map<std::string, LintRule, std::less<>> rules;
    // Lints on a program with errors (syntax, names...) mostly restate them;
    // by default they run only on programs without errors.
    bool run_on_broken_code = false;
    // Polled between lints: once it returns true the findings are not wanted
    // any more (the text changed) and run_lints() returns what it has so far.
    std::function<bool()> cancelled;
};

// Every lint, in code order.
std::span<const LintSpec* const> all_lints();
// The spec with this code or slug, or nullptr.
const LintSpec* find_lint(std::string_view code_or_slug);

// The one entry point: lint findings for the analysis' main file, with the
// configuration and the file's `# ark-lint:` suppression comments applied,
// sorted by position. Findings inside imported files are never reported.
std::vector<Diagnostic> run_lints(const analysis::Analysis& analysis, const LintConfig& config);

// The first fix of every finding whose lint has safe fixes, in `file` (of
// `text_size` bytes), leaving out a fix that overlaps one taken before (the
// next round gets it): what `ark lint --fix` and the editor's "fix all"
// apply. Edits sorted from the end of the text backwards, ready to apply.
struct SafeFixes {
    std::vector<TextEdit> edits;
    size_t n_fixes = 0;
};
SafeFixes safe_fixes(const std::vector<Diagnostic>& findings, FileId file, size_t text_size);

}  // namespace ark::lints
