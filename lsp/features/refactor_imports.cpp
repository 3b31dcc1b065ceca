// Organize imports and add a missing std import (see refactorings.hpp).
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

#include "features/refactor_support.hpp"
#include "features/refactorings.hpp"

namespace ark::lsp::features {

namespace {

using syntax::NodeKind;
using syntax::SyntaxNode;
using syntax::SyntaxTree;

struct ImportForm {
    TextRange range;
    std::string package;  // as written, `:*` included
    std::vector<std::string> selectors;
};

// The top-level `(import ...)` forms of the lossless tree, in order.
std::vector<ImportForm> top_level_imports(const SyntaxTree& tree) {
    std::vector<ImportForm> imports;
    for (const uint32_t child : tree.root().children) {
        const SyntaxNode& node = tree.node(child);
        if (node.kind != NodeKind::List || node.children.size() < 2 || node.close_token == syntax::kNoToken)
            continue;
        const SyntaxNode& head = tree.node(node.children[0]);
        if (head.kind != NodeKind::Atom || tree.token_text(head.token) != "import")
            continue;
        ImportForm form{node.range, {}, {}};
        bool plain = true;
        for (size_t i = 1; i < node.children.size(); ++i) {
            const SyntaxNode& part = tree.node(node.children[i]);
            plain = plain && part.kind == NodeKind::Atom;
            if (!plain)
                break;
            (i == 1 ? form.package : form.selectors.emplace_back()) = std::string(tree.token_text(part.token));
        }
        if (plain)
            imports.push_back(std::move(form));
    }
    return imports;
}

std::string import_text(const ImportForm& form) {
    std::string text = "(import " + form.package;
    for (const std::string& selector : form.selectors)
        text += " " + selector;
    return text + ")";
}

bool only_blanks(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

std::optional<CodeAction> organize_imports(const analysis::Analysis& analysis) {
    const SyntaxTree& tree = analysis.parse.tree;
    const std::vector<ImportForm> imports = top_level_imports(tree);
    if (imports.size() < 2)
        return std::nullopt;
    // One run of imports with nothing but blanks between them (a comment
    // between two imports would have no place once they move).
    for (size_t i = 1; i < imports.size(); ++i)
        if (!only_blanks(std::string_view(tree.text).substr(imports[i - 1].range.end,
                                                            imports[i].range.begin - imports[i - 1].range.end)))
            return std::nullopt;
    // Selector imports of one package merge; the same import twice is one.
    std::vector<ImportForm> organized;
    for (ImportForm form : imports) {
        std::sort(form.selectors.begin(), form.selectors.end());
        const auto same = std::find_if(organized.begin(), organized.end(), [&](const ImportForm& other) {
            return other.package == form.package && (other.selectors.empty() == form.selectors.empty());
        });
        if (same == organized.end()) {
            organized.push_back(std::move(form));
            continue;
        }
        std::set<std::string> merged(same->selectors.begin(), same->selectors.end());
        merged.insert(form.selectors.begin(), form.selectors.end());
        same->selectors.assign(merged.begin(), merged.end());
    }
    std::stable_sort(organized.begin(), organized.end(), [](const ImportForm& a, const ImportForm& b) {
        return a.package != b.package ? a.package < b.package : a.selectors.size() < b.selectors.size();
    });
    std::string text;
    for (const ImportForm& form : organized)
        text += (text.empty() ? "" : "\n") + import_text(form);
    const TextRange whole{imports.front().range.begin, imports.back().range.end};
    if (text == text_of(analysis, whole))
        return std::nullopt;
    return CodeAction{"Organize imports", "source.organizeImports", {{{analysis.main_file, whole}, text}},
                      std::nullopt, false};
}

std::vector<CodeAction> add_missing_imports(const analysis::Analysis& analysis, TextRange selection,
                                            const std::vector<std::string>& library_paths) {
    std::vector<CodeAction> actions;
    std::set<std::string> offered;
    for (const analysis::Reference& reference : analysis.symbols.references) {
        if (reference.kind != analysis::ReferenceKind::Unbound || reference.range.file != analysis.main_file ||
            reference.range.range.end < selection.begin || selection.end < reference.range.range.begin)
            continue;
        const size_t colon = reference.name.find(':');
        if (colon == std::string::npos || colon == 0)
            continue;
        // A std module of the vocabulary: analysis' E0113 already carries this fix.
        const bool has_fix = std::any_of(analysis.diagnostics.begin(), analysis.diagnostics.end(), [&](const Diagnostic& d) {
            return d.code == "E0113" && d.where == reference.range;
        });
        if (has_fix)
            continue;
        const std::string prefix(reference.name.substr(0, colon));
        // The std modules whose file name, lower-cased, is the prefix.
        for (const std::string& library : library_paths) {
            std::error_code error;
            for (std::filesystem::directory_iterator it(std::filesystem::path(library) / "std", error), end;
                 !error && it != end; it.increment(error)) {
                const std::filesystem::path& path = it->path();
                if (path.extension() != ".ark")
                    continue;
                const std::string module = path.stem().string();
                std::string lower = module;
                std::transform(lower.begin(), lower.end(), lower.begin(),
                               [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
                if (lower != prefix || !offered.insert(module).second)
                    continue;
                const std::string import = "(import std." + module + ")";
                const std::vector<ImportForm> imports = top_level_imports(analysis.parse.tree);
                const TextEdit edit = imports.empty()
                                          ? TextEdit{{analysis.main_file, {0, 0}}, import + "\n"}
                                          : TextEdit{{analysis.main_file,
                                                      {imports.back().range.end, imports.back().range.end}},
                                                     "\n" + import};
                actions.push_back({"Add " + import + " for `" + std::string(reference.name) + "`", "quickfix", {edit},
                                   std::nullopt, true});
            }
        }
    }
    return actions;
}

}  // namespace ark::lsp::features
