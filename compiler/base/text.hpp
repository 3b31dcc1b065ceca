// Byte ranges in source text and the line index that converts byte offsets to
// line/column positions in UTF-8, UTF-16 (the LSP default) and UTF-32 code units.
// Must not know about LSP or JSON: the server converts these plain structs itself.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ark {

// A half-open byte range [begin, end) in one source file.
struct TextRange {
    uint32_t begin = 0;
    uint32_t end = 0;
    uint32_t length() const { return end - begin; }
    bool contains(uint32_t offset) const { return begin <= offset && offset < end; }
    // Like contains() but also true at the end offset (a cursor just after a token).
    bool touches(uint32_t offset) const { return begin <= offset && offset <= end; }
    bool operator==(const TextRange&) const = default;
};

enum class PositionEncoding { Utf8, Utf16, Utf32 };

// 0-based line and 0-based column counted in the chosen encoding's code units.
struct LineColumn {
    uint32_t line = 0;
    uint32_t column = 0;
    bool operator==(const LineColumn&) const = default;
};

// Maps byte offsets to line/column and back. Lines end at '\n' ("\r\n" counts as
// one terminator, the '\r' belongs to the line). Invalid UTF-8 bytes count as one
// code unit each in every encoding, so conversions never fail.
class LineIndex {
public:
    explicit LineIndex(std::string&& text);
    explicit LineIndex(std::string_view text) : LineIndex(std::string(text)) {}
    explicit LineIndex(const char* text) : LineIndex(std::string_view(text)) {}

    // The text indexed (a copy it owns).
    const std::string& text() const { return text_; }

    uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }
    uint32_t line_start(uint32_t line) const;
    // The line's text without its terminator.
    std::string_view line_text(uint32_t line) const;

    LineColumn to_line_column(uint32_t offset, PositionEncoding encoding) const;
    // Positions past the end of a line clamp to the line's end; lines past the
    // end of the text clamp to the end of the text.
    uint32_t to_offset(LineColumn position, PositionEncoding encoding) const;

private:
    std::string text_;
    std::vector<uint32_t> line_starts_;
    bool ascii_ = true;  // no byte >= 0x80: columns are byte offsets in every encoding
};

}  // namespace ark
