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

#include "base/fixes.hpp"
#include "commands.hpp"
#include "syntax/lower.hpp"

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

// 4.0: `($ ...)` is `(macro ...)`, `$paste` is `$as-is` (E0502 and its fix).
bool old_macro_spelling(const Diagnostic& d) { return d.code == "E0502" && !d.fixes.empty(); }

// 4.0: builtins renamed (str:format -> format), E0112 and its fix.
bool renamed_builtin(const Diagnostic& d) { return d.code == "E0112" && !d.fixes.empty(); }

// 4.0: std names come from imports (`list:reverse` needs (import std.List)),
// E0113 and its fix.
bool missing_std_import(const Diagnostic& d) { return d.code == "E0113" && !d.fixes.empty(); }

// 4.0: a package's names carry its prefix; a plain name that exists under
// exactly one prefix is that name (E0101 and its one "use `p:name`" fix).
bool unprefixed_package_name(const Diagnostic& d) {
    return d.code == "E0101" && d.fixes.size() == 1 && d.fixes.front().title.starts_with("use `");
}

constexpr MigrationRule kRules[] = {
    {"changed parameters declared (mut x)", mutated_parameter},
    {"std imports added for names that need them", missing_std_import},
    {"package names written with their prefix", unprefixed_package_name},
    {"renamed names (str:format -> format, str:find -> string:find, ...)", renamed_builtin},
    {"($ ...) and $paste spelled macro and $as-is", old_macro_spelling},
};
constexpr std::string_view kListPrimitivesRule = "macro spellings of 4.0/4.3 ($ -> macro, $paste -> $as-is, len/empty?/head/tail/@ folded in macros -> $len/$empty?/$head/$tail/$at)";

// 4.3: `len empty? head tail @` are no longer computed while expanding
// macros; `$len $empty? $head $tail $at` are. The old expander computed
// them on literal lists only, which in source means: a call in a macro body
// or a `$if` condition on `[...]`, `(list ...)`, the macro's `...rest`
// parameter (a list of code) or another such call. Those calls, and only
// those, are renamed. Returns the edits (head symbol -> $name).
class ListPrimitiveRule {
public:
    std::vector<TextEdit> run(const std::vector<syntax::Sexp>& forms) {
        for (const syntax::Sexp& form : forms) visit(form, false, {});
        return std::move(edits_);
    }

private:
    static bool is_old_primitive(std::string_view head) {
        return head == "len" || head == "empty?" || head == "head" || head == "tail" || head == "@";
    }

    // Whether `node` was a list of code when the old expander saw it.
    bool is_code_list(const syntax::Sexp& node, const std::optional<std::string>& rest) {
        if (node.kind == syntax::SexpKind::Bracket || node.head_name() == "list") return true;
        if (rest && node.is_symbol(*rest)) return true;
        return node.head_name() == "tail" && node.children.size() == 2 && is_code_list(node.children[1], rest);
    }

    void visit(const syntax::Sexp& node, bool folding, const std::optional<std::string>& rest) {
        const std::string_view head = node.head_name();
        if ((head == "$" || head == "macro") && node.children.size() == 4 && node.children[2].kind == syntax::SexpKind::List) {
            std::optional<std::string> own_rest;
            for (const syntax::Sexp& p : node.children[2].children)
                if (p.kind == syntax::SexpKind::Spread) own_rest = p.text;
            return visit(node.children[3], true, own_rest);
        }
        if (head == "$if" && node.children.size() >= 2) {
            visit(node.children[1], true, rest);
            for (size_t i = 2; i < node.children.size(); ++i) visit(node.children[i], folding, rest);
            return;
        }
        // Spellings renamed in 4.0, wherever they are (also inside a macro
        // body, where the expander only meets them when the macro is used).
        if (head == "$" || head == "$paste") edits_.push_back(TextEdit{node.children[0].where, head == "$" ? "macro" : "$as-is"});
        if (head == "$paste" || head == "$as-is") {  // shielded from folding
            for (size_t i = 1; i < node.children.size(); ++i) visit(node.children[i], false, rest);
            return;
        }
        if (folding && is_old_primitive(head) && node.children.size() >= 2 && is_code_list(node.children[1], rest))
            edits_.push_back(TextEdit{node.children[0].where, "$" + std::string(head == "@" ? "at" : head)});
        for (const syntax::Sexp& child : node.children) visit(child, folding, rest);
    }

    std::vector<TextEdit> edits_;
};

// The edits of ListPrimitiveRule on the source as written.
std::vector<TextEdit> list_primitive_edits(const std::string& text) {
    const syntax::ParseResult parsed = syntax::parse(text, 0);
    std::vector<Diagnostic> ignored;
    const std::vector<syntax::Sexp> forms = syntax::lower(parsed.tree, 0, ignored);
    std::vector<TextEdit> edits = ListPrimitiveRule().run(forms);
    // Only edits of the user's own text (a macro's output has the call's range).
    std::erase_if(edits, [&](const TextEdit& e) {
        const std::string_view old_name = e.new_text == "$at"      ? std::string_view("@")
                                          : e.new_text == "macro"  ? std::string_view("$")
                                          : e.new_text == "$as-is" ? std::string_view("$paste")
                                                                   : std::string_view(e.new_text).substr(1);
        return e.where.range.end > text.size() || text.substr(e.where.range.begin, e.where.range.length()) != old_name;
    });
    return edits;
}

// 4.0: a `while` body is a scope. Before, a `mut` in a loop body of a name
// the function (or the top level) had declared before the loop redeclared
// that same variable: each iteration changed it, and the change stayed after
// the loop. Now it is a fresh variable of the iteration, and the outer one
// never changes (often an endless loop). Such a `(mut x v)` becomes
// `(set x v)`, which is what it did; when the earlier declaration was a
// `let`, which the old `mut` made mutable, it becomes a `mut`. A `let` in a
// loop body of such a name was an error before, and a loop-local read after
// its loop is now one (E0101): nothing to rewrite without guessing, `ark
// check` reports it. Unlike the other rules, this one reads valid 4.8 code
// too (where such a `mut` is a deliberate shadow): migrate assumes its input
// is of the old dialect.
constexpr std::string_view kLoopRedeclarationRule = "mut of an outer variable in a loop body becomes set (4.0 loop scopes)";

std::vector<TextEdit> loop_redeclaration_edits(const analysis::Analysis& analysis) {
    const analysis::SymbolTable& table = analysis.symbols;
    const std::string_view text = analysis.main_source().text;
    // The keyword of a let/mut form written in the main file as such.
    const auto keyword = [&](const analysis::Symbol& s) -> std::string_view {
        const TextRange r = s.form_range.range;
        if (s.form_range.file != analysis.main_file || r.end > text.size() || r.length() < 5) return {};
        return text.substr(r.begin + 1, 3);
    };
    std::vector<TextEdit> edits;
    for (const analysis::Symbol& s : table.symbols) {
        if (s.kind != analysis::SymbolKind::Local || !table.scopes[s.scope].is_loop || keyword(s) != "mut") continue;
        // The scopes the old dialect flattened into one: the enclosing loop
        // bodies, up to the function (or the top level) holding them.
        const uint32_t loop_begin = table.scopes[s.scope].range.range.begin;
        const int function = table.function_scope(s.scope);
        const analysis::Symbol* outer = nullptr;
        for (int scope = table.scopes[s.scope].parent; scope >= 0 && !outer; scope = table.scopes[scope].parent) {
            for (const int candidate : table.scopes[scope].symbols) {
                const analysis::Symbol& c = table.symbols[candidate];
                if (c.name == s.name && c.name_range.file == s.name_range.file && c.name_range.range.begin < loop_begin) outer = &c;
            }
            if (scope == function) break;
        }
        // (A parameter set now is a (mut x) parameter: the rounds below declare it.)
        if (!outer) continue;
        edits.push_back(TextEdit{{s.form_range.file, {s.form_range.range.begin + 1, s.form_range.range.begin + 4}}, "set"});
        if (keyword(*outer) == "let")
            edits.push_back(TextEdit{{outer->form_range.file, {outer->form_range.range.begin + 1, outer->form_range.range.begin + 4}}, "mut"});
    }
    std::sort(edits.begin(), edits.end(), [](const TextEdit& x, const TextEdit& y) { return x.where.range.begin > y.where.range.begin; });
    edits.erase(std::unique(edits.begin(), edits.end(), [](const TextEdit& x, const TextEdit& y) { return x.where.range.begin == y.where.range.begin; }),
                edits.end());
    return edits;
}

// The rule whose rewrite a diagnostic's first fix is, if any.
const MigrationRule* rule_of(const Diagnostic& d) {
    for (const MigrationRule& rule : kRules)
        if (rule.applies(d)) return &rule;
    return nullptr;
}

// Applies the first fix of each diagnostic a rule takes, skipping fixes that
// overlap one already taken (a later round gets them). Returns how many fixes
// were applied per rule.
std::vector<size_t> apply_round(std::string& text, const std::vector<Diagnostic>& diagnostics, FileId file) {
    ChosenFixes chosen = choose_first_fixes(diagnostics, file, text.size(), [](const Diagnostic& d) { return rule_of(d) != nullptr; });
    std::vector<size_t> applied(std::size(kRules), 0);
    for (const size_t index : chosen.taken) ++applied[static_cast<size_t>(rule_of(diagnostics[index]) - kRules)];
    apply_edits(text, std::move(chosen.edits));
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
        // First the syntactic rule, on the program as written.
        std::vector<TextEdit> renames = list_primitive_edits(migrated);
        const size_t renamed = renames.size();
        apply_edits(migrated, std::move(renames));
        // Then the loop-scope rule, on the program as the old dialect resolved it.
        size_t redeclarations = 0;
        {
            const Compiled compiled = compile_source(file, migrated, options);
            for (const TextEdit& e : loop_redeclaration_edits(*compiled.analysis)) {
                migrated.replace(e.where.range.begin, e.where.range.length(), e.new_text);
                redeclarations += e.new_text == "set";
            }
        }
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
        if (renamed) std::cerr << " " << kListPrimitivesRule << " (" << renamed << ")";
        if (redeclarations) std::cerr << " " << kLoopRedeclarationRule << " (" << redeclarations << ")";
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
