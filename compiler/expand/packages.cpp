#include <algorithm>
#include <filesystem>

#include "expand/expand.hpp"

namespace ark::expand {

namespace fs = std::filesystem;

// The inverse of an import's lookup (a.b.C is the file a/b/C.ark under a
// library folder): every file such an import could name.
std::vector<std::string> packages_in(const std::string& folder) {
    std::vector<std::string> names;
    std::error_code ec;
    fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        const fs::path& path = it->path();
        const std::string leaf = path.filename().string();
        if (it->is_directory(ec)) {
            if (leaf.starts_with(".")) it.disable_recursion_pending();
            continue;
        }
        if (path.extension() != ".ark" || !it->is_regular_file(ec)) continue;
        fs::path relative = fs::relative(path, folder, ec);
        relative.replace_extension();
        std::string name;
        bool valid = true;
        for (const fs::path& part : relative) {
            const std::string component = part.string();
            // A component with a dot could not be written in an import.
            if (component.empty() || component.find('.') != std::string::npos) valid = false;
            name += (name.empty() ? "" : ".") + component;
        }
        if (valid && !ec) names.push_back(std::move(name));
    }
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace ark::expand
