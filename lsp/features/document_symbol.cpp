// The outline of a file (see document_symbol.hpp).
#include "features/document_symbol.hpp"

#include <algorithm>

#include "features/constant_text.hpp"
#include "features/parameter_text.hpp"

namespace ark::lsp::features {

namespace {

DocumentSymbolNode make_node(const analysis::Analysis& analysis, const analysis::Symbol& symbol) {
    DocumentSymbolNode node;
    node.name = symbol.name;
    node.range = symbol.form_range.range;
    node.selection = symbol.name_range.range;
    if (symbol.function_params) {
        node.kind = DocumentSymbolNode::Kind::Function;
        const std::string params = parameter_text(*symbol.function_params);
        node.detail = "(fun (" + params + "))";
    } else if (symbol.is_mutable) {
        node.kind = DocumentSymbolNode::Kind::Variable;
        node.detail = "mut";
    } else {
        node.kind = DocumentSymbolNode::Kind::Constant;
        node.detail = constant_text(analysis, symbol).value_or("");
    }
    return node;
}

bool encloses(const TextRange& outer, const TextRange& inner) {
    return outer.begin <= inner.begin && inner.end <= outer.end && !(outer == inner);
}

// Inserts `node` under the innermost existing node whose range encloses it.
// Nodes arrive sorted by start and forms nest, so only the last sibling can
// enclose a new node (checking every sibling made large files quadratic).
void insert(std::vector<DocumentSymbolNode>& siblings, DocumentSymbolNode node) {
    std::vector<DocumentSymbolNode>* level = &siblings;
    while (!level->empty() && encloses(level->back().range, node.range))
        level = &level->back().children;
    level->push_back(std::move(node));
}

}  // namespace

std::vector<DocumentSymbolNode> document_symbols(const analysis::Analysis& analysis) {
    std::vector<const analysis::Symbol*> symbols;
    for (const analysis::Symbol& symbol : analysis.symbols.symbols)
        if (symbol.name_range.file == analysis.main_file &&
            (symbol.kind == analysis::SymbolKind::Global || symbol.kind == analysis::SymbolKind::Local))
            symbols.push_back(&symbol);
    // Outer forms first, so children always find their parent already inserted.
    std::stable_sort(symbols.begin(), symbols.end(), [](const auto* a, const auto* b) {
        if (a->form_range.range.begin != b->form_range.range.begin)
            return a->form_range.range.begin < b->form_range.range.begin;
        return a->form_range.range.end > b->form_range.range.end;
    });
    std::vector<DocumentSymbolNode> roots;
    for (const analysis::Symbol* symbol : symbols)
        insert(roots, make_node(analysis, *symbol));
    return roots;
}

}  // namespace ark::lsp::features
