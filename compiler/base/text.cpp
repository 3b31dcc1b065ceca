// LineIndex: the only place that converts byte offsets to line/column and back.
// Knows UTF-8 decoding and the three LSP position encodings; knows nothing of LSP itself.
#include "base/text.hpp"

#include <algorithm>
#include <cstring>

namespace ark {

namespace {

// One decoded character: its length in bytes and the code units it takes in
// UTF-16. Invalid or truncated UTF-8 decodes as a one-byte, one-unit character,
// so every walk over the text advances and no conversion ever fails.
struct Char {
    uint32_t n_bytes = 1;
    uint32_t utf16_units = 1;
};

bool is_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
Char decode_at(std::string_view text, uint32_t pos, uint32_t end) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    if (lead < 0x80)
        return {};
    uint32_t n_bytes = 0;
    uint32_t code_point = 0;
    uint32_t min_code_point = 0;
    if ((lead & 0xE0) == 0xC0) {
        n_bytes = 2, code_point = lead & 0x1F, min_code_point = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        n_bytes = 3, code_point = lead & 0x0F, min_code_point = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        n_bytes = 4, code_point = lead & 0x07, min_code_point = 0x10000;
    } else {
        return {};  // a stray continuation byte or 0xF8..0xFF
    }
    if (end - pos < n_bytes)
        return {};
    for (uint32_t i = 1; i < n_bytes; ++i) {
        const auto byte = static_cast<unsigned char>(text[pos + i]);
        if (!is_continuation(byte))
            return {};
        code_point = (code_point << 6) | (byte & 0x3F);
    }
    if (code_point < min_code_point || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF))
        return {};
    return {n_bytes, code_point > 0xFFFF ? 2u : 1u};
}

uint32_t units_of(const Char& ch, PositionEncoding encoding) {
    switch (encoding) {
    case PositionEncoding::Utf8: return ch.n_bytes;
    case PositionEncoding::Utf16: return ch.utf16_units;
    case PositionEncoding::Utf32: return 1;
    }
    return 1;
}

}  // namespace

LineIndex::LineIndex(std::string&& text) : text_(std::move(text)) {
    // The server builds an index per edit of a document (to apply the change,
    // for the snapshot, for the analysis), so this is on the typing latency
    // path: memchr and a branch-free OR over the bytes, not one test per byte.
    line_starts_.reserve(text_.size() / 32 + 1);
    line_starts_.push_back(0);
    const char* const begin = text_.data();
    const char* const end = begin + text_.size();
    for (const char* at = begin; (at = static_cast<const char*>(std::memchr(at, '\n', end - at))); ++at)
        line_starts_.push_back(static_cast<uint32_t>(at - begin + 1));
    unsigned char high_bits = 0;
    for (const char byte : text_)
        high_bits |= static_cast<unsigned char>(byte);
    ascii_ = high_bits < 0x80;
}

uint32_t LineIndex::line_start(uint32_t line) const {
    if (line >= line_starts_.size())
        return static_cast<uint32_t>(text_.size());
    return line_starts_[line];
}

std::string_view LineIndex::line_text(uint32_t line) const {
    if (line >= line_starts_.size())
        return {};
    const uint32_t begin = line_starts_[line];
    uint32_t end = static_cast<uint32_t>(text_.size());
    if (line + 1 < line_starts_.size()) {
        end = line_starts_[line + 1] - 1;  // the '\n'
        // "\r\n" is one terminator; a lone '\r' (not before '\n') is ordinary text.
        if (end > begin && text_[end - 1] == '\r')
            --end;
    }
    return std::string_view(text_).substr(begin, end - begin);
}

LineColumn LineIndex::to_line_column(uint32_t offset, PositionEncoding encoding) const {
    offset = std::min(offset, static_cast<uint32_t>(text_.size()));
    const auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    const auto line = static_cast<uint32_t>(after - line_starts_.begin() - 1);
    const uint32_t begin = line_starts_[line];
    const uint32_t content_end = begin + static_cast<uint32_t>(line_text(line).size());
    // An offset between '\r' and '\n' clamps to the end of the line's content.
    offset = std::min(offset, content_end);

    // ASCII: one byte is one unit in every encoding, no walk (a 1 MB line would
    // make every conversion on it cost a megabyte).
    if (ascii_)
        return {line, offset - begin};
    uint32_t column = 0;
    uint32_t pos = begin;
    while (pos < offset) {
        const Char ch = decode_at(text_, pos, content_end);
        if (pos + ch.n_bytes > offset)
            break;  // the offset is inside this character: clamp to its start
        column += units_of(ch, encoding);
        pos += ch.n_bytes;
    }
    return {line, column};
}

uint32_t LineIndex::to_offset(LineColumn position, PositionEncoding encoding) const {
    if (position.line >= line_starts_.size())
        return static_cast<uint32_t>(text_.size());
    const uint32_t begin = line_starts_[position.line];
    const uint32_t content_end = begin + static_cast<uint32_t>(line_text(position.line).size());

    if (ascii_)
        return begin + std::min(position.column, content_end - begin);
    uint32_t column = 0;
    uint32_t pos = begin;
    while (pos < content_end) {
        const Char ch = decode_at(text_, pos, content_end);
        const uint32_t units = units_of(ch, encoding);
        if (column + units > position.column)
            break;  // the column is at or inside this character: stop at its start
        column += units;
        pos += ch.n_bytes;
    }
    return pos;
}

}  // namespace ark
