// Unit tests for compiler/base/text.cpp: TextRange and LineIndex conversions in
// UTF-8, UTF-16 and UTF-32, line terminators, clamping and invalid UTF-8.
#include <catch2/catch.hpp>

#include "base/text.hpp"

using ark::LineColumn;
using ark::LineIndex;
using ark::PositionEncoding;

namespace {

constexpr auto utf8 = PositionEncoding::Utf8;
constexpr auto utf16 = PositionEncoding::Utf16;
constexpr auto utf32 = PositionEncoding::Utf32;

// Checks both directions: offset -> position, and position -> the same offset.
void check_round_trip(const LineIndex& index, uint32_t offset, PositionEncoding encoding,
                      LineColumn expected) {
    CAPTURE(offset, static_cast<int>(encoding), expected.line, expected.column);
    const LineColumn got = index.to_line_column(offset, encoding);
    CHECK(got.line == expected.line);
    CHECK(got.column == expected.column);
    CHECK(index.to_offset(expected, encoding) == offset);
}

void check_to_offset(const LineIndex& index, LineColumn position, PositionEncoding encoding,
                     uint32_t expected) {
    CAPTURE(position.line, position.column, static_cast<int>(encoding));
    CHECK(index.to_offset(position, encoding) == expected);
}

void check_to_line_column(const LineIndex& index, uint32_t offset, PositionEncoding encoding,
                          LineColumn expected) {
    CAPTURE(offset, static_cast<int>(encoding));
    const LineColumn got = index.to_line_column(offset, encoding);
    CHECK(got.line == expected.line);
    CHECK(got.column == expected.column);
}

}  // namespace

TEST_CASE("text range", "[base][text]") {
    const ark::TextRange range{2, 5};
    CHECK(range.length() == 3);
    CHECK_FALSE(range.contains(1));
    CHECK(range.contains(2));
    CHECK(range.contains(4));
    CHECK_FALSE(range.contains(5));
    CHECK(range.touches(5));
    CHECK_FALSE(range.touches(6));
}

TEST_CASE("line index", "[base][text]") {
    SECTION("empty text has one empty line") {
        const LineIndex index("");
        CHECK(index.line_count() == 1);
        CHECK(index.line_start(0) == 0);
        CHECK(index.line_text(0).empty());
        check_round_trip(index, 0, utf16, {0, 0});
        check_to_offset(index, {0, 7}, utf16, 0);
        check_to_offset(index, {3, 0}, utf16, 0);
    }

    SECTION("ascii lines") {
        const LineIndex index("(let a 1)\n(print a)\n");
        CHECK(index.line_count() == 3);
        CHECK(index.line_start(1) == 10);
        CHECK(index.line_text(0) == "(let a 1)");
        CHECK(index.line_text(1) == "(print a)");
        CHECK(index.line_text(2).empty());
        const auto encoding = GENERATE(utf8, utf16, utf32);
        check_round_trip(index, 0, encoding, {0, 0});
        check_round_trip(index, 5, encoding, {0, 5});
        check_round_trip(index, 9, encoding, {0, 9});
        check_round_trip(index, 10, encoding, {1, 0});
        check_round_trip(index, 20, encoding, {2, 0});
    }

    SECTION("crlf is one terminator and the column stops before it") {
        const LineIndex index("ab\r\ncd\r\n");
        CHECK(index.line_count() == 3);
        CHECK(index.line_text(0) == "ab");
        CHECK(index.line_text(1) == "cd");
        check_round_trip(index, 2, utf16, {0, 2});  // at the '\r'
        check_to_line_column(index, 3, utf16, {0, 2});  // between '\r' and '\n'
        check_round_trip(index, 4, utf16, {1, 0});
        check_to_offset(index, {0, 99}, utf16, 2);
        check_to_offset(index, {1, 3}, utf16, 6);
    }

    SECTION("a lone carriage return is ordinary text") {
        const LineIndex index("a\rb\nc\r");
        CHECK(index.line_count() == 2);
        CHECK(index.line_text(0) == "a\rb");
        CHECK(index.line_text(1) == "c\r");
        check_round_trip(index, 2, utf16, {0, 2});
        check_round_trip(index, 5, utf16, {1, 1});
        check_round_trip(index, 6, utf16, {1, 2});
    }

    SECTION("two-byte and three-byte characters") {
        // "é" is 2 bytes, 1 UTF-16 unit; "€" is 3 bytes, 1 UTF-16 unit.
        const LineIndex index("\xC3\xA9\xE2\x82\xAC!");
        check_round_trip(index, 2, utf8, {0, 2});
        check_round_trip(index, 2, utf16, {0, 1});
        check_round_trip(index, 2, utf32, {0, 1});
        check_round_trip(index, 5, utf8, {0, 5});
        check_round_trip(index, 5, utf16, {0, 2});
        check_round_trip(index, 5, utf32, {0, 2});
        check_round_trip(index, 6, utf16, {0, 3});
    }

    SECTION("astral characters are surrogate pairs in utf-16") {
        // U+1F600 is 4 bytes, 2 UTF-16 units, 1 UTF-32 unit.
        const LineIndex index("a\xF0\x9F\x98\x80" "b");
        check_round_trip(index, 5, utf8, {0, 5});
        check_round_trip(index, 5, utf16, {0, 3});
        check_round_trip(index, 5, utf32, {0, 2});
        check_round_trip(index, 6, utf16, {0, 4});
        check_round_trip(index, 6, utf32, {0, 3});
    }

    SECTION("a position inside a character clamps to the character's start") {
        const LineIndex index("a\xF0\x9F\x98\x80" "b");
        // UTF-16 column 2 is between the two surrogates.
        check_to_offset(index, {0, 2}, utf16, 1);
        // UTF-8 columns 2..4 are inside the 4-byte sequence.
        for (uint32_t column = 2; column <= 4; ++column)
            check_to_offset(index, {0, column}, utf8, 1);
        // Byte offsets inside the sequence map to the column of its start.
        for (uint32_t offset = 2; offset <= 4; ++offset) {
            check_to_line_column(index, offset, utf16, {0, 1});
            check_to_line_column(index, offset, utf8, {0, 1});
            check_to_line_column(index, offset, utf32, {0, 1});
        }
    }

    SECTION("invalid utf-8 counts one unit per byte") {
        // A stray continuation byte, a truncated 3-byte sequence, an overlong '/',
        // an encoded surrogate and a byte that never appears in UTF-8.
        const std::string text = "\x80" "\xE2\x82" "\xC0\xAF" "\xED\xA0\x80" "\xFF" "z";
        const LineIndex index(text);
        const auto encoding = GENERATE(utf8, utf16, utf32);
        for (uint32_t offset = 0; offset <= text.size(); ++offset)
            check_round_trip(index, offset, encoding, {0, offset});
    }

    SECTION("a truncated sequence at the end of a line does not swallow the newline") {
        const LineIndex index("\xE2\x82\nx");
        CHECK(index.line_count() == 2);
        check_round_trip(index, 2, utf16, {0, 2});
        check_round_trip(index, 3, utf16, {1, 0});
    }

    SECTION("out-of-range positions clamp") {
        const LineIndex index("abc\nd\xC3\xA9\n");
        // "abc\n" is bytes 0..3, "d\xC3\xA9\n" bytes 4..7; the last, empty line starts at 8.
        check_to_line_column(index, 1000, utf16, {2, 0});
        check_to_offset(index, {0, 1000}, utf16, 3);
        check_to_offset(index, {1, 1000}, utf16, 7);
        check_to_offset(index, {1, 1000}, utf8, 7);
        check_to_offset(index, {2, 1000}, utf16, 8);
        check_to_offset(index, {3, 0}, utf16, 8);
        check_to_offset(index, {UINT32_MAX, UINT32_MAX}, utf16, 8);
        CHECK(index.line_start(17) == 8);
        CHECK(index.line_text(17).empty());
    }

    SECTION("text without a final newline") {
        const LineIndex index("a\nbc");
        CHECK(index.line_count() == 2);
        CHECK(index.line_text(1) == "bc");
        check_round_trip(index, 4, utf16, {1, 2});
    }

    SECTION("every offset round-trips through every encoding") {
        const std::string text = "(let s \"h\xC3\xA9llo \xF0\x9F\x8C\x8D\")\r\n# \xE2\x82\xAC\n\xFF\n";
        const LineIndex index(text);
        const auto encoding = GENERATE(utf8, utf16, utf32);
        for (uint32_t offset = 0; offset <= text.size(); ++offset) {
            CAPTURE(offset, static_cast<int>(encoding));
            const LineColumn position = index.to_line_column(offset, encoding);
            const uint32_t back = index.to_offset(position, encoding);
            // Offsets inside a character or a "\r\n" map back to a boundary at or before them.
            CHECK(back <= offset);
            CHECK(index.to_line_column(back, encoding) == position);
        }
    }
}
