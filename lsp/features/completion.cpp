// Completion of names (see completion.hpp).
#include "features/completion.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_set>

#include "features/constant_text.hpp"
#include "features/parameter_text.hpp"
#include "vocabulary.hpp"

namespace ark::lsp::features {

namespace {

using syntax::TokenKind;

// The typed text matches a name when its characters appear in the name in
// order, the first one at the start, ignoring ASCII case.
bool fuzzy_match(std::string_view typed, std::string_view name) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (typed.empty())
        return true;
    if (name.empty() || lower(name[0]) != lower(typed[0]))
        return false;
    size_t at = 1;
    for (size_t i = 1; i < name.size() && at < typed.size(); ++i)
        if (lower(name[i]) == lower(typed[at]))
            ++at;
    return at == typed.size();
}

}  // namespace

namespace {

// `only`: keep the candidate with this name alone (resolve).
CompletionResult complete(const analysis::Analysis& analysis, uint32_t offset, const CompletionConfig& config,
                          std::optional<std::string_view> only) {
    CompletionResult result{{offset, offset}, {}};
    const syntax::SyntaxTree& tree = analysis.parse.tree;
    if (!tree.tokens.empty()) {
        const uint32_t token_index = tree.token_at(offset > 0 ? offset - 1 : 0);
        const syntax::Token& token = tree.tokens[token_index];
        const bool inside = token.range.begin < offset && offset <= token.range.end;
        if (inside && (token.kind == TokenKind::String || token.kind == TokenKind::Comment) &&
            !(token.kind == TokenKind::String && offset == token.range.end && token.range.length() > 1))
            return result;  // no names to complete in text
        if (inside && (token.kind == TokenKind::Symbol || token.kind == TokenKind::Capture))
            result.replace = {token.kind == TokenKind::Capture ? token.range.begin + 1 : token.range.begin, offset};
    }
    const std::string_view typed =
        std::string_view(tree.text).substr(result.replace.begin, result.replace.length());

    // First the candidates, by name only: which source each comes from is
    // enough to build its entry later.
    enum class Source { Symbol, Keyword, Builtin, Operator, Constant, MacroPrimitive };
    struct Candidate {
        std::string_view name;
        Source source;
        size_t index;  // symbol index, builtin index
    };
    std::vector<Candidate> candidates;
    std::unordered_set<std::string_view> seen;
    const analysis::SymbolTable& table = analysis.symbols;
    const int scope = table.scope_at(analysis.main_file, offset);
    for (const int index : table.visible_symbols(scope))
        if (seen.insert(table.symbols[index].name).second)
            candidates.push_back({table.symbols[index].name, Source::Symbol, static_cast<size_t>(index)});
    // The language's own names, from language/vocabulary.def.
    const auto keywords = language::keywords();
    const auto builtins = language::builtins();
    const auto operators = language::operators();
    const auto constants = language::constants();
    const auto offer = [&](const auto& table, Source source) {
        for (size_t i = 0; i < table.size(); ++i)
            if (seen.insert(table[i].name).second)
                candidates.push_back({table[i].name, source, i});
    };
    offer(keywords, Source::Keyword);
    offer(builtins, Source::Builtin);
    offer(operators, Source::Operator);
    offer(constants, Source::Constant);
    const auto primitives = language::macro_primitives();
    offer(primitives, Source::MacroPrimitive);

    if (only)
        std::erase_if(candidates, [&](const Candidate& candidate) { return candidate.name != *only; });
    if (candidates.size() > config.limit) {
        std::erase_if(candidates, [&](const Candidate& candidate) { return !fuzzy_match(typed, candidate.name); });
        std::stable_partition(candidates.begin(), candidates.end(),
                              [&](const Candidate& candidate) { return candidate.name.starts_with(typed); });
        if (candidates.size() > config.limit)
            candidates.resize(config.limit);
        result.incomplete = true;
    }

    const auto details = [&](std::string_view text) { return config.details ? std::string(text) : std::string(); };
    for (const Candidate& candidate : candidates) {
        switch (candidate.source) {
        case Source::Symbol: {
            const analysis::Symbol& symbol = table.symbols[candidate.index];
            CompletionEntry entry{std::string(symbol.name), CompletionEntry::Kind::Variable, {}, {}};
            if (symbol.function_params) {
                entry.kind = CompletionEntry::Kind::Function;
                if (config.details)
                    entry.detail = "(fun (" + parameter_text(*symbol.function_params) + "))";
            } else if (!symbol.is_mutable && symbol.kind != analysis::SymbolKind::Parameter) {
                entry.kind = CompletionEntry::Kind::Constant;
                entry.detail = constant_text(analysis, symbol).value_or("");
            }
            if (config.details &&
                (symbol.kind == analysis::SymbolKind::Global || symbol.kind == analysis::SymbolKind::Local))
                entry.documentation = analysis::doc_comment_before(analysis.sources.file(symbol.form_range.file),
                                                                    symbol.form_range.range.begin);
            result.items.push_back(std::move(entry));
            break;
        }
        case Source::Keyword:
            result.items.push_back({std::string(candidate.name), CompletionEntry::Kind::Keyword, "keyword",
                                    details(keywords[candidate.index].doc)});
            break;
        case Source::Operator: {
            const language::OperatorInfo& op = operators[candidate.index];
            result.items.push_back({std::string(op.name), CompletionEntry::Kind::Operator,
                                    op.in_place ? "list instruction" : "operator", details(op.doc)});
            break;
        }
        case Source::Builtin: {
            const language::BuiltinInfo& spec = builtins[candidate.index];
            result.items.push_back({std::string(spec.name), CompletionEntry::Kind::Builtin,
                                    config.details ? std::string(spec.signature) : "builtin", details(spec.doc)});
            break;
        }
        case Source::Constant:
            result.items.push_back({std::string(candidate.name), CompletionEntry::Kind::Constant, "builtin constant",
                                    details(constants[candidate.index].doc)});
            break;
        case Source::MacroPrimitive:
            result.items.push_back({std::string(candidate.name), CompletionEntry::Kind::Keyword, "macro primitive",
                                    details(primitives[candidate.index].doc)});
            break;
        }
    }
    return result;
}

}  // namespace

CompletionResult completion(const analysis::Analysis& analysis, uint32_t offset, const CompletionConfig& config) {
    return complete(analysis, offset, config, std::nullopt);
}

std::optional<CompletionEntry> resolve_completion(const analysis::Analysis& analysis, uint32_t offset,
                                                  std::string_view label) {
    CompletionConfig config;
    config.details = true;
    CompletionResult result = complete(analysis, offset, config, label);
    if (result.items.empty())
        return std::nullopt;
    return std::move(result.items.front());
}

}  // namespace ark::lsp::features
