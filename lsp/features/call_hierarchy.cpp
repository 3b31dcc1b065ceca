// Calls between functions (see call_hierarchy.hpp).
#include "features/call_hierarchy.hpp"

#include <algorithm>
#include <map>

#include "features/cursor.hpp"
#include "features/parameter_text.hpp"

namespace ark::lsp::features {

namespace {

using language::Keyword;
using syntax::Sexp;
using syntax::SexpKind;

constexpr std::string_view kAsync = "async";

struct Call {
    int caller;             // a function symbol, or -1: a top-level form
    const Sexp* top_level;  // the top-level form holding the call
    int callee;             // a function symbol
    SourceRange where;      // the callee's name in the call
    bool through_async;
};

bool is_function(const analysis::SymbolTable& table, int symbol) {
    return symbol >= 0 && table.symbols[symbol].function_params.has_value();
}

// The function symbol a node names, or -1.
int function_named(const analysis::SymbolTable& table, const Sexp& node) {
    if (!node.is_symbol())
        return -1;
    const int index = table.facts(node).reference;
    if (index < 0 || table.references[index].kind != analysis::ReferenceKind::Resolved)
        return -1;
    const int symbol = table.references[index].symbol;
    return is_function(table, symbol) ? symbol : -1;
}

// Every call of the program, walking it once with the enclosing function.
class CallCollector {
public:
    explicit CallCollector(const analysis::SymbolTable& table) : table_(table) {}

    std::vector<Call> collect(const analysis::Analysis& analysis) {
        for (const std::vector<Sexp>* part : analysis.program_parts())
            for (const Sexp& form : *part) {
                top_level_ = &form;
                visit(form, -1);
            }
        return std::move(calls_);
    }

private:
    void visit(const Sexp& node, int function) {
        if (node.kind != SexpKind::List && node.kind != SexpKind::Bracket && node.kind != SexpKind::Brace)
            return;
        const auto& c = node.children;
        if (node.kind == SexpKind::List && !c.empty()) {
            if (const int callee = function_named(table_, c[0]); callee >= 0)
                calls_.push_back({function, top_level_, callee, c[0].where, false});
            if (c.size() >= 2 && c[0].is_symbol(kAsync) && !node.form)
                if (const int callee = function_named(table_, c[1]); callee >= 0)
                    calls_.push_back({function, top_level_, callee, c[1].where, true});
            // (let f (fun ...)): the fun's calls are f's.
            if ((node.is_form(Keyword::Let) || node.is_form(Keyword::Mut)) && c.size() == 3 &&
                c[2].is_form(Keyword::Fun)) {
                const int defined = table_.facts(c[1]).definition;
                if (is_function(table_, defined)) {
                    visit(c[2], defined);
                    return;
                }
            }
        }
        for (const Sexp& child : c)
            visit(child, function);
    }

    const analysis::SymbolTable& table_;
    const Sexp* top_level_ = nullptr;
    std::vector<Call> calls_;
};

CallHierarchyItem function_item(const analysis::SymbolTable& table, int symbol) {
    const analysis::Symbol& function = table.symbols[symbol];
    return {std::string(function.name), "(fun (" + parameter_text(*function.function_params) + "))", true, function.form_range,
            function.name_range};
}

CallHierarchyItem top_level_item(const analysis::Analysis& analysis, const Sexp& form) {
    std::string name = "top level";
    const std::string& path = analysis.sources.file(form.where.file).path;
    if (const size_t slash = path.rfind('/'); slash != std::string::npos)
        name += " of " + path.substr(slash + 1);
    const SourceRange head = form.kind == SexpKind::List && !form.children.empty() ? form.children[0].where : form.where;
    return {name, "top level", false, form.where, head};
}

// The function whose name is at `selection`, or -1.
int function_at(const analysis::Analysis& analysis, const SourceRange& selection) {
    const analysis::SymbolTable& table = analysis.symbols;
    for (size_t symbol = 0; symbol < table.symbols.size(); ++symbol)
        if (table.symbols[symbol].name_range == selection && is_function(table, static_cast<int>(symbol)))
            return static_cast<int>(symbol);
    return -1;
}

// Groups calls by the item on the other side (and by whether they go through async).
std::vector<CallHierarchyCall> group(const std::vector<std::pair<CallHierarchyItem, const Call*>>& calls) {
    std::vector<CallHierarchyCall> result;
    std::map<std::tuple<FileId, uint32_t, bool>, size_t> slots;
    for (const auto& [item, call] : calls) {
        const auto key = std::make_tuple(item.selection.file, item.selection.range.begin, call->through_async);
        auto [slot, added] = slots.try_emplace(key, result.size());
        if (added) {
            CallHierarchyItem marked = item;
            if (call->through_async)
                marked.detail += " · through async";
            result.push_back({std::move(marked), {}});
        }
        result[slot->second].ranges.push_back(call->where);
    }
    return result;
}

}  // namespace

std::optional<CallHierarchyItem> prepare_call_hierarchy(const analysis::Analysis& analysis, uint32_t offset) {
    const std::optional<CursorTarget> target = target_at(analysis, offset);
    if (!target || !is_function(analysis.symbols, target->symbol))
        return std::nullopt;
    return function_item(analysis.symbols, target->symbol);
}

std::vector<CallHierarchyCall> incoming_calls(const analysis::Analysis& analysis, const SourceRange& selection) {
    const analysis::SymbolTable& table = analysis.symbols;
    const int target = function_at(analysis, selection);
    if (target < 0)
        return {};
    const std::vector<int> group_members = symbol_group(table, target);
    const std::vector<Call> calls = CallCollector(table).collect(analysis);
    std::vector<std::pair<CallHierarchyItem, const Call*>> callers;
    for (const Call& call : calls)
        if (std::find(group_members.begin(), group_members.end(), call.callee) != group_members.end())
            callers.emplace_back(call.caller >= 0 ? function_item(table, call.caller)
                                                  : top_level_item(analysis, *call.top_level),
                                 &call);
    return group(callers);
}

std::vector<CallHierarchyCall> outgoing_calls(const analysis::Analysis& analysis, const SourceRange& selection) {
    const analysis::SymbolTable& table = analysis.symbols;
    const int target = function_at(analysis, selection);
    if (target < 0)
        return {};
    const std::vector<Call> calls = CallCollector(table).collect(analysis);
    std::vector<std::pair<CallHierarchyItem, const Call*>> callees;
    for (const Call& call : calls)
        if (call.caller == target)
            callees.emplace_back(function_item(table, call.callee), &call);
    return group(callees);
}

}  // namespace ark::lsp::features
