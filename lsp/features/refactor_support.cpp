// Shared helpers of the refactoring code actions (see refactor_support.hpp).
#include "features/refactor_support.hpp"

#include <algorithm>
#include <unordered_set>

#include "vocabulary.hpp"

namespace ark::lsp::features {

namespace {

bool is_container(const syntax::Sexp& node) {
    return node.kind == syntax::SexpKind::List || node.kind == syntax::SexpKind::Bracket ||
           node.kind == syntax::SexpKind::Brace;
}

bool contains(const SourceRange& where, FileId file, TextRange range) {
    return where.file == file && where.range.begin <= range.begin && range.end <= where.range.end;
}

}  // namespace

bool is_user_node(const analysis::Analysis& analysis, const syntax::Sexp& node) {
    if (node.where.file != analysis.main_file || node.where.range.end > analysis.parse.tree.text.size())
        return false;
    // A macro's output keeps its call's range: its text does not spell it.
    const std::string_view text = text_of(analysis, node.where.range);
    switch (node.kind) {
    case syntax::SexpKind::List: return text.starts_with("(");
    case syntax::SexpKind::Bracket: return text.starts_with("[");
    case syntax::SexpKind::Brace: return text.starts_with("{");
    case syntax::SexpKind::Symbol: return text == node.text;
    default: return true;
    }
}

std::vector<const syntax::Sexp*> nodes_containing(const analysis::Analysis& analysis, TextRange range) {
    std::vector<const syntax::Sexp*> path;
    const std::vector<syntax::Sexp>* level = &analysis.expanded.program;
    for (;;) {
        const syntax::Sexp* inside = nullptr;
        for (const syntax::Sexp& node : *level)
            if (contains(node.where, analysis.main_file, range) && is_user_node(analysis, node)) {
                inside = &node;
                break;
            }
        if (!inside)
            return path;
        path.push_back(inside);
        if (!is_container(*inside))
            return path;
        level = &inside->children;
    }
}

TextRange trimmed(std::string_view text, TextRange range) {
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (range.begin < range.end && range.begin < text.size() && space(text[range.begin]))
        ++range.begin;
    while (range.end > range.begin && range.end <= text.size() && space(text[range.end - 1]))
        --range.end;
    return range;
}

std::optional<Selected> selected_expression(const analysis::Analysis& analysis, TextRange selection) {
    const TextRange wanted = trimmed(analysis.parse.tree.text, selection);
    std::vector<const syntax::Sexp*> path = nodes_containing(analysis, wanted);
    if (wanted.length() > 0) {
        while (!path.empty() && path.back()->where.range != wanted)
            path.pop_back();
    } else {
        while (!path.empty() && path.back()->kind != syntax::SexpKind::List)
            path.pop_back();
    }
    if (path.empty())
        return std::nullopt;
    return Selected{std::move(path)};
}

std::string fresh_name(const analysis::Analysis& analysis, std::string_view base) {
    std::unordered_set<std::string_view> taken;
    for (const analysis::Symbol& symbol : analysis.symbols.symbols)
        taken.insert(symbol.name);
    for (const analysis::Reference& reference : analysis.symbols.references)
        taken.insert(reference.name);
    std::string name(base);
    for (int n = 2; taken.count(name); ++n)
        name = std::string(base) + "-" + std::to_string(n);
    return name;
}

std::string_view text_of(const analysis::Analysis& analysis, TextRange range) {
    return std::string_view(analysis.parse.tree.text).substr(range.begin, range.length());
}

std::string indentation_at(std::string_view text, uint32_t offset) {
    size_t start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
    start = start == std::string_view::npos ? 0 : start + 1;
    size_t end = start;
    while (end < text.size() && (text[end] == ' ' || text[end] == '\t'))
        ++end;
    return std::string(text.substr(start, end - start));
}

bool is_pure(const syntax::Sexp& node) {
    using syntax::SexpKind;
    switch (node.kind) {
    case SexpKind::Number:
    case SexpKind::String:
    case SexpKind::Symbol:
    case SexpKind::Field: return true;
    case SexpKind::Bracket: return std::all_of(node.children.begin(), node.children.end(), is_pure);
    case SexpKind::List: {
        if (node.children.empty())
            return true;
        const std::string_view head = node.head_name();
        if (head.empty() || !language::find_operator(head))
            return false;
        return std::all_of(node.children.begin() + 1, node.children.end(), is_pure);
    }
    default: return false;
    }
}

bool can_move_into_a_function(const syntax::Sexp& node) {
    using language::Keyword;
    const auto defines = [](const syntax::Sexp& form) {
        return form.is_form(Keyword::Let) || form.is_form(Keyword::Mut) || form.is_form(Keyword::Del) ||
               form.is_form(Keyword::Import) || form.is_form(Keyword::Macro);
    };
    if (node.kind == syntax::SexpKind::Brace)
        return !node.children.empty() && std::none_of(node.children.begin(), node.children.end(), defines);
    return node.kind == syntax::SexpKind::List && !node.children.empty() && !defines(node) &&
           !node.is_form(Keyword::Begin);
}

std::vector<int> references_within(const analysis::Analysis& analysis, TextRange range) {
    std::vector<int> result;
    const auto& references = analysis.symbols.references;
    for (size_t i = 0; i < references.size(); ++i)
        if (references[i].range.file == analysis.main_file && range.begin <= references[i].range.range.begin &&
            references[i].range.range.end <= range.end)
            result.push_back(static_cast<int>(i));
    return result;
}

bool visible_at(const analysis::Analysis& analysis, int symbol, uint32_t offset) {
    const analysis::Symbol& definition = analysis.symbols.symbols[symbol];
    if (definition.kind == analysis::SymbolKind::Global && definition.name_range.file != analysis.main_file)
        return true;  // spliced in by an import, before every form of the file
    if (definition.name_range.file != analysis.main_file || definition.name_range.range.end > offset)
        return false;
    const analysis::Scope& scope = analysis.symbols.scopes[definition.scope];
    return definition.scope == 0 || (scope.range.file == analysis.main_file && scope.range.range.begin <= offset &&
                                     offset < scope.range.range.end);
}

}  // namespace ark::lsp::features
