// vm/operators and vm/compare: operator semantics and the exact error
// messages of LANGUAGE.md §6.1-6.2 and §8.3.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <memory>
#include <vector>

#include "compare.hpp"
#include "errors.hpp"
#include "operators.hpp"
#include "printer.hpp"

using namespace ark::vm;

namespace {

const Program& program() {
    static const Program p = [] {
        Program made;
        made.symbol_names = {"a", "b"};
        return made;
    }();
    return p;
}

Value num(double d) { return Value::number(d); }
Value str(const char* s) { return Value::string(s); }
Value list(std::vector<Value> items) { return Value::list(std::move(items)); }
Value closure(uint32_t page, std::vector<std::pair<uint32_t, Value>> fields) {
    auto env = std::make_shared<ClosureEnv>();
    for (auto& [symbol, value] : fields) env->fields.push_back({symbol, symbol, std::move(value)});
    return Value::adopt(Tag::Closure, new ClosureObject(page, env));
}

std::string show(const Value& v) { return to_display(v, program()); }

// "KIND: message" of the ArkError `f` raises, or "no error".
std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const ArkError& e) {
        return e.kind_name() + ": " + e.message;
    }
    return "no error";
}

std::string run(Value (*op)(std::span<const Value>), std::vector<Value> args) {
    return show(op(args));
}

}  // namespace

TEST_CASE("arithmetic", "[vm][operators]") {
    SECTION("folds left") {
        CHECK(run(op_add, {num(1), num(2), num(3), num(4), num(5)}) == "15");
        CHECK(run(op_sub, {num(100), num(1), num(10)}) == "89");
        CHECK(run(op_mul, {num(1), num(2), num(3), num(4)}) == "24");
        CHECK(run(op_div, {num(64), num(2), num(2), num(2)}) == "8");
        CHECK(run(op_div, {num(9), num(2)}) == "4.5");
        CHECK(run(op_add, {num(0.1), num(0.2)}) == "0.30000000000000004");
    }
    SECTION("mod is C fmod") {
        CHECK(run(op_mod, {num(17), num(5)}) == "2");
        CHECK(run(op_mod, {num(-17), num(5)}) == "-2");
        CHECK(run(op_mod, {num(17), num(-5)}) == "2");
        CHECK(run(op_mod, {num(5.5), num(2)}) == "1.5");
        CHECK(run(op_mod, {num(12), num(4), num(5)}) == "0");
        CHECK(run(op_mod, {num(3), num(0)}) == "nan");
    }
    SECTION("string concatenation") {
        CHECK(run(op_add, {str("hello"), str(", "), str("world")}) == "hello, world");
        CHECK(show(op_add(str("a"), str("b"))) == "ab");
    }
    SECTION("binary overloads") {
        CHECK(show(op_add(num(1), num(2))) == "3");
        CHECK(show(op_sub(num(10), num(4))) == "6");
        CHECK(show(op_mul(num(6), num(7))) == "42");
        CHECK(show(op_div(num(1), num(4))) == "0.25");
        CHECK(show(op_mod(num(7), num(4))) == "3");
        CHECK(show(op_mul(num(-1), num(0))) == "-0");
    }
    SECTION("type errors name the first offending pair") {
        CHECK(error_of([] { op_add(num(1), str("a")); }) ==
              "TypeError: Function + expected (Number, Number) or (String, String), got (Number, String)");
        CHECK(error_of([] { run(op_add, {str("item "), str("x"), num(3)}); }) ==
              "TypeError: Function + expected (Number, Number) or (String, String), got (String, Number)");
        CHECK(error_of([] { run(op_add, {Value::nil(), num(1)}); }) ==
              "TypeError: Function + expected (Number, Number) or (String, String), got (Nil, Number)");
        CHECK(error_of([] { run(op_sub, {num(1), num(2), list({})}); }) ==
              "TypeError: Function - expected (Number, Number), got (Number, List)");
        CHECK(error_of([] { op_mul(str("a"), num(2)); }) == "TypeError: Function * expected (Number, Number), got (String, Number)");
        CHECK(error_of([] { op_mod(num(1), Value::boolean(true)); }) ==
              "TypeError: Function mod expected (Number, Number), got (Number, Bool)");
    }
    SECTION("division by zero") {
        CHECK(error_of([] { op_div(num(1), num(0)); }) == "DivisionByZero: Can not compute expression (/ 1 0)");
        CHECK(error_of([] { run(op_div, {num(8), num(2), num(-0.0)}); }) ==
              "DivisionByZero: Can not compute expression (/ 4 -0)");
        CHECK(error_of([] { op_div(num(2.5), num(0)); }) == "DivisionByZero: Can not compute expression (/ 2.5 0)");
    }
}

TEST_CASE("equality and ordering (§5.3)", "[vm][compare]") {
    SECTION("different kinds are never equal") {
        CHECK_FALSE(values_equal(num(0), Value::boolean(false)));
        CHECK_FALSE(values_equal(Value::nil(), Value::boolean(false)));
        CHECK_FALSE(values_equal(str("1"), num(1)));
        CHECK_FALSE(values_equal(list({}), str("")));
        CHECK_FALSE(values_equal(Value::boolean(true), Value::boolean(false)));
    }
    SECTION("same kind") {
        CHECK(values_equal(num(1), num(1.0)));
        CHECK_FALSE(values_equal(num(NAN), num(NAN)));
        CHECK(values_equal(list({num(1), list({num(2), str("3")})}), list({num(1), list({num(2), str("3")})})));
        CHECK_FALSE(values_equal(list({}), list({Value::nil()})));
        CHECK(values_equal(Value::nil(), Value::nil()));
        CHECK(values_equal(Value::undefined(), Value::undefined()));
        CHECK(values_equal(Value::function(2), Value::function(2)));
        CHECK_FALSE(values_equal(Value::function(2), Value::function(3)));
        CHECK(values_equal(Value::cproc(5), Value::cproc(5)));
    }
    SECTION("closures compare code and captured fields") {
        CHECK(values_equal(closure(1, {{0, num(1)}}), closure(1, {{0, num(1)}})));
        CHECK_FALSE(values_equal(closure(1, {{0, num(1)}}), closure(1, {{0, num(2)}})));
        CHECK_FALSE(values_equal(closure(1, {{0, num(1)}}), closure(2, {{0, num(1)}})));
        CHECK_FALSE(values_equal(closure(1, {{0, num(1)}}), closure(1, {{1, num(1)}})));
        CHECK_FALSE(values_equal(closure(1, {{0, num(1)}, {1, num(2)}}), closure(1, {{1, num(2)}, {0, num(1)}})));
        Value c = closure(1, {{0, num(1)}});
        Value same = c;
        CHECK(values_equal(c, same));
        // Two closure objects sharing one environment: equal without locking it twice.
        auto env = std::make_shared<ClosureEnv>();
        Value x = Value::adopt(Tag::Closure, new ClosureObject(4, env));
        Value y = Value::adopt(Tag::Closure, new ClosureObject(4, env));
        std::lock_guard held(env->mutex);  // would deadlock if compare locked it
        CHECK(values_equal(x, y));
    }
    SECTION("ordering") {
        CHECK(value_less(num(1), num(2)));
        CHECK(value_less(str("abc"), str("abd")));
        CHECK(value_less(str("Zebra"), str("apple")));
        CHECK(value_less(str("a"), str("\xc3\xa9")));  // unsigned bytes
        CHECK(value_less(str("ab"), str("abc")));
        CHECK(value_less(list({num(1), num(2)}), list({num(1), num(3)})));
        CHECK(value_less(list({num(1), num(2)}), list({num(1), num(2), num(0)})));
        CHECK_FALSE(value_less(list({num(1), num(2)}), list({num(1), num(2)})));
        CHECK(value_less(list({}), num(1)));
        CHECK(value_less(num(1), str("a")));
        CHECK(value_less(Value::nil(), Value::boolean(true)));
        CHECK(value_less(Value::boolean(true), Value::boolean(false)));
        CHECK_FALSE(value_less(Value::boolean(false), Value::boolean(true)));
        CHECK(value_less(Value::boolean(false), Value::undefined()));
    }
    SECTION("derived operators") {
        CHECK(show(op_gt(str("b"), str("abc"))) == "true");
        CHECK(show(op_le(num(2), num(2))) == "true");
        CHECK(show(op_ge(num(2), num(3))) == "false");
        CHECK(show(op_ne(num(1), num(2))) == "true");
        CHECK(show(op_eq(str("x"), str("x"))) == "true");
        CHECK(show(op_lt(num(NAN), num(1))) == "false");
        CHECK(show(op_gt(num(NAN), num(1))) == "true");  // a != b and not a < b
        CHECK(show(op_ge(num(NAN), num(1))) == "true");
    }
    SECTION("values of different types are not ordered (4.2+)") {
        for (const auto& [a, b] : std::vector<std::pair<Value, Value>>{
                 {num(1), str("a")}, {list({}), num(1)}, {Value::nil(), Value::boolean(true)}, {str("1"), num(1)}}) {
            CHECK(show(op_lt(a, b)) == "false");
            CHECK(show(op_gt(a, b)) == "false");
            CHECK(show(op_le(a, b)) == "false");
            CHECK(show(op_ge(a, b)) == "false");
            CHECK(show(op_eq(a, b)) == "false");
            CHECK(show(op_ne(a, b)) == "true");
        }
        // true and false are one type, Bool
        CHECK(show(op_lt(Value::boolean(true), Value::boolean(false))) == "true");
        CHECK(show(op_ge(Value::boolean(false), Value::boolean(true))) == "true");
    }
}

TEST_CASE("unary operators", "[vm][operators]") {
    CHECK(show(op_not(num(0))) == "true");
    CHECK(show(op_not(str("text"))) == "false");
    CHECK(show(op_not(Value::nil())) == "true");
    CHECK(show(op_is_nil(Value::nil())) == "true");
    CHECK(show(op_is_nil(Value::boolean(false))) == "false");
    CHECK(show(op_len(str("\xc3\xa9t\xc3\xa9"))) == "5");
    CHECK(show(op_len(list({list({}), list({})}))) == "2");
    CHECK(show(op_empty(str(""))) == "true");
    CHECK(show(op_empty(list({Value::nil()}))) == "false");
    CHECK(show(op_head(str("hello"))) == "h");
    CHECK(show(op_head(str(""))) == "");
    CHECK(show(op_head(list({}))) == "nil");
    CHECK(show(op_head(list({num(10), num(20)}))) == "10");
    CHECK(show(op_tail(str("hello"))) == "ello");
    CHECK(show(op_tail(str("x"))) == "");
    CHECK(show(op_tail(list({}))) == "[]");
    CHECK(show(op_tail(list({num(10), num(20), num(30)}))) == "[20 30]");
    CHECK(show(op_type(Value::boolean(true))) == "Bool");
    CHECK(show(op_to_string(list({str("a"), num(1)}), program())) == "[\"a\" 1]");
    CHECK(show(op_to_string(num(12.0), program())) == "12");
    CHECK(error_of([] { op_len(num(5)); }) == "TypeError: Function len expected (List) or (String) or (Dict), got (Number)");
    CHECK(show(op_empty(Value::nil())) == "true");
    CHECK(error_of([] { op_head(num(1)); }) == "TypeError: Function head expected (List) or (String), got (Number)");
    CHECK(error_of([] { op_tail(Value::boolean(true)); }) == "TypeError: Function tail expected (List) or (String), got (Bool)");
}

TEST_CASE("toNumber", "[vm][operators]") {
    auto [text, result] = GENERATE(table<const char*, const char*>({
        {"3.5", "3.5"}, {"-12", "-12"}, {"twelve", "nil"}, {"", "nil"}, {"  42", "42"}, {"42 ", "nil"},
        {"4x", "nil"}, {"0x10", "16"}, {"1e3", "1000"}, {"nan", "nan"}, {"-inf", "-inf"}, {"inf", "nil"},
        {"1e400", "nil"}, {".5", "0.5"}, {"+5", "5"},
    }));
    CAPTURE(text);
    CHECK(show(op_to_number(str(text))) == result);
    CHECK(error_of([] { op_to_number(num(1)); }) == "TypeError: Function toNumber expected (String), got (Number)");
}

TEST_CASE("@ indexing", "[vm][operators]") {
    Value xs = list({num(1), num(2), num(3)});
    CHECK(show(op_at(xs, num(0), program())) == "1");
    CHECK(show(op_at(xs, num(-1), program())) == "3");
    CHECK(show(op_at(xs, num(-3), program())) == "1");
    CHECK(show(op_at(xs, num(1.9), program())) == "2");
    CHECK(show(op_at(xs, num(-0.5), program())) == "1");
    CHECK(show(op_at(str("hello"), num(-1), program())) == "o");
    CHECK(error_of([] { op_at(list({num(1), num(2)}), num(5), program()); }) == "IndexError: 5 out of range [1 2] (length 2)");
    CHECK(error_of([] { op_at(str("ab"), num(9), program()); }) == "IndexError: 9 out of range \"ab\" (length 2)");
    CHECK(error_of([] { op_at(list({num(1), num(2)}), num(-3), program()); }) == "IndexError: -3 out of range [1 2] (length 2)");
    CHECK(error_of([] { op_at(list({}), num(NAN), program()); }) == "IndexError: nan out of range [] (length 0)");
    CHECK(error_of([] { op_at(num(1), num(0), program()); }) ==
          "TypeError: Function @ expected (List, Number) or (String, Number) or (Dict, any), got (Number, Number)");
}

TEST_CASE("hasField and assert", "[vm][operators]") {
    Value c = closure(1, {{0, num(1)}});
    CHECK(show(op_has_field(c, str("a"), program())) == "true");
    CHECK(show(op_has_field(c, str("b"), program())) == "false");
    // A field is found by its name, not by the variable it binds (a package's
    // `&n` binds `pkg:n` and makes `.n`, LANGUAGE-4.8 §3.5).
    auto renamed = std::make_shared<ClosureEnv>();
    renamed->fields.push_back({0, 1, num(1)});
    Value r = Value::adopt(Tag::Closure, new ClosureObject(1, renamed));
    CHECK(show(op_has_field(r, str("b"), program())) == "true");
    CHECK(show(op_has_field(r, str("a"), program())) == "false");
    CHECK(error_of([&] { op_has_field(num(1), str("a"), program()); }) ==
          "TypeError: Function hasField expected (Closure, String), got (Number, String)");
    CHECK(error_of([] { op_assert(Value::boolean(true), str("fine")); }) == "no error");
    CHECK(error_of([] { op_assert(Value::boolean(false), str("boom")); }) == "AssertionFailed: boom");
    CHECK(error_of([] { op_assert(num(0), str("zero")); }) == "AssertionFailed: zero");
    CHECK(error_of([] { op_assert(num(1), num(2)); }) == "TypeError: Function assert expected (any, String), got (Number, Number)");
}

TEST_CASE("list instructions", "[vm][operators]") {
    Value nums = list({num(10), num(20), num(30), num(40)});
    auto call = [](Value (*op)(std::span<Value>), std::vector<Value> args) { return show(op(args)); };
    CHECK(call(op_list, {num(1), str("two"), Value::nil()}) == "[1 \"two\" nil]");
    CHECK(call(op_list, {}) == "[]");
    CHECK(call(op_append, {nums, num(50), num(60)}) == "[10 20 30 40 50 60]");
    CHECK(call(op_append, {list({}), list({})}) == "[[]]");
    CHECK(call(op_concat, {nums, list({num(1), num(2)}), list({num(3)})}) == "[10 20 30 40 1 2 3]");
    CHECK(call(op_concat, {list({}), list({})}) == "[]");
    CHECK(call(op_pop, {nums, num(0)}) == "[20 30 40]");
    CHECK(call(op_pop, {nums, num(-1)}) == "[10 20 30]");
    CHECK(call(op_pop, {nums, num(-4)}) == "[20 30 40]");
    CHECK(show(nums) == "[10 20 30 40]");  // the operands are values: untouched
    CHECK(error_of([&] { call(op_pop, {list({num(1)}), num(3)}); }) == "IndexError: pop index (3) out of range (list size: 1)");
    CHECK(error_of([&] { call(op_pop, {list({num(1)}), num(-2)}); }) == "IndexError: pop index (-2) out of range (list size: 1)");
    CHECK(error_of([&] { call(op_append, {num(1), num(2)}); }) ==
          "TypeError: Function append expected (List, any...), got (Number, Number)");
    CHECK(error_of([&] { call(op_concat, {list({}), num(2)}); }) ==
          "TypeError: Function concat expected (List, List...), got (List, Number)");
    CHECK(error_of([&] { call(op_pop, {list({}), str("0")}); }) == "TypeError: Function pop expected (List, Number), got (List, String)");
}

TEST_CASE("in-place list instructions", "[vm][operators]") {
    Value stack = list({});
    Value alias = stack;  // another variable sharing the storage: must not change
    std::vector<Value> one{num(1)};
    append_in_place(stack, one);
    std::vector<Value> two{num(2), num(3)};
    append_in_place(stack, two);
    CHECK(show(stack) == "[1 2 3]");
    CHECK(show(alias) == "[]");
    std::vector<Value> lists{list({num(4), num(5)}), list({num(6)})};
    concat_in_place(stack, lists);
    CHECK(show(stack) == "[1 2 3 4 5 6]");
    pop_in_place(stack, num(-1));
    pop_in_place(stack, num(0));
    CHECK(show(stack) == "[2 3 4 5]");
    CHECK(error_of([&] { pop_in_place(stack, num(9)); }) == "IndexError: pop! index (9) out of range (list size: 4)");
    Value not_list = num(1);
    CHECK(error_of([&] {
        std::vector<Value> v{num(2)};
        append_in_place(not_list, v);
    }) == "TypeError: Function append! expected (List, any...), got (Number, Number)");
    CHECK(error_of([&] {
        std::vector<Value> v{num(2)};
        concat_in_place(stack, v);
    }) == "TypeError: Function concat! expected (List, List...), got (List, Number)");
    CHECK(error_of([&] { pop_in_place(not_list, num(0)); }) == "TypeError: Function pop! expected (List, Number), got (Number, Number)");
}

TEST_CASE("@@, @= and @@= (4.0+)", "[vm][operators]") {
    const Value grid = list({list({num(1), num(2)}), str("ab")});
    CHECK(show(op_at_at(grid, num(0), num(1), program())) == "2");
    CHECK(show(op_at_at(grid, num(-1), num(-1), program())) == "b");
    CHECK(error_of([&] { op_at_at(grid, num(0), num(5), program()); }) == "IndexError: 5 out of range [1 2] (length 2)");
    CHECK(error_of([&] { op_at_at(list({num(1)}), num(0), num(0), program()); }) ==
          "TypeError: Function @@ expected (List of Lists or Strings, Number, Number), got (List, Number, Number)");

    Value cell = grid;
    const Value alias = cell;  // value semantics: the alias keeps its elements
    CHECK(show(set_at_at_in_place(cell, num(0), num(-1), str("x"), program())) == "x");
    CHECK(show(set_at_at_in_place(cell, num(1), num(0), str("z"), program())) == "z");
    CHECK(show(cell) == "[[1 \"x\"] \"zb\"]");
    CHECK(show(alias) == "[[1 2] \"ab\"]");
    CHECK(show(set_at_in_place(cell, num(1), num(7), program())) == "7");
    CHECK(show(cell) == "[[1 \"x\"] 7]");
    CHECK(error_of([&] { set_at_in_place(cell, num(-3), num(0), program()); }) ==
          "IndexError: @= index (-3) out of range [[1 \"x\"] 7] (length 2)");
    Value text = str("abc");
    CHECK(error_of([&] { set_at_in_place(text, num(0), str(""), program()); }) ==
          "TypeError: Function @= expected (String, Number, a one-character String), got (String, Number, String)");
    CHECK(error_of([&] { set_at_at_in_place(text, num(0), num(0), str("x"), program()); }) ==
          "TypeError: Function @@= expected (List, Number, Number, any), got (String, Number, Number, String)");
}

TEST_CASE("describe_types", "[vm][operators]") {
    CHECK(describe_types({}) == "()");
    std::vector<Value> args{num(1), str("a"), Value::cproc(0), Value::undefined()};
    CHECK(describe_types(args) == "(Number, String, CProc, Undefined)");
    CHECK(error_of([] { raise_type_error("list:reverse", "(List)", {}); }) == "TypeError: Function list:reverse expected (List), got ()");
}
