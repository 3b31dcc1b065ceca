// Number layout is ours: std::to_chars gives the shortest round-trip digits,
// then we place the decimal point like Python's repr(float) and drop a
// trailing ".0".
#include "number_format.hpp"

#include <charconv>
#include <cmath>
#include <string_view>
#include <system_error>

namespace ark::language {

namespace {

void append_exponent(std::string& out, int exponent) {
    out += 'e';
    out += exponent < 0 ? '-' : '+';
    int magnitude = exponent < 0 ? -exponent : exponent;
    if (magnitude < 10) out += '0';
    out += std::to_string(magnitude);
}

}  // namespace

std::string format_number(double d) {
    if (std::isnan(d)) return "nan";
    if (std::isinf(d)) return d < 0 ? "-inf" : "inf";
    // Fast path for the common case, integers printed in fixed notation.
    if (d == 0) return std::signbit(d) ? "-0" : "0";
    if (std::fabs(d) < 1e16 && d == std::trunc(d)) {
        char buf[24];
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(d));
        if (ec == std::errc{}) return std::string(buf, end);
    }

    // Shortest round-trip digits in scientific form: "-1.2345e+17", "5e-01".
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    if (ec != std::errc{}) return "nan";  // cannot happen with 64 bytes
    std::string_view sci(buf, static_cast<size_t>(end - buf));

    bool negative = false;
    if (!sci.empty() && sci.front() == '-') {
        negative = true;
        sci.remove_prefix(1);
    }
    size_t e_pos = sci.find('e');
    std::string digits;
    for (char c : sci.substr(0, e_pos)) {
        if (c != '.') digits += c;
    }
    int exponent = std::atoi(std::string(sci.substr(e_pos + 1)).c_str());

    std::string out;
    if (negative) out += '-';
    if (exponent < -4 || exponent >= 16) {
        out += digits[0];
        if (digits.size() > 1) {
            out += '.';
            out.append(digits, 1, std::string::npos);
        }
        append_exponent(out, exponent);
        return out;
    }
    if (exponent < 0) {
        out += "0.";
        out.append(static_cast<size_t>(-exponent - 1), '0');
        out += digits;
        return out;
    }
    size_t int_digits = static_cast<size_t>(exponent) + 1;
    if (digits.size() <= int_digits) {
        out += digits;
        out.append(int_digits - digits.size(), '0');
    } else {
        out.append(digits, 0, int_digits);
        out += '.';
        out.append(digits, int_digits, std::string::npos);
    }
    return out;
}

}  // namespace ark::language
