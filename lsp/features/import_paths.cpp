// Imports found by parsing (see import_paths.hpp).
#include "features/import_paths.hpp"

#include <filesystem>

#include "syntax/tree.hpp"

namespace ark::lsp::features {

std::string package_path(const std::string& folder, std::string_view package) {
    std::string relative(package);
    for (char& c : relative)
        if (c == '.')
            c = '/';
    return (std::filesystem::path(folder) / (relative + ".ark")).lexically_normal().string();
}

std::vector<ImportSite> import_sites(const std::string& path, std::string_view text,
                                     bool (*exists)(const std::string& path)) {
    std::vector<ImportSite> sites;
    const std::string folder = std::filesystem::path(path).parent_path().string();
    const syntax::ParseResult parsed = syntax::parse(text, 0);
    const syntax::SyntaxTree& tree = parsed.tree;
    for (const syntax::SyntaxNode& node : tree.nodes) {
        if (node.kind != syntax::NodeKind::List || node.children.size() < 2)
            continue;
        const syntax::SyntaxNode& head = tree.node(node.children[0]);
        const syntax::SyntaxNode& package_node = tree.node(node.children[1]);
        if (head.kind != syntax::NodeKind::Atom || tree.token_text(head.token) != "import" ||
            package_node.kind != syntax::NodeKind::Atom)
            continue;
        ImportSite site{tree.tokens[package_node.token].range, std::string(tree.token_text(package_node.token)), false,
                        {}};
        site.star = site.package.ends_with(":*");
        if (site.star)
            site.package.resize(site.package.size() - 2);
        site.target = package_path(folder, site.package);
        if (exists(site.target))
            sites.push_back(std::move(site));
    }
    return sites;
}

}  // namespace ark::lsp::features
