// textDocument/semanticTokens/{full, full/delta, range}: features::semantic_tokens
// encoded as LSP's relative integer arrays. `full` remembers the last array it
// sent per document under a resultId, so `full/delta` can send only the
// changed middle of it (one edit: the common prefix and suffix are kept).
#include <algorithm>
#include <map>
#include <mutex>

#include "features/semantic_tokens.hpp"
#include "protocol/convert.hpp"
#include "server/requests.hpp"

namespace ark::lsp {

namespace {

// The last tokens sent per document. Requests of one document may run on
// different workers, hence the lock.
class TokenCache {
public:
    struct Entry {
        std::string result_id;
        std::vector<uint32_t> data;
    };
    std::string store(const std::string& uri, std::vector<uint32_t> data) {
        std::lock_guard lock(mutex_);
        std::string id = std::to_string(++next_id_);
        entries_.insert_or_assign(uri, Entry{id, std::move(data)});
        if (entries_.size() > kMaxDocuments)
            entries_.erase(entries_.begin());
        return id;
    }
    std::optional<std::vector<uint32_t>> find(const std::string& uri, const std::string& result_id) const {
        std::lock_guard lock(mutex_);
        const auto found = entries_.find(uri);
        if (found == entries_.end() || found->second.result_id != result_id)
            return std::nullopt;
        return found->second.data;
    }

private:
    static constexpr size_t kMaxDocuments = 64;
    mutable std::mutex mutex_;
    std::map<std::string, Entry> entries_;
    uint64_t next_id_ = 0;
};

TokenCache& token_cache() {
    static TokenCache cache;
    return cache;
}

// The tokens overlapping `range` (all when it is nullopt), relative-encoded.
// Clients without multiline token support get one token per line.
std::vector<uint32_t> encode(const Snapshot& snapshot, std::optional<TextRange> range) {
    std::vector<uint32_t> data;
    LineColumn previous{0, 0};
    auto emit = [&](uint32_t begin, uint32_t end, const features::SemanticToken& token) {
        const LineColumn start = snapshot.position_of(begin);
        const LineColumn stop = snapshot.position_of(end);
        if (stop.line != start.line || stop.column <= start.column)
            return;
        const uint32_t delta_line = start.line - previous.line;
        data.insert(data.end(), {delta_line, delta_line == 0 ? start.column - previous.column : start.column,
                                 stop.column - start.column, static_cast<uint32_t>(token.type), token.modifiers});
        previous = start;
    };
    for (const features::SemanticToken& token : features::semantic_tokens(analysis_of(snapshot))) {
        if (range && (token.range.end <= range->begin || range->end <= token.range.begin))
            continue;
        const uint32_t first_line = snapshot.lines.to_line_column(token.range.begin, PositionEncoding::Utf8).line;
        const uint32_t last_line = snapshot.lines.to_line_column(token.range.end, PositionEncoding::Utf8).line;
        for (uint32_t line = first_line; line <= last_line; ++line) {
            const uint32_t line_begin = std::max(token.range.begin, snapshot.lines.line_start(line));
            const uint32_t line_end = std::min<uint32_t>(
                token.range.end, snapshot.lines.line_start(line) + static_cast<uint32_t>(snapshot.lines.line_text(line).size()));
            if (line_end > line_begin)
                emit(line_begin, line_end, token);
        }
    }
    return data;
}

}  // namespace

void advertise_semantic_tokens(json& capabilities) {
    json types = json::array();
    for (const std::string_view name : features::token_type_names)
        types.push_back(std::string(name));
    json modifiers = json::array();
    for (const std::string_view name : features::token_modifier_names)
        modifiers.push_back(std::string(name));
    capabilities["semanticTokensProvider"] = {
        {"legend", {{"tokenTypes", std::move(types)}, {"tokenModifiers", std::move(modifiers)}}},
        {"full", {{"delta", true}}},
        {"range", true}};
}

json on_semantic_tokens_full(const Snapshot& snapshot, const json&, const CancelToken&) {
    std::vector<uint32_t> data = encode(snapshot, std::nullopt);
    json result{{"data", data}};
    result["resultId"] = token_cache().store(snapshot.uri, std::move(data));
    return result;
}

json on_semantic_tokens_delta(const Snapshot& snapshot, const json& params, const CancelToken&) {
    const std::string previous_id = params.value("previousResultId", std::string());
    std::vector<uint32_t> data = encode(snapshot, std::nullopt);
    const std::optional<std::vector<uint32_t>> previous = token_cache().find(snapshot.uri, previous_id);
    if (!previous) {  // unknown or outdated id: the whole array (a SemanticTokens result)
        json result{{"data", data}};
        result["resultId"] = token_cache().store(snapshot.uri, std::move(data));
        return result;
    }
    // Tokens are 5 integers: keep the edit on token boundaries.
    size_t prefix = 0;
    while (prefix < previous->size() && prefix < data.size() && (*previous)[prefix] == data[prefix])
        ++prefix;
    prefix -= prefix % 5;
    size_t suffix = 0;
    while (suffix < previous->size() - prefix && suffix < data.size() - prefix &&
           (*previous)[previous->size() - 1 - suffix] == data[data.size() - 1 - suffix])
        ++suffix;
    suffix -= suffix % 5;
    json edits = json::array();
    if (prefix != previous->size() || prefix != data.size()) {
        const std::vector<uint32_t> inserted(data.begin() + static_cast<std::ptrdiff_t>(prefix),
                                             data.end() - static_cast<std::ptrdiff_t>(suffix));
        edits.push_back({{"start", prefix}, {"deleteCount", previous->size() - prefix - suffix}, {"data", inserted}});
    }
    json result{{"edits", std::move(edits)}};
    result["resultId"] = token_cache().store(snapshot.uri, std::move(data));
    return result;
}

json on_semantic_tokens_range(const Snapshot& snapshot, const json& params, const CancelToken&) {
    const TextRange range = range_from_json(params.at("range"), snapshot.lines, snapshot.encoding);
    return json{{"data", encode(snapshot, range)}};
}

}  // namespace ark::lsp
