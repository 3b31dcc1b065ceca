// Calendar builtins std.Datetime wraps (LANGUAGE-4.8 §6.6, 4.7.0):
// builtin__time:asUTCDate (a timestamp as a dict of UTC calendar fields) and
// builtin__time:parseDate (a string read with a std::get_time format, as a
// timestamp). Both use the proleptic Gregorian calendar with 64-bit day counts,
// so every timestamp a double holds exactly (|t| <= 2^53) has a date, years
// before 1970 and before year 0 included; the C library's gmtime/timegm are
// not used because they stop at the limits of time_t or of int years.
#include <cmath>
#include <cstdint>
#include <ctime>
#include <iomanip>
#include <locale>
#include <sstream>
#include <string>

#include "../dict.hpp"
#include "family.hpp"

namespace ark::vm {

namespace {

constexpr int64_t kSecondsPerDay = 86400;

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Days from 1970-01-01 to year-month-day (month 1..12), proleptic Gregorian:
// the era-of-400-years method, exact for any int64 year a double can carry.
int64_t days_from_civil(int64_t year, int64_t month, int64_t day) {
    year -= month <= 2;
    const int64_t era = floor_div(year, 400);
    const int64_t year_of_era = year - era * 400;
    const int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

struct CivilDate {
    int64_t year;
    int64_t month;  // 1..12
    int64_t day;    // 1..31
};

// The inverse of days_from_civil.
CivilDate civil_from_days(int64_t days) {
    days += 719468;
    const int64_t era = floor_div(days, 146097);
    const int64_t day_of_era = days - era * 146097;
    const int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const int64_t mp = (5 * day_of_year + 2) / 153;
    const int64_t day = day_of_year - (153 * mp + 2) / 5 + 1;
    const int64_t month = mp < 10 ? mp + 3 : mp - 9;
    return {year_of_era + era * 400 + (month <= 2), month, day};
}

void set_field(const Value& dict, const char* key, int64_t value) {
    dict_set(dict, Value::string(key), Value::number(static_cast<double>(value)));
}

// `(builtin__time:asUTCDate t)`: the UTC calendar fields of timestamp t (seconds
// since 1970-01-01T00:00:00Z, fractions are milliseconds, truncated), as a dict
// with the keys in upstream's order; week_day counts from Monday (0) and
// year_day from January 1st (0). is_dst is always false in UTC.
Value builtin_as_utc_date(ExecutionContext&, std::span<Value> args) {
    expect_shape("datetime:asUTCDate", "(Number)", args, {Tag::Number});
    const double t = args[0].as_number();
    if (!std::isfinite(t) || std::fabs(t) > 9007199254740992.0)
        raise("ValueError", "datetime:asUTCDate: the timestamp must be a finite number of at most 2^53 seconds");
    double whole = std::floor(t);
    // Micro-second rounding first so that 0.3 (stored as 0.29999...) gives 300 ms.
    double micros = std::round((t - whole) * 1e6);
    if (micros >= 1e6) {
        whole += 1;
        micros = 0;
    }
    const auto seconds = static_cast<int64_t>(whole);
    const int64_t days = floor_div(seconds, kSecondsPerDay);
    const int64_t second_of_day = seconds - days * kSecondsPerDay;
    const CivilDate date = civil_from_days(days);

    Value dict = make_dict();
    set_field(dict, "millisecond", static_cast<int64_t>(micros) / 1000);
    set_field(dict, "second", second_of_day % 60);
    set_field(dict, "minute", second_of_day / 60 % 60);
    set_field(dict, "hour", second_of_day / 3600);
    set_field(dict, "day", date.day);
    set_field(dict, "month", date.month);
    set_field(dict, "year", date.year);
    set_field(dict, "week_day", days + 3 - floor_div(days + 3, 7) * 7);  // 1970-01-01 was a Thursday
    set_field(dict, "year_day", days - days_from_civil(date.year, 1, 1));
    dict_set(dict, Value::string("is_dst"), Value::boolean(false));
    return dict;
}

// `(builtin__time:parseDate text format)`: text read with `format` (std::get_time's
// conversions, C locale) as a UTC timestamp, or nil when the text does not match all of it.
// Fields the format does not give are those of 1970-01-01T00:00:00.
Value builtin_parse_date(ExecutionContext&, std::span<Value> args) {
    expect_shape("datetime:parseAs", "(String, String)", args, {Tag::String, Tag::String});
    std::tm fields{};
    fields.tm_year = 70;
    fields.tm_mday = 1;
    // A unit separator after the text: std::get_time stops quietly where the text ends, so a text
    // missing the last fields of the format fails on it instead (characters after a full match
    // are left unread, as std::get_time does).
    std::istringstream in(args[0].as_string() + '\x1f');
    in.imbue(std::locale::classic());
    in >> std::get_time(&fields, args[1].as_string().c_str());
    if (in.fail()) return Value::nil();
    const int64_t days = days_from_civil(int64_t{fields.tm_year} + 1900, int64_t{fields.tm_mon} + 1, fields.tm_mday);
    const int64_t seconds =
        days * kSecondsPerDay + int64_t{fields.tm_hour} * 3600 + int64_t{fields.tm_min} * 60 + fields.tm_sec;
    return Value::number(static_cast<double>(seconds));
}

}  // namespace

void register_time(BuiltinList& table) {
    table.push_back({"builtin__time:asUTCDate", builtin_as_utc_date});
    table.push_back({"builtin__time:parseDate", builtin_parse_date});
}

}  // namespace ark::vm
