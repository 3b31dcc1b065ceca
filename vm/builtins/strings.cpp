// String builtins: string:find, removeAt, setAt, ord, chr (byte indices;
// ord/chr speak UTF-8), utf8len, codepoints, bytes. format lives in format.cpp.
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "../operators.hpp"
#include "../printer.hpp"
#include "family.hpp"
#include "utf8.hpp"

namespace ark::vm {

namespace {

// (string:find s sub [start]): 4.0+ takes where to start (a negative start
// counts from the end, as an index does).
Value builtin_string_find(ExecutionContext&, std::span<Value> args) {
    if (args.size() == 3) expect_shape("string:find", "(String, String, Number)", args, {Tag::String, Tag::String, Tag::Number});
    else expect_shape("string:find", "(String, String)", args, {Tag::String, Tag::String});
    const std::string& s = args[0].as_string();
    size_t start = 0;
    if (args.size() == 3) {
        double from = std::trunc(args[2].as_number());
        if (from < 0) from += static_cast<double>(s.size());
        if (!(from >= 0)) from = 0;  // NaN or still before the start
        if (from > static_cast<double>(s.size())) return Value::number(-1);
        start = static_cast<size_t>(from);
    }
    size_t at = s.find(args[1].as_string(), start);
    return Value::number(at == std::string::npos ? -1.0 : static_cast<double>(at));
}

Value builtin_remove_at(ExecutionContext&, std::span<Value> args) {
    expect_shape("string:removeAt", "(String, Number)", args, {Tag::String, Tag::Number});
    const std::string& s = args[0].as_string();
    double i = std::trunc(args[1].as_number());
    if (i < 0) i += static_cast<double>(s.size());  // 4.1+: negative counts from the end
    if (!(i >= 0 && i < static_cast<double>(s.size()))) {
        raise("IndexError", "string:removeAt index (" + format_number(std::trunc(args[1].as_number())) +
                                ") out of range (string size: " + std::to_string(s.size()) + ")");
    }
    std::string out = s;
    out.erase(static_cast<size_t>(i), 1);
    return Value::string(std::move(out));
}

// (string:setAt s index value) (4.0+): a copy of s whose byte at index (a
// negative index counts from the end) is replaced by the string value.
Value builtin_string_set_at(ExecutionContext&, std::span<Value> args) {
    expect_shape("string:setAt", "(String, Number, String)", args, {Tag::String, Tag::Number, Tag::String});
    const std::string& s = args[0].as_string();
    auto at = normalize_index(args[1].as_number(), s.size());
    if (!at) {
        raise("IndexError", "string:setAt index (" + format_number(std::trunc(args[1].as_number())) +
                                ") out of range (string size: " + std::to_string(s.size()) + ")");
    }
    std::string out = s;
    out.replace(*at, 1, args[2].as_string());
    return Value::string(std::move(out));
}

// The code point of the UTF-8 sequence starting at byte `from` of s and its
// length in bytes; {0, 0} when no valid (shortest-form, non-surrogate)
// sequence starts there.
std::pair<uint32_t, size_t> decode_at(const std::string& s, size_t from) {
    if (from >= s.size()) return {0, 0};
    auto byte = [&](size_t i) { return static_cast<unsigned char>(s[from + i]); };
    unsigned char lead = byte(0);
    if (lead < 0x80) return {lead, 1};
    size_t length;
    uint32_t cp;
    uint32_t min;
    if ((lead & 0xE0) == 0xC0) { length = 2; cp = lead & 0x1F; min = 0x80; }
    else if ((lead & 0xF0) == 0xE0) { length = 3; cp = lead & 0x0F; min = 0x800; }
    else if ((lead & 0xF8) == 0xF0) { length = 4; cp = lead & 0x07; min = 0x10000; }
    else return {0, 0};
    if (s.size() - from < length) return {0, 0};
    for (size_t i = 1; i < length; ++i) {
        if ((byte(i) & 0xC0) != 0x80) return {0, 0};
        cp = (cp << 6) | (byte(i) & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {0, 0};
    return {cp, length};
}

// Code point of the first UTF-8 character, or 0 when the string is empty or
// does not start with a valid sequence.
uint32_t first_code_point(const std::string& s) { return decode_at(s, 0).first; }

// The code points of s; a byte that starts no valid sequence counts as one
// character whose value is the byte.
std::vector<uint32_t> code_points(const std::string& s) {
    std::vector<uint32_t> out;
    for (size_t i = 0; i < s.size();) {
        auto [cp, length] = decode_at(s, i);
        if (length == 0) {
            cp = static_cast<unsigned char>(s[i]);
            length = 1;
        }
        out.push_back(cp);
        i += length;
    }
    return out;
}

// (string:utf8len s) (4.5+): how many UTF-8 characters s holds.
Value builtin_utf8len(ExecutionContext&, std::span<Value> args) {
    expect_shape("string:utf8len", "(String)", args, {Tag::String});
    return Value::number(static_cast<double>(code_points(args[0].as_string()).size()));
}

// (string:codepoints s) (4.6+): the code points of s, as a list of numbers.
Value builtin_codepoints(ExecutionContext&, std::span<Value> args) {
    expect_shape("string:codepoints", "(String)", args, {Tag::String});
    std::vector<Value> items;
    for (uint32_t cp : code_points(args[0].as_string())) items.push_back(Value::number(cp));
    return Value::list(std::move(items));
}

// (string:bytes s) (4.7+): the bytes of s (0-255), as a list of numbers.
Value builtin_bytes(ExecutionContext&, std::span<Value> args) {
    expect_shape("string:bytes", "(String)", args, {Tag::String});
    const std::string& s = args[0].as_string();
    std::vector<Value> items;
    items.reserve(s.size());
    for (char c : s) items.push_back(Value::number(static_cast<unsigned char>(c)));
    return Value::list(std::move(items));
}

Value builtin_ord(ExecutionContext&, std::span<Value> args) {
    expect_shape("str:ord", "(String)", args, {Tag::String});
    return Value::number(first_code_point(args[0].as_string()));
}

Value builtin_chr(ExecutionContext&, std::span<Value> args) {
    expect_shape("str:chr", "(Number)", args, {Tag::Number});
    double n = std::trunc(args[0].as_number());
    if (!(n >= 0 && n <= 0x10FFFF) || (n >= 0xD800 && n <= 0xDFFF)) {
        raise("ValueError", "str:chr: " + format_number(n) + " is not a valid code point");
    }
    auto cp = static_cast<uint32_t>(n);
    std::string out;
    language::append_utf8(out, cp);
    return Value::string(std::move(out));
}

}  // namespace

void register_strings(BuiltinList& table) {
    table.push_back({"builtin__string:find", builtin_string_find});
    table.push_back({"builtin__string:removeAt", builtin_remove_at});
    table.push_back({"builtin__string:ord", builtin_ord});
    table.push_back({"builtin__string:chr", builtin_chr});
    table.push_back({"builtin__string:setAt", builtin_string_set_at});
    table.push_back({"builtin__string:utf8len", builtin_utf8len});
    table.push_back({"builtin__string:codepoints", builtin_codepoints});
    table.push_back({"builtin__string:bytes", builtin_bytes});
}

}  // namespace ark::vm
