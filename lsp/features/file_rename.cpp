// Imports that follow a renamed file (see file_rename.hpp).
#include "features/file_rename.hpp"

#include <filesystem>
#include <optional>

#include "features/import_paths.hpp"

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
    for (const ImportSite& site : import_sites(path, text, exists)) {
        const std::string new_target = moved(site.target, moves);
        if (new_target == site.target && new_folder == folder)
            continue;
        const std::optional<std::string> new_package = package_for(new_folder, new_target);
        if (!new_package || *new_package == site.package)
            continue;
        edits.push_back({site.package_range, *new_package + (site.star ? ":*" : "")});
    }
    return edits;
}

}  // namespace ark::lsp::features
