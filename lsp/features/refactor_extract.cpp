// Extract variable and extract function (see refactorings.hpp).
#include <algorithm>

#include "features/refactor_support.hpp"
#include "features/refactorings.hpp"
#include "vocabulary.hpp"

namespace ark::lsp::features {

namespace {

using language::Keyword;
using syntax::Sexp;
using syntax::SexpKind;

bool is_block(const Sexp& node) { return node.kind == SexpKind::Brace || node.is_form(Keyword::Begin); }

// Forms that bind or have no value: never moved into a variable or a function.
bool is_definition(const Sexp& node) {
    return node.is_form(Keyword::Let) || node.is_form(Keyword::Mut) || node.is_form(Keyword::Set) ||
           node.is_form(Keyword::Del) || node.is_form(Keyword::Import) || node.is_form(Keyword::Macro);
}

// The index in `path` of the statement holding the selected node: the
// nearest ancestor that is a top-level form or a direct child of a block.
size_t statement_index(const std::vector<const Sexp*>& path) {
    for (size_t i = path.size() - 1; i > 0; --i)
        if (is_block(*path[i - 1]))
            return i;
    return 0;
}

// Whether moving the node at the end of `path` to just before path[from]
// evaluates it exactly once and in the same order relative to the effects
// around it: no enclosing loop, function, branch or short-circuit operand
// between them, and nothing impure evaluated before it on the way.
bool can_hoist(const std::vector<const Sexp*>& path, size_t from) {
    const bool moved_pure = is_pure(*path.back());
    for (size_t i = from; i + 1 < path.size(); ++i) {
        const Sexp& parent = *path[i];
        const Sexp* child = path[i + 1];
        const size_t at = static_cast<size_t>(child - parent.children.data());
        if (parent.is_form(Keyword::While) || parent.is_form(Keyword::Fun))
            return false;
        if ((parent.is_form(Keyword::If) || parent.is_form(Keyword::And) || parent.is_form(Keyword::Or)) && at != 1)
            return false;
        if (!moved_pure)
            for (size_t k = 0; k < at && k < parent.children.size(); ++k)
                if (!is_pure(parent.children[k]))
                    return false;
    }
    return true;
}

// Whether the symbol is defined in the main file inside `range` (by the
// extracted code itself), rather than around it.
bool defined_within(const analysis::Analysis& analysis, const analysis::Symbol& symbol, TextRange range) {
    return symbol.name_range.file == analysis.main_file && range.begin <= symbol.name_range.range.begin &&
           symbol.name_range.range.end <= range.end;
}

}  // namespace

std::optional<CodeAction> extract_variable(const analysis::Analysis& analysis, TextRange selection) {
    const std::optional<Selected> selected = selected_expression(analysis, selection);
    if (!selected || selected->path.size() < 2)
        return std::nullopt;
    const Sexp& node = selected->node();
    if (node.kind == SexpKind::Symbol || is_definition(node) || node.is_form(Keyword::While))
        return std::nullopt;
    const size_t statement = statement_index(selected->path);
    if (statement + 1 >= selected->path.size() || !can_hoist(selected->path, statement))
        return std::nullopt;
    const uint32_t insert_at = selected->path[statement]->where.range.begin;
    // Every name it reads must mean the same just before the statement.
    for (const int index : references_within(analysis, node.where.range)) {
        const analysis::Reference& reference = analysis.symbols.references[index];
        if (reference.kind != analysis::ReferenceKind::Resolved)
            continue;
        const analysis::Symbol& symbol = analysis.symbols.symbols[reference.symbol];
        const bool defined_inside = defined_within(analysis, symbol, node.where.range);
        if (!defined_inside && !visible_at(analysis, reference.symbol, insert_at))
            return std::nullopt;
    }
    const std::string name = fresh_name(analysis, "value");
    const std::string_view text = analysis.parse.tree.text;
    const FileId file = analysis.main_file;
    CodeAction action{"Extract into a variable", "refactor.extract", {}, std::nullopt, false};
    action.edits.push_back({{file, {insert_at, insert_at}},
                            "(let " + name + " " + std::string(text_of(analysis, node.where.range)) + ")\n" +
                                indentation_at(text, insert_at)});
    action.edits.push_back({{file, node.where.range}, name});
    return action;
}

std::optional<CodeAction> extract_function(const analysis::Analysis& analysis, TextRange selection) {
    const std::optional<Selected> selected = selected_expression(analysis, selection);
    if (!selected)
        return std::nullopt;
    const Sexp& node = selected->node();
    if (!can_move_into_a_function(node))
        return std::nullopt;
    // The local names it reads become parameters; a local it sets cannot
    // (the function would set its own copy).
    std::vector<std::string> parameters;
    for (const int index : references_within(analysis, node.where.range)) {
        const analysis::Reference& reference = analysis.symbols.references[index];
        if (reference.kind != analysis::ReferenceKind::Resolved)
            continue;
        const analysis::Symbol& symbol = analysis.symbols.symbols[reference.symbol];
        const bool defined_inside = defined_within(analysis, symbol, node.where.range);
        if (defined_inside || symbol.kind == analysis::SymbolKind::Global)
            continue;
        if (reference.is_write)
            return std::nullopt;
        if (std::find(parameters.begin(), parameters.end(), reference.name) == parameters.end())
            parameters.emplace_back(reference.name);
    }
    // A macro defined in the enclosing form would not be visible before it.
    const Sexp& top = *selected->path.front();
    for (const expand::MacroRecord& macro : analysis.expanded.macros)
        if (macro.where.file == analysis.main_file && top.where.range.begin <= macro.where.range.begin &&
            macro.where.range.end <= top.where.range.end)
            return std::nullopt;

    const std::string name = fresh_name(analysis, "extracted");
    std::string list;
    for (const std::string& parameter : parameters)
        list += (list.empty() ? "" : " ") + parameter;
    const FileId file = analysis.main_file;
    const uint32_t insert_at = top.where.range.begin;
    CodeAction action{"Extract into a function", "refactor.extract", {}, std::nullopt, false};
    action.edits.push_back({{file, {insert_at, insert_at}},
                            "(let " + name + " (fun (" + list + ") " +
                                std::string(text_of(analysis, node.where.range)) + "))\n\n"});
    action.edits.push_back({{file, node.where.range}, "(" + name + (list.empty() ? "" : " " + list) + ")"});
    return action;
}

}  // namespace ark::lsp::features
