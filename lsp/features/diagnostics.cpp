// Diagnostics for the main file (see diagnostics.hpp).
#include "features/diagnostics.hpp"

namespace ark::lsp::features {

std::vector<Diagnostic> diagnostics(const analysis::Analysis& analysis) {
    std::vector<Diagnostic> result;
    for (const Diagnostic& diagnostic : analysis.diagnostics) {
        if (diagnostic.where.file == analysis.main_file) {
            result.push_back(diagnostic);
            continue;
        }
        for (const expand::ImportRecord& import : analysis.expanded.imports) {
            if (import.where.file != analysis.main_file || import.file != diagnostic.where.file)
                continue;
            Diagnostic moved = diagnostic;
            moved.related.insert(moved.related.begin(), {diagnostic.where, "the problem is here"});
            moved.where = import.where;
            moved.message = "in imported package `" + import.package + "`: " + diagnostic.message;
            moved.fixes.clear();  // their edits are for the other file
            result.push_back(std::move(moved));
            break;
        }
    }
    return result;
}

}  // namespace ark::lsp::features
