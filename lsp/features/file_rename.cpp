// Imports that follow a renamed file (see file_rename.hpp).
#include "features/file_rename.hpp"

#include <filesystem>
#include <optional>

#include "syntax/tree.hpp"

namespace ark::lsp::features {

namespace {

namespace fs = std::filesystem;

bool is_package_component(std::string_view part) {
    const auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
    if (part.empty() || part.size() > 255 || !alnum(part[0]))
        return false;
    for (const char c : part)
        if (!alnum(c) && c != '_' && c != '-')
            return false;
    return true;
}

// `a.b.c` (without `:*`) -> `folder/a/b/c.ark`.
std::string package_path(const std::string& folder, std::string_view package) {
    std::string relative(package);
    for (char& c : relative)
        if (c == '.')
            c = '/';
    return (fs::path(folder) / (relative + ".ark")).lexically_normal().string();
}

// The package that names `file` from `folder`, if it can be spelled.
std::optional<std::string> package_for(const std::string& folder, const std::string& file) {
    if (!file.ends_with(".ark"))
        return std::nullopt;
    const fs::path relative = fs::path(file.substr(0, file.size() - 4)).lexically_relative(folder);
    std::string package;
    for (const fs::path& part : relative) {
        const std::string component = part.string();
        if (!is_package_component(component))
            return std::nullopt;  // "..", "", or a name a package cannot have
        package += (package.empty() ? "" : ".") + component;
    }
    if (package.empty())
        return std::nullopt;
    return package;
}

// Where `path` is after the moves (itself when none moves it).
std::string moved(const std::string& path, const std::vector<FileMove>& moves) {
    for (const FileMove& move : moves) {
        if (path == move.from)
            return move.to;
        if (path.starts_with(move.from + "/"))
            return move.to + path.substr(move.from.size());
    }
    return path;
}

}  // namespace

std::vector<ImportEdit> import_edits_for_moves(const std::string& path, std::string_view text,
                                               const std::vector<FileMove>& moves,
                                               bool (*exists)(const std::string& path)) {
    std::vector<ImportEdit> edits;
    const std::string folder = fs::path(path).parent_path().string();
    const std::string new_folder = fs::path(moved(path, moves)).parent_path().string();
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
        std::string package(tree.token_text(package_node.token));
        const bool star = package.ends_with(":*");
        if (star)
            package.resize(package.size() - 2);
        const std::string target = package_path(folder, package);
        if (!exists(target))
            continue;  // found in the library path, or nowhere: not ours to follow
        const std::string new_target = moved(target, moves);
        if (new_target == target && new_folder == folder)
            continue;
        const std::optional<std::string> new_package = package_for(new_folder, new_target);
        if (!new_package || *new_package == package)
            continue;
        edits.push_back({tree.tokens[package_node.token].range, *new_package + (star ? ":*" : "")});
    }
    return edits;
}

}  // namespace ark::lsp::features
