// Links from imports to their files (see document_links.hpp).
#include "features/document_links.hpp"

namespace ark::lsp::features {

std::vector<DocumentLink> document_links(const analysis::Analysis& analysis) {
    std::vector<DocumentLink> links;
    for (const expand::ImportRecord& import : analysis.expanded.imports)
        if (import.where.file == analysis.main_file && import.file && !import.resolved_path.empty())
            links.push_back({import.package_range.range, analysis.sources.file(*import.file).path});
    return links;
}

}  // namespace ark::lsp::features
