// The documents the client has opened: text and version as the client sees them.
// Applies full and incremental didChange edits; knows positions, not JSON.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/text.hpp"

namespace ark::lsp {

struct Document {
    std::string uri;
    std::string language_id;
    int64_t version = 0;
    std::shared_ptr<const std::string> text;
};

// One entry of didChange's contentChanges: replaces `range` (line/column in the
// session's encoding), or the whole text when there is no range.
struct ContentChange {
    struct Range {
        LineColumn start;
        LineColumn end;
    };
    std::optional<Range> range;
    std::string text;
};

// Applies one change. Positions clamp (LineIndex rules) and a reversed range is
// taken in order, so a change never fails.
std::string apply_change(std::string_view text, const ContentChange& change, PositionEncoding encoding);

class DocumentStore {
public:
    const Document& open(std::string uri, std::string language_id, int64_t version, std::string text);
    // Returns nullptr if the document is not open.
    const Document* change(const std::string& uri, int64_t version, const std::vector<ContentChange>& changes,
                           PositionEncoding encoding);
    bool close(const std::string& uri);
    const Document* find(const std::string& uri) const;
    size_t size() const { return documents_.size(); }
    template <class Visit>
    void for_each(Visit visit) const {
        for (const auto& [uri, document] : documents_)
            visit(document);
    }

private:
    std::map<std::string, Document> documents_;
};

}  // namespace ark::lsp
