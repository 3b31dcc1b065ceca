// String builtins: str:find, str:removeAt, str:ord, str:chr (byte indices;
// ord/chr speak UTF-8). format lives in format.cpp.
#include <cmath>
#include <string>

#include "../printer.hpp"
#include "family.hpp"
#include "utf8.hpp"

namespace ark::vm {

namespace {

// (string:find s sub [start]): 4.0+ takes where to start (a negative start
// counts from the end, as an index does).
Value builtin_find(ExecutionContext&, std::span<Value> args) {
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

// Code point of the first UTF-8 character, or 0 when the string is empty or
// does not start with a valid (shortest-form, non-surrogate) sequence.
uint32_t first_code_point(const std::string& s) {
    if (s.empty()) return 0;
    auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
    unsigned char lead = byte(0);
    if (lead < 0x80) return lead;
    size_t length;
    uint32_t cp;
    uint32_t min;
    if ((lead & 0xE0) == 0xC0) { length = 2; cp = lead & 0x1F; min = 0x80; }
    else if ((lead & 0xF0) == 0xE0) { length = 3; cp = lead & 0x0F; min = 0x800; }
    else if ((lead & 0xF8) == 0xF0) { length = 4; cp = lead & 0x07; min = 0x10000; }
    else return 0;
    if (s.size() < length) return 0;
    for (size_t i = 1; i < length; ++i) {
        if ((byte(i) & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (byte(i) & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return cp;
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
    table.push_back({"builtin__string:find", builtin_find});
    table.push_back({"builtin__string:removeAt", builtin_remove_at});
    table.push_back({"builtin__string:ord", builtin_ord});
    table.push_back({"builtin__string:chr", builtin_chr});
}

}  // namespace ark::vm
