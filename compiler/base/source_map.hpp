// Registry of the source files of one compilation: FileId -> path, text and
// line index. Diagnostics carry FileIds; renderers look the text up here.
#pragma once
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/diagnostic.hpp"
#include "base/text.hpp"

namespace ark {

struct SourceFile {
    std::string path;  // as given by the user or resolved by an import
    LineIndex lines;
    // The file's text, held once, by `lines` (a thousand imported files are
    // megabytes): hence a SourceFile is neither copied nor moved.
    const std::string& text;
    SourceFile(std::string p, std::string t) : path(std::move(p)), lines(std::move(t)), text(lines.text()) {}
    SourceFile(const SourceFile&) = delete;
    SourceFile& operator=(const SourceFile&) = delete;
};

// Copying a SourceMap shares its files (they never change once added): an
// analysis on top of its imports' analysis copies their map, then replaces
// its main file.
class SourceMap {
public:
    FileId add(std::string path, std::string text) {
        by_path_.emplace(path, files_.size());  // the first file of a path wins, as find() always did
        files_.push_back(std::make_shared<const SourceFile>(std::move(path), std::move(text)));
        return static_cast<FileId>(files_.size() - 1);
    }
    // Gives file `id` a new text (and path).
    void replace(FileId id, std::string path, std::string text) {
        auto& file = files_.at(id);
        if (file->path != path) {
            if (const auto found = by_path_.find(file->path); found != by_path_.end() && found->second == id)
                by_path_.erase(found);
            by_path_.emplace(path, id);
        }
        file = std::make_shared<const SourceFile>(std::move(path), std::move(text));
    }
    const SourceFile& file(FileId id) const { return *files_.at(id); }
    size_t size() const { return files_.size(); }
    // Returns the id of an already registered path, or -1.
    int find(const std::string& path) const {
        const auto found = by_path_.find(path);
        return found == by_path_.end() ? -1 : static_cast<int>(found->second);
    }

private:
    std::vector<std::shared_ptr<const SourceFile>> files_;
    std::unordered_map<std::string, size_t> by_path_;
};

}  // namespace ark
