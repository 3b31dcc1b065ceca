// Open documents and text synchronisation (see documents.hpp).
#include "server/documents.hpp"

#include <algorithm>

namespace ark::lsp {

std::string apply_change(std::string_view text, const ContentChange& change, PositionEncoding encoding) {
    if (!change.range)
        return change.text;
    const LineIndex lines(text);
    uint32_t begin = lines.to_offset(change.range->start, encoding);
    uint32_t end = lines.to_offset(change.range->end, encoding);
    if (end < begin)
        std::swap(begin, end);
    std::string result;
    result.reserve(text.size() - (end - begin) + change.text.size());
    result.append(text.substr(0, begin));
    result.append(change.text);
    result.append(text.substr(end));
    return result;
}

const Document& DocumentStore::open(std::string uri, std::string language_id, int64_t version, std::string text) {
    Document document{uri, std::move(language_id), version, std::make_shared<const std::string>(std::move(text))};
    return documents_.insert_or_assign(std::move(uri), std::move(document)).first->second;
}

const Document* DocumentStore::change(const std::string& uri, int64_t version,
                                      const std::vector<ContentChange>& changes, PositionEncoding encoding) {
    const auto found = documents_.find(uri);
    if (found == documents_.end())
        return nullptr;
    Document& document = found->second;
    std::string text = *document.text;
    for (const ContentChange& change : changes)
        text = apply_change(text, change, encoding);
    document.text = std::make_shared<const std::string>(std::move(text));
    document.version = version;
    return &document;
}

bool DocumentStore::close(const std::string& uri) { return documents_.erase(uri) > 0; }

const Document* DocumentStore::find(const std::string& uri) const {
    const auto found = documents_.find(uri);
    return found == documents_.end() ? nullptr : &found->second;
}

}  // namespace ark::lsp
