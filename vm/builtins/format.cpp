// format (4.0+; str:format before): the subset of {fmt}/Python replacement fields ArkScript programs
// use. Fields: `{}` `{0}`, then `:[[fill]align][sign][#][0][width][.precision][type]`.
// Integer presentation types `d x X o b B c` (4.4+; `#` adds 0x/0X/0/0b/0B)
// take numbers with no fractional part; `?` writes a string quoted and escaped.
// A list argument has its own specifiers (4.4+, LANGUAGE-4.8 §6.6, upstream's
// list formatter over {fmt}'s range syntax), see parse_list_spec.
// Any error -> ValueError (LANGUAGE.md §6.3) with {fmt}'s reason.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "../context.hpp"
#include "../printer.hpp"
#include "family.hpp"

namespace ark::vm {

namespace {

constexpr size_t kMaxWidth = 1u << 20;  // larger widths/precisions are "number is too big"

struct FormatError {
    const char* reason;
};

struct Spec {
    std::string fill = " ";
    char align = 0;  // '<' '>' '^' or 0 for the default of the value's kind
    char sign = 0;   // '+' '-' ' ' or 0
    bool alternate = false;
    bool zero_pad = false;
    size_t width = 0;
    std::optional<size_t> precision;
    char type = 0;
};

size_t utf8_length(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

// Byte length of the UTF-8 sequence starting with `lead` (1 for invalid bytes).
size_t utf8_sequence_length(unsigned char lead) {
    if (lead >= 0xF0 && lead < 0xF8) return 4;
    if (lead >= 0xE0) return lead < 0xF0 ? 3 : 1;
    if (lead >= 0xC0) return 2;
    return 1;
}

bool is_align(char c) { return c == '<' || c == '>' || c == '^'; }

size_t parse_count(std::string_view spec, size_t& i) {
    size_t value = 0;
    while (i < spec.size() && spec[i] >= '0' && spec[i] <= '9') {
        value = value * 10 + static_cast<size_t>(spec[i] - '0');
        if (value > kMaxWidth) throw FormatError{"number is too big"};
        ++i;
    }
    return value;
}

Spec parse_spec(std::string_view text) {
    Spec spec;
    size_t i = 0;
    if (!text.empty()) {
        size_t first = std::min(utf8_sequence_length(static_cast<unsigned char>(text[0])), text.size());
        if (first < text.size() && is_align(text[first])) {
            if (text[0] == '{' || text[0] == '}') throw FormatError{"invalid fill character"};
            spec.fill = std::string(text.substr(0, first));
            spec.align = text[first];
            i = first + 1;
        } else if (is_align(text[0])) {
            spec.align = text[0];
            i = 1;
        }
    }
    if (i < text.size() && (text[i] == '+' || text[i] == '-' || text[i] == ' ')) spec.sign = text[i++];
    if (i < text.size() && text[i] == '#') {
        spec.alternate = true;
        ++i;
    }
    if (i < text.size() && text[i] == '0') {
        spec.zero_pad = true;
        ++i;
    }
    spec.width = parse_count(text, i);
    if (i < text.size() && text[i] == '.') {
        ++i;
        if (i >= text.size() || text[i] < '0' || text[i] > '9') throw FormatError{"missing precision specifier"};
        spec.precision = parse_count(text, i);
    }
    if (i < text.size()) spec.type = text[i++];
    if (i != text.size()) throw FormatError{"invalid format specifier"};
    return spec;
}

std::string pad(std::string body, const Spec& spec, char default_align) {
    size_t length = utf8_length(body);
    if (length >= spec.width) return body;
    size_t total = spec.width - length;
    size_t left = 0;
    switch (spec.align ? spec.align : default_align) {
        case '>': left = total; break;
        case '^': left = total / 2; break;
        default: break;
    }
    std::string out;
    for (size_t k = 0; k < left; ++k) out += spec.fill;
    out += body;
    for (size_t k = left; k < total; ++k) out += spec.fill;
    return out;
}

std::string printf_double(const char* conversion, int precision, double d) {
    char format[16];
    std::snprintf(format, sizeof format, "%%.*%s", conversion);
    int n = std::snprintf(nullptr, 0, format, precision, d);
    std::string out(static_cast<size_t>(n), '\0');
    std::snprintf(out.data(), out.size() + 1, format, precision, d);
    return out;
}

bool is_integer_type(char type) {
    return type == 'd' || type == 'x' || type == 'X' || type == 'o' || type == 'b' || type == 'B' || type == 'c';
}

// The digits of an integral |d| in the base of an integer presentation type;
// `prefix` gets what `#` adds. `c` is the UTF-8 encoding of the code point.
std::string integer_digits(double magnitude, const Spec& spec, std::string& prefix) {
    if (!std::isfinite(magnitude) || std::trunc(magnitude) != magnitude || magnitude >= 9007199254740992.0)
        throw FormatError{"integer presentation type needs an integral number"};
    auto n = static_cast<uint64_t>(magnitude);
    if (spec.type == 'c') {
        if (n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF)) throw FormatError{"invalid code point"};
        std::string out;
        if (n < 0x80) out += static_cast<char>(n);
        else if (n < 0x800) out += {static_cast<char>(0xC0 | (n >> 6)), static_cast<char>(0x80 | (n & 0x3F))};
        else if (n < 0x10000)
            out += {static_cast<char>(0xE0 | (n >> 12)), static_cast<char>(0x80 | ((n >> 6) & 0x3F)), static_cast<char>(0x80 | (n & 0x3F))};
        else
            out += {static_cast<char>(0xF0 | (n >> 18)), static_cast<char>(0x80 | ((n >> 12) & 0x3F)),
                    static_cast<char>(0x80 | ((n >> 6) & 0x3F)), static_cast<char>(0x80 | (n & 0x3F))};
        return out;
    }
    const unsigned base = spec.type == 'd' ? 10 : spec.type == 'o' ? 8 : (spec.type == 'b' || spec.type == 'B') ? 2 : 16;
    const char* symbols = spec.type == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    std::string digits;
    do {
        digits.insert(digits.begin(), symbols[n % base]);
        n /= base;
    } while (n);
    if (spec.alternate) {
        switch (spec.type) {
            case 'x': prefix = "0x"; break;
            case 'X': prefix = "0X"; break;
            case 'b': prefix = "0b"; break;
            case 'B': prefix = "0B"; break;
            case 'o': if (digits != "0") prefix = "0"; break;
            default: break;
        }
    }
    return digits;
}

std::string format_double(double d, const Spec& spec) {
    bool negative = std::signbit(d) && !std::isnan(d);
    double magnitude = std::fabs(d);
    int precision = spec.precision ? static_cast<int>(*spec.precision) : 6;
    std::string digits, prefix;
    bool upper = spec.type == 'F' || spec.type == 'E' || spec.type == 'G' || spec.type == 'A';
    if (is_integer_type(spec.type)) {
        if (spec.precision) throw FormatError{"precision not allowed for integral argument format specifier"};
        digits = integer_digits(magnitude, spec, prefix);
        if (spec.type == 'c') negative = false;
    } else if (std::isnan(d) || std::isinf(d)) {
        digits = std::isnan(d) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
    } else {
        switch (spec.type) {
            case 0:
                digits = spec.precision ? printf_double(spec.alternate ? "#g" : "g", precision, magnitude)
                                        : format_number(magnitude);
                break;
            case 'f': case 'F': digits = printf_double(spec.alternate ? "#f" : "f", precision, magnitude); break;
            case 'e': digits = printf_double(spec.alternate ? "#e" : "e", precision, magnitude); break;
            case 'E': digits = printf_double(spec.alternate ? "#E" : "E", precision, magnitude); break;
            case 'g': digits = printf_double(spec.alternate ? "#g" : "g", precision, magnitude); break;
            case 'G': digits = printf_double(spec.alternate ? "#G" : "G", precision, magnitude); break;
            case 'a': digits = printf_double("a", precision, magnitude); break;
            case 'A': digits = printf_double("A", precision, magnitude); break;
            case '%':
                digits = printf_double(spec.alternate ? "#f" : "f", precision, magnitude * 100);
                digits += '%';
                break;
            default: throw FormatError{"invalid format specifier"};
        }
    }
    std::string sign;
    if (negative) sign = "-";
    else if (spec.sign == '+') sign = "+";
    else if (spec.sign == ' ') sign = " ";
    sign += prefix;  // `#`'s 0x / 0b / 0 go before any zero padding

    // Zero padding goes between the sign and the digits, and only for finite numbers.
    if (spec.zero_pad && !spec.align && std::isfinite(d)) {
        size_t length = sign.size() + digits.size();
        if (length < spec.width) digits.insert(0, spec.width - length, '0');
        return sign + digits;
    }
    return pad(sign + digits, spec, '>');
}

// What a text (string, nil, bool, any non-number, a list's element) accepts:
// no sign, `#` or `0`, type `s` or `?`. Checked where the spec is read, so a
// list's element spec is refused even when the list is empty (as {fmt} does).
void check_text_spec(const Spec& spec) {
    if (spec.sign || spec.alternate || spec.zero_pad) throw FormatError{"format specifier requires numeric argument"};
    if (spec.type != 0 && spec.type != 's' && spec.type != '?') throw FormatError{"invalid format specifier"};
}

void append_byte_escape(std::string& out, unsigned char byte) {
    static const char* hex = "0123456789abcdef";
    out += "\\x";
    out += hex[byte >> 4];
    out += hex[byte & 0xF];
}

// {fmt}'s debug presentation (`?`) of a string: quoted; tab, newline,
// carriage return, `"` and backslash escaped (\t \n \r \" and a doubled
// backslash); other control characters (C0, DEL, C1) as \xNN, and each byte
// that is not UTF-8 as \xNN. Every other code point is kept as it is ({fmt}
// also escapes the few non-printable code points above U+00A0; we do not).
std::string debug_quoted(const std::string& text) {
    std::string out = "\"";
    size_t i = 0;
    while (i < text.size()) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        switch (c) {
            case '\n': out += "\\n"; ++i; continue;
            case '\r': out += "\\r"; ++i; continue;
            case '\t': out += "\\t"; ++i; continue;
            case '"': out += "\\\""; ++i; continue;
            case '\\': out += "\\\\"; ++i; continue;
            default: break;
        }
        if (c < 0x20 || c == 0x7F) {
            append_byte_escape(out, c);
            ++i;
            continue;
        }
        if (c < 0x80) {
            out += static_cast<char>(c);
            ++i;
            continue;
        }
        size_t length = utf8_sequence_length(c);
        bool valid = length > 1 && i + length <= text.size();
        for (size_t k = 1; valid && k < length; ++k) valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
        if (!valid) {
            append_byte_escape(out, c);
            ++i;
            continue;
        }
        if (length == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) {  // U+0080..U+009F
            append_byte_escape(out, static_cast<unsigned char>(text[i + 1]));
        } else {
            out.append(text, i, length);
        }
        i += length;
    }
    out += '"';
    return out;
}

std::string format_text(std::string text, const Spec& spec) {
    check_text_spec(spec);
    if (spec.precision && *spec.precision < utf8_length(text)) {
        size_t keep = 0, chars = 0;
        while (keep < text.size() && chars < *spec.precision) {
            keep += utf8_sequence_length(static_cast<unsigned char>(text[keep]));
            ++chars;
        }
        text.resize(std::min(keep, text.size()));
    }
    if (spec.type == '?') text = debug_quoted(text);
    return pad(std::move(text), spec, '<');
}

// How a list argument is written (upstream 4.4+): `[a 1 nil]` by default, its
// elements as print writes them (strings unquoted) through the element spec.
//   n   no brackets                      c   ", " between elements
//   l   a newline between elements       nc, nl  both
//   s   the elements' texts joined, in double quotes (nested lists joined too)
//   ?s  the elements' texts joined, written as `?` writes a string
//   :ELEMENT_SPEC  the text spec applied to every element: `{::<10}`
// A nested list is written with the same brackets and separator.
struct ListSpec {
    const char* open = "[";
    const char* close = "]";
    const char* separator = " ";
    enum class Joined { No, Quoted, Debug } joined = Joined::No;
    Spec element;
};

ListSpec parse_list_spec(std::string_view text) {
    ListSpec list;
    if (text.empty()) return list;
    size_t i = 1;
    switch (text[0]) {
        case 'n':
            list.open = list.close = "";
            if (text.size() > 1) {
                if (text[1] == 'c') list.separator = ", ";
                else if (text[1] == 'l') list.separator = "\n";
                else throw FormatError{"invalid format specifier. Expected either :nc or :nl"};
                i = 2;
            }
            break;
        case 'c': list.separator = ", "; break;
        case 'l': list.separator = "\n"; break;
        case '?':
            if (text.size() < 2 || text[1] != 's') throw FormatError{"invalid format specifier. Expected :?s, not :?"};
            list.joined = ListSpec::Joined::Debug;
            i = 2;
            break;
        case 's':
            list.joined = ListSpec::Joined::Quoted;
            list.separator = "";
            break;
        case ':':
            list.element = parse_spec(text.substr(1));
            check_text_spec(list.element);
            return list;
        default: throw FormatError{"invalid format specifier"};
    }
    if (i != text.size()) throw FormatError{"unknown format specifier"};
    return list;
}

// Walks nested lists with an explicit stack (a program can nest them as deep
// as it likes, as print's writer does).
std::string format_list(const Value& root, const ListSpec& spec, const Program& program) {
    struct Open {
        const std::vector<Value>* items;
        size_t next;
    };
    std::string out;
    if (spec.joined == ListSpec::Joined::Debug) {
        for (const Value& item : root.as_list()) out += to_display(item, program);
        return debug_quoted(out);
    }
    const bool quoted = spec.joined == ListSpec::Joined::Quoted;
    out += quoted ? "\"" : spec.open;
    std::vector<Open> stack{{&root.as_list(), 0}};
    while (!stack.empty()) {
        Open& top = stack.back();
        if (top.next == top.items->size()) {
            stack.pop_back();
            if (!quoted && !stack.empty()) out += spec.close;
            continue;
        }
        if (top.next > 0) out += spec.separator;
        const Value& item = (*top.items)[top.next++];
        if (item.is(Tag::List)) {
            if (!quoted) out += spec.open;
            stack.push_back({&item.as_list(), 0});
            continue;
        }
        out += quoted ? to_display(item, program) : format_text(to_display(item, program), spec.element);
    }
    out += quoted ? "\"" : spec.close;
    return out;
}

std::string format_field(const Value& v, std::string_view spec_text, const Program& program) {
    if (v.is(Tag::List)) return format_list(v, parse_list_spec(spec_text), program);
    const Spec spec = parse_spec(spec_text);
    if (v.is_number()) return format_double(v.as_number(), spec);
    return format_text(to_display(v, program), spec);
}

std::string format_all(const std::string& fmt, std::span<const Value> values, const Program& program) {
    std::string out;
    enum class Indexing { None, Automatic, Manual } indexing = Indexing::None;
    size_t next_auto = 0;
    size_t i = 0;
    while (i < fmt.size()) {
        char c = fmt[i];
        if (c == '}') {
            if (i + 1 < fmt.size() && fmt[i + 1] == '}') {
                out += '}';
                i += 2;
                continue;
            }
            throw FormatError{"unmatched '}' in format string"};
        }
        if (c != '{') {
            out += c;
            ++i;
            continue;
        }
        if (i + 1 < fmt.size() && fmt[i + 1] == '{') {
            out += '{';
            i += 2;
            continue;
        }
        size_t close = fmt.find('}', i + 1);
        if (close == std::string::npos) throw FormatError{"missing '}' in format string"};
        std::string_view field(fmt.data() + i + 1, close - i - 1);
        if (field.find('{') != std::string_view::npos) throw FormatError{"invalid format string"};
        size_t colon = field.find(':');
        std::string_view id = field.substr(0, colon);
        size_t index;
        if (id.empty()) {
            if (indexing == Indexing::Manual) throw FormatError{"cannot switch from manual to automatic argument indexing"};
            indexing = Indexing::Automatic;
            index = next_auto++;
        } else {
            size_t k = 0;
            index = parse_count(id, k);
            if (k != id.size()) throw FormatError{"argument not found"};  // named arguments do not exist here
            if (indexing == Indexing::Automatic) throw FormatError{"cannot switch from automatic to manual argument indexing"};
            indexing = Indexing::Manual;
        }
        if (index >= values.size()) throw FormatError{"argument not found"};
        std::string_view spec = colon == std::string_view::npos ? std::string_view{} : field.substr(colon + 1);
        out += format_field(values[index], spec, program);
        i = close + 1;
    }
    return out;
}

Value builtin_format(ExecutionContext& ctx, std::span<Value> args) {
    if (args.size() < 2 || !args[0].is(Tag::String)) raise_type_error("format", "(String, any...)", args);
    const std::string& fmt = args[0].as_string();
    try {
        return Value::string(format_all(fmt, args.subspan(1), ctx.program()));
    } catch (const FormatError& error) {
        size_t n = args.size() - 1;
        raise("ValueError", "format: can not format \"" + fmt + "\" (" + std::to_string(n) +
                                (n == 1 ? " argument" : " arguments") + " provided) because of " + error.reason);
    }
}

}  // namespace

void register_format(BuiltinList& table) {
    table.push_back({"format", builtin_format});
}

}  // namespace ark::vm
