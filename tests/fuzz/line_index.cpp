// fuzz_line_index: LineIndex conversions on arbitrary bytes (valid or not as
// UTF-8). At every character boundary, offset -> line/column -> offset is the
// identity in UTF-8, UTF-16 and UTF-32; any offset or position converts
// without failing and stays inside the text.
#include <string>
#include <string_view>

#include "base/text.hpp"
#include "fuzz_targets.hpp"

namespace ark::fuzz {

int line_index(const uint8_t* data, size_t size) {
    if (size > 8192)
        return 0;  // the walk below is quadratic in a line's length
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const LineIndex index(text);
    const auto n = static_cast<uint32_t>(size);
    constexpr PositionEncoding encodings[] = {PositionEncoding::Utf8, PositionEncoding::Utf16, PositionEncoding::Utf32};

    std::string rebuilt;
    for (uint32_t line = 0; line < index.line_count(); ++line) {
        const uint32_t start = index.line_start(line);
        const std::string_view line_text = index.line_text(line);
        if (start > n || text.substr(start, line_text.size()) != line_text)
            fail("line_index", "line_text is not the text at line_start");
        rebuilt += line_text;
        if (line + 1 < index.line_count()) {
            // The terminator between this line's text and the next line: "\n", or
            // "\r\n" (whose '\r' line_text leaves out; a lone '\r' is text).
            const uint32_t text_end = start + static_cast<uint32_t>(line_text.size());
            const std::string_view terminator = text.substr(text_end, index.line_start(line + 1) - text_end);
            if (terminator != "\n" && terminator != "\r\n")
                fail("line_index", "a line ends with something other than \\n or \\r\\n");
            rebuilt += terminator;
        }
        // Walk the line one UTF-32 column at a time: each step is one character.
        uint32_t previous = start;
        for (uint32_t column = 0;; ++column) {
            const uint32_t offset = index.to_offset({line, column}, PositionEncoding::Utf32);
            if (column > 0 && offset == previous)
                break;  // clamped at the end of the line
            if (offset < previous || offset > start + line_text.size())
                fail("line_index", "to_offset left the line");
            previous = offset;
            for (PositionEncoding encoding : encodings) {
                const LineColumn position = index.to_line_column(offset, encoding);
                if (position.line != line)
                    fail("line_index", "to_line_column gave another line");
                if (index.to_offset(position, encoding) != offset)
                    fail("line_index", "offset -> position -> offset is not the identity");
            }
            const LineColumn as_utf8 = index.to_line_column(offset, PositionEncoding::Utf8);
            const LineColumn as_utf16 = index.to_line_column(offset, PositionEncoding::Utf16);
            const LineColumn as_utf32 = index.to_line_column(offset, PositionEncoding::Utf32);
            if (as_utf32.column != column || as_utf16.column < as_utf32.column || as_utf8.column < as_utf16.column)
                fail("line_index", "code unit counts out of order");
        }
    }
    // The lines and their terminators rebuild the text.
    if (rebuilt != text)
        fail("line_index", "lines do not rebuild the text");

    // Arbitrary offsets and positions, taken from the bytes themselves.
    for (size_t i = 0; i + 4 <= size && i < 64; i += 4) {
        const uint32_t offset = (uint32_t{data[i]} << 8 | data[i + 1]) % (n + 2);
        const LineColumn position{data[i + 2] % (index.line_count() + 2u), data[i + 3]};
        for (PositionEncoding encoding : encodings) {
            const LineColumn lc = index.to_line_column(offset, encoding);
            if (lc.line >= index.line_count())
                fail("line_index", "to_line_column past the last line");
            if (index.to_offset(position, encoding) > n)
                fail("line_index", "to_offset past the end of the text");
        }
    }
    return 0;
}

}  // namespace ark::fuzz

ARK_FUZZ_ENTRY(line_index)
