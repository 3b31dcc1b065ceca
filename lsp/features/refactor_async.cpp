// `(f x)` <-> `(await (async f x))` (see refactorings.hpp).
#include "features/refactor_support.hpp"
#include "features/refactorings.hpp"
#include "vocabulary.hpp"

namespace ark::lsp::features {

namespace {

using syntax::Sexp;
using syntax::SexpKind;

constexpr std::string_view kAsync = "async";
constexpr std::string_view kAwait = "await";

bool is_call_of(const analysis::Analysis& analysis, const Sexp& node, std::string_view builtin) {
    if (node.kind != SexpKind::List || node.form || node.children.size() < 2 || !node.children[0].is_symbol(builtin))
        return false;
    const int reference = analysis.symbols.facts(node.children[0]).reference;
    return reference >= 0 && analysis.symbols.references[reference].kind == analysis::ReferenceKind::Builtin;
}

// A task runs on a snapshot of the variables: a function that sets a
// variable it does not bind itself would set the task's copy. Calls of such
// functions, and of functions the analysis cannot see, are not moved into a
// task.
bool safe_in_a_task(const analysis::Analysis& analysis, const Sexp& head) {
    const int index = analysis.symbols.facts(head).reference;
    if (index < 0)
        return false;
    const analysis::Reference& reference = analysis.symbols.references[index];
    if (reference.kind == analysis::ReferenceKind::Builtin)
        return language::find_builtin(reference.name).has_value() && reference.name != kAsync &&
               reference.name != kAwait;
    if (reference.kind != analysis::ReferenceKind::Resolved)
        return false;
    const analysis::Symbol& function = analysis.symbols.symbols[reference.symbol];
    if (!function.function_params)
        return false;
    const SourceRange& body = function.value_range;
    const auto inside = [&](const SourceRange& where) {
        return where.file == body.file && body.range.begin <= where.range.begin && where.range.end <= body.range.end;
    };
    for (const analysis::Reference& inner : analysis.symbols.references) {
        if (!inner.is_write || !inside(inner.range))
            continue;
        if (inner.kind != analysis::ReferenceKind::Resolved ||
            !inside(analysis.symbols.symbols[inner.symbol].name_range))
            return false;
    }
    return true;
}

}  // namespace

std::vector<CodeAction> async_call_rewrites(const analysis::Analysis& analysis, TextRange selection) {
    std::vector<CodeAction> actions;
    const std::optional<Selected> selected = selected_expression(analysis, selection);
    if (!selected)
        return actions;
    const FileId file = analysis.main_file;
    // Innermost first: the call under the cursor, or the await around it.
    for (auto it = selected->path.rbegin(); it != selected->path.rend(); ++it) {
        const Sexp& node = **it;
        if (is_call_of(analysis, node, kAwait) && node.children.size() == 2 &&
            is_call_of(analysis, node.children[1], kAsync)) {
            const Sexp& task = node.children[1];
            const TextRange call{task.children[1].where.range.begin, task.where.range.end};
            actions.push_back({"Call directly instead of through async/await", "refactor.rewrite",
                               {{{file, node.where.range}, "(" + std::string(text_of(analysis, call))}},
                               std::nullopt,
                               false});
            return actions;
        }
        if (node.kind != SexpKind::List || node.form || node.children.empty() || !node.children[0].is_symbol() ||
            is_call_of(analysis, node, kAsync) || is_call_of(analysis, node, kAwait))
            continue;
        const std::string_view head = node.children[0].text;
        if (language::is_operator_like(head) || !safe_in_a_task(analysis, node.children[0]))
            return actions;
        const std::string_view text = text_of(analysis, node.where.range);
        actions.push_back({"Run in a task: (await (async " + std::string(head) + " ...))", "refactor.rewrite",
                           {{{file, node.where.range}, "(await (async " + std::string(text.substr(1)) + ")"}},
                           std::nullopt,
                           false});
        return actions;
    }
    return actions;
}

}  // namespace ark::lsp::features
