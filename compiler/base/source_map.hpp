// Registry of the source files of one compilation: FileId -> path, text and
// line index. Diagnostics carry FileIds; renderers look the text up here.
#pragma once
#include <deque>
#include <memory>
#include <string>

#include "base/diagnostic.hpp"
#include "base/text.hpp"

namespace ark {

struct SourceFile {
    std::string path;  // as given by the user or resolved by an import
    std::string text;
    LineIndex lines;
    SourceFile(std::string p, std::string t) : path(std::move(p)), text(std::move(t)), lines(text) {}
};

class SourceMap {
public:
    FileId add(std::string path, std::string text) {
        files_.push_back(std::make_unique<SourceFile>(std::move(path), std::move(text)));
        return static_cast<FileId>(files_.size() - 1);
    }
    const SourceFile& file(FileId id) const { return *files_.at(id); }
    size_t size() const { return files_.size(); }
    // Returns the id of an already registered path, or -1.
    int find(const std::string& path) const {
        for (size_t i = 0; i < files_.size(); ++i)
            if (files_[i]->path == path) return static_cast<int>(i);
        return -1;
    }

private:
    std::deque<std::unique_ptr<SourceFile>> files_;
};

}  // namespace ark
