// Plain structs <-> LSP JSON (see convert.hpp).
#include "protocol/convert.hpp"

#include <algorithm>
#include <limits>

namespace ark::lsp {

namespace {

uint32_t read_uinteger(const json& object, const char* field) {
    const auto found = object.find(field);
    if (found == object.end() || !found->is_number_integer())
        throw RpcError(ErrorCode::InvalidParams, std::string("invalid params: position `") + field +
                                                     "` must be a non-negative integer");
    if (found->is_number_unsigned())
        return static_cast<uint32_t>(std::min<uint64_t>(found->get<uint64_t>(), std::numeric_limits<uint32_t>::max()));
    const int64_t value = found->get<int64_t>();
    if (value < 0)
        throw RpcError(ErrorCode::InvalidParams, std::string("invalid params: position `") + field +
                                                     "` must be a non-negative integer");
    return static_cast<uint32_t>(std::min<int64_t>(value, std::numeric_limits<uint32_t>::max()));
}

}  // namespace

LineColumn position_from_json(const json& position) {
    if (!position.is_object())
        throw RpcError(ErrorCode::InvalidParams, "invalid params: a position must be an object");
    return {read_uinteger(position, "line"), read_uinteger(position, "character")};
}

json position_to_json(LineColumn position) {
    return json{{"line", position.line}, {"character", position.column}};
}

uint32_t offset_from_json(const json& position, const LineIndex& lines, PositionEncoding encoding) {
    return lines.to_offset(position_from_json(position), encoding);
}

json range_to_json(TextRange range, const LineIndex& lines, PositionEncoding encoding) {
    return json{{"start", position_to_json(lines.to_line_column(range.begin, encoding))},
                {"end", position_to_json(lines.to_line_column(range.end, encoding))}};
}

TextRange range_from_json(const json& range, const LineIndex& lines, PositionEncoding encoding) {
    if (!range.is_object() || !range.contains("start") || !range.contains("end"))
        throw RpcError(ErrorCode::InvalidParams, "invalid params: a range needs `start` and `end`");
    uint32_t begin = offset_from_json(range["start"], lines, encoding);
    uint32_t end = offset_from_json(range["end"], lines, encoding);
    if (end < begin)
        std::swap(begin, end);
    return {begin, end};
}

const char* encoding_name(PositionEncoding encoding) {
    switch (encoding) {
    case PositionEncoding::Utf8: return "utf-8";
    case PositionEncoding::Utf16: return "utf-16";
    case PositionEncoding::Utf32: return "utf-32";
    }
    return "utf-16";
}

}  // namespace ark::lsp
