// Every LintSpec, and the one driver that runs them: configuration
// (enabled, severity) and `# ark-lint:` suppression comments are applied here,
// so the lints themselves only find problems.
#include <algorithm>
#include <array>
#include <set>
#include <unordered_map>

#include "lints/lint.hpp"

namespace ark::lints {

// One line per lint file.
extern const LintSpec kUnusedVariable;
extern const LintSpec kUnusedParameter;
extern const LintSpec kUnusedImport;
extern const LintSpec kShadowedGlobal;
extern const LintSpec kUnreachableCode;
extern const LintSpec kConstantCondition;
extern const LintSpec kSelfAssignment;
extern const LintSpec kIfWithoutElseAsValue;
extern const LintSpec kDynamicFreeName;
extern const LintSpec kLoopShadowedCondition;
extern const LintSpec kDoubleAwait;
extern const LintSpec kAwaitNonFuture;
extern const LintSpec kUnawaitedFuture;
extern const LintSpec kLockIntoAsync;
extern const LintSpec kUsertypeShared;
extern const LintSpec kSetInAsync;

namespace {

const std::array<const LintSpec*, 16> kAll = {
    &kUnusedVariable, &kUnusedParameter, &kUnusedImport,   &kShadowedGlobal,  &kUnreachableCode,
    &kConstantCondition, &kSelfAssignment, &kIfWithoutElseAsValue, &kDynamicFreeName, &kLoopShadowedCondition, &kDoubleAwait,
    &kAwaitNonFuture, &kUnawaitedFuture, &kLockIntoAsync,  &kUsertypeShared,  &kSetInAsync,
};

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// `# ark-lint: disable=A301,unused-variable` (this form / this line) and
// `# ark-lint: disable-file=A101` (the whole file).
struct Suppressions {
    struct Local {
        TextRange range;
        std::set<std::string> codes;
    };
    std::set<std::string> file_codes;
    std::vector<Local> local;

    static bool matches(const std::set<std::string>& codes, std::string_view code) {
        return codes.count("all") || codes.count(std::string(code));
    }
    bool suppressed(const Diagnostic& d) const {
        if (matches(file_codes, d.code)) return true;
        for (const auto& l : local)
            if (l.range.touches(d.where.range.begin) && matches(l.codes, d.code)) return true;
        return false;
    }
};

std::set<std::string> parse_codes(std::string_view list) {
    std::set<std::string> codes;
    while (!list.empty()) {
        size_t comma = list.find(',');
        std::string_view item = trim(list.substr(0, comma));
        if (!item.empty()) {
            const LintSpec* spec = find_lint(item);
            codes.insert(spec ? std::string(spec->code) : std::string(item));
        }
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    return codes;
}

// The outermost node that starts at `offset` (the form a comment above it is about).
TextRange form_starting_at(const syntax::SyntaxTree& tree, uint32_t offset) {
    uint32_t n = tree.node_at(offset);
    while (n != 0 && n != syntax::kNoToken) {
        uint32_t parent = tree.node(n).parent;
        if (parent == 0 || parent == syntax::kNoToken || tree.node(parent).range.begin != tree.node(n).range.begin) break;
        n = parent;
    }
    return n == 0 || n == syntax::kNoToken ? TextRange{offset, offset} : tree.node(n).range;
}

Suppressions read_suppressions(const analysis::Analysis& analysis) {
    Suppressions out;
    const syntax::SyntaxTree& tree = analysis.parse.tree;
    const LineIndex& lines = analysis.main_source().lines;
    for (size_t i = 0; i < tree.tokens.size(); ++i) {
        const syntax::Token& token = tree.tokens[i];
        if (token.kind != syntax::TokenKind::Comment) continue;
        std::string_view body = trim(tree.token_text(static_cast<uint32_t>(i)));
        while (!body.empty() && body.front() == '#') body.remove_prefix(1);
        body = trim(body);
        if (body.substr(0, 9) != "ark-lint:") continue;
        body = trim(body.substr(9));
        if (body.substr(0, 13) == "disable-file=") {
            auto codes = parse_codes(body.substr(13));
            out.file_codes.insert(codes.begin(), codes.end());
            continue;
        }
        if (body.substr(0, 8) != "disable=") continue;
        Suppressions::Local local{{}, parse_codes(body.substr(8))};
        uint32_t line = lines.to_line_column(token.range.begin, PositionEncoding::Utf8).line;
        bool trailing = false;
        for (size_t j = i; j-- > 0;) {
            const syntax::Token& before = tree.tokens[j];
            if (lines.to_line_column(before.range.begin, PositionEncoding::Utf8).line != line) break;
            if (!before.is_trivia()) trailing = true;
        }
        if (trailing) {
            // A comment after code on the same line: that line.
            uint32_t start = lines.line_start(line);
            local.range = {start, start + static_cast<uint32_t>(lines.line_text(line).size())};
        } else {
            // A comment on its own line: the next form.
            size_t j = i + 1;
            while (j < tree.tokens.size() && tree.tokens[j].is_trivia()) ++j;
            if (j == tree.tokens.size()) continue;
            local.range = form_starting_at(tree, tree.tokens[j].range.begin);
        }
        out.local.push_back(std::move(local));
    }
    return out;
}

const LintRule* rule_for(const LintConfig& config, const LintSpec& spec) {
    for (std::string_view key : {spec.code, spec.slug, std::string_view("all")}) {
        auto it = config.rules.find(key);
        if (it != config.rules.end()) return &it->second;
    }
    return nullptr;
}

}  // namespace

std::span<const LintSpec* const> all_lints() { return kAll; }

const LintSpec* find_lint(std::string_view code_or_slug) {
    for (const LintSpec* spec : kAll)
        if (spec->code == code_or_slug || spec->slug == code_or_slug) return spec;
    return nullptr;
}

namespace {

// A lint enabled for this run, with its severity and what it found.
struct ActiveLint {
    const LintSpec* spec;
    Severity severity;
    std::vector<Diagnostic> found;
};

// Which active lints want which nodes: by special form, by call head, blocks.
class NodeDispatch {
public:
    explicit NodeDispatch(std::vector<ActiveLint>& lints) {
        for (ActiveLint& lint : lints) {
            if (!lint.spec->check_node) continue;
            const NodeFilter& filter = lint.spec->visits;
            for (Keyword form : filter.forms) by_form_[static_cast<size_t>(form)].push_back(&lint);
            for (std::string_view head : filter.calls) by_call_[head].push_back(&lint);
            if (filter.blocks) blocks_.push_back(&lint);
            empty_ = false;
        }
    }
    bool empty() const { return empty_; }

    const std::vector<ActiveLint*>* lints_for(const Sexp& node) const {
        if (node.form) return &by_form_[static_cast<size_t>(*node.form)];
        if (node.kind == SexpKind::Brace) return &blocks_;
        const std::string_view head = node.head_name();
        if (head.empty()) return nullptr;
        const auto found = by_call_.find(head);
        return found == by_call_.end() ? nullptr : &found->second;
    }

private:
    std::array<std::vector<ActiveLint*>, 256> by_form_;  // by language::Keyword
    std::unordered_map<std::string_view, std::vector<ActiveLint*>> by_call_;
    std::vector<ActiveLint*> blocks_;
    bool empty_ = true;
};

}  // namespace

std::vector<Diagnostic> run_lints(const analysis::Analysis& analysis, const LintConfig& config) {
    std::vector<Diagnostic> out;
    if (analysis.has_errors() && !config.run_on_broken_code) return out;
    std::vector<ActiveLint> active;
    for (const LintSpec* spec : kAll) {
        const LintRule* rule = rule_for(config, *spec);
        if (rule && !rule->enabled) continue;
        active.push_back({spec, rule && rule->severity ? *rule->severity : spec->default_severity, {}});
    }
    if (active.empty() || (config.cancelled && config.cancelled())) return out;
    // Polled between lints, and within them between top-level forms or
    // functions (LintContext::cancelled()).
    LintContext context(analysis, config.cancelled);
    const auto cancelled = [&] { return context.cancelled(); };
    if (cancelled()) return out;

    // The one walk: every node, to the lints that asked for its kind.
    const NodeDispatch dispatch(active);
    if (!dispatch.empty())
        walk_values(
            context.program(),
            [&](const Sexp& node, Use use, const Sexp* parent) {
                if (const std::vector<ActiveLint*>* lints = dispatch.lints_for(node))
                    for (ActiveLint* lint : *lints) lint->spec->check_node(context, NodeVisit{node, use, parent}, lint->found);
            },
            cancelled);
    for (ActiveLint& lint : active) {
        if (cancelled()) return out;
        if (lint.spec->check_program) lint.spec->check_program(context, lint.found);
    }
    if (cancelled()) return out;

    const Suppressions suppressions = read_suppressions(analysis);
    for (ActiveLint& lint : active) {
        for (Diagnostic& d : lint.found) {
            if (d.where.file != analysis.main_file || suppressions.suppressed(d)) continue;
            d.severity = lint.severity;
            if (lint.severity == Severity::Error) d.kind = "error";
            out.push_back(std::move(d));
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const Diagnostic& x, const Diagnostic& y) {
        if (x.where.range.begin != y.where.range.begin) return x.where.range.begin < y.where.range.begin;
        return x.code < y.code;
    });
    // One finding per code and span: flow-aware lints may reach a node twice.
    out.erase(std::unique(out.begin(), out.end(),
                          [](const Diagnostic& x, const Diagnostic& y) { return x.code == y.code && x.where == y.where; }),
              out.end());
    return out;
}

}  // namespace ark::lints
