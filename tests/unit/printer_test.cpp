// vm/printer: number layout and value printing (LANGUAGE.md §5.4).
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <memory>

#include "builtins/lock.hpp"
#include "printer.hpp"

using namespace ark::vm;

namespace {

Value closure(uint32_t page, std::vector<std::pair<uint32_t, Value>> fields) {
    auto env = std::make_shared<ClosureEnv>();
    for (auto& [symbol, value] : fields) env->fields.push_back({symbol, symbol, std::move(value)});
    return Value::adopt(Tag::Closure, new ClosureObject(page, env));
}

std::string show(const Value& v) {
    static const Program program = [] {
        Program made;
        made.symbol_names = {"name", "tags", "content"};
        return made;
    }();
    return to_display(v, program);
}

}  // namespace

TEST_CASE("format_number: every example of §5.4", "[vm][printer]") {
    auto [value, text] = GENERATE(table<double, const char*>({
        {1, "1"},
        {-7, "-7"},
        {2.5, "2.5"},
        {0.1, "0.1"},
        {0.1 + 0.2, "0.30000000000000004"},
        {1e15, "1000000000000000"},
        {1e16, "1e+16"},
        {123456789012345678.0, "1.2345678901234568e+17"},
        {0.0001, "0.0001"},
        {0.00001, "1e-05"},
        {2.5e-7, "2.5e-07"},
        {-0.0, "-0"},
        {0.0, "0"},
        {1.0 / 3, "0.3333333333333333"},
        {1500, "1500"},
        {12.0, "12"},
        {3.141592653589793, "3.141592653589793"},
        {1e100, "1e+100"},
        {-1.5e-300, "-1.5e-300"},
        {9999999999999998.0, "9999999999999998"},
        {123.456, "123.456"},
        {5e-324, "5e-324"},
    }));
    CAPTURE(value);
    CHECK(format_number(value) == text);
}

TEST_CASE("format_number: infinities and NaN", "[vm][printer]") {
    CHECK(format_number(std::numeric_limits<double>::infinity()) == "inf");
    CHECK(format_number(-std::numeric_limits<double>::infinity()) == "-inf");
    CHECK(format_number(std::nan("")) == "nan");
    CHECK(format_number(-std::nan("")) == "nan");
}

TEST_CASE("append_value: primitives and lists", "[vm][printer]") {
    CHECK(show(Value::string("raw \"text\"")) == "raw \"text\"");
    CHECK(show(Value::nil()) == "nil");
    CHECK(show(Value::boolean(true)) == "true");
    CHECK(show(Value::boolean(false)) == "false");
    CHECK(show(Value::undefined()) == "undefined");
    CHECK(show(Value::function(3)) == "Function@3");
    CHECK(show(Value::cproc(0)) == "CProcedure");
    CHECK(show(Value::list({})) == "[]");
    Value nested = Value::list({Value::number(1), Value::string("a"), Value::nil(), Value::boolean(true),
                                Value::list({Value::number(2), Value::list({Value::string("b")})})});
    CHECK(show(nested) == "[1 \"a\" nil true [2 [\"b\"]]]");
    CHECK(show(Value::list({Value::list({})})) == "[[]]");
}

TEST_CASE("append_value: closures and user types", "[vm][printer]") {
    Value tags = Value::list({Value::string("x")});
    CHECK(show(closure(1, {{0, Value::string("ana")}, {1, tags}})) == "(.name=ana .tags=[\"x\"])");
    Value inner = closure(2, {{2, Value::string("deep")}});
    CHECK(show(closure(2, {{2, inner}})) == "(.content=(.content=deep))");
    CHECK(show(closure(2, {})) == "()");
    // A field prints under its name, not the variable it binds (LANGUAGE-4.8 §3.5).
    auto renamed = std::make_shared<ClosureEnv>();
    renamed->fields.push_back({2, 0, Value::string("short")});
    CHECK(show(Value::adopt(Tag::Closure, new ClosureObject(1, renamed))) == "(.name=short)");
    // Inside a list the closure's own fields still print with top-level rules.
    CHECK(show(Value::list({closure(1, {{0, Value::string("bo")}})})) == "[(.name=bo)]");
    CHECK(show(Value::adopt(Tag::UserType, new LockObject())) == "UserType<Lock>");
}

TEST_CASE("append_value: a closure whose environment contains itself stops", "[vm][printer]") {
    auto env = std::make_shared<ClosureEnv>();
    Value self = Value::adopt(Tag::Closure, new ClosureObject(1, env));
    env->fields.push_back({0, 0, self});
    std::string text = show(self);
    CHECK(text.starts_with("(.name=(.name="));
    CHECK(text.find("(...)") != std::string::npos);
    env->fields.clear();  // break the cycle so the test does not leak
}

TEST_CASE("type_name: §5.1", "[vm][printer]") {
    CHECK(std::string(type_name(Value::number(1))) == "Number");
    CHECK(std::string(type_name(Value::string("s"))) == "String");
    CHECK(std::string(type_name(Value::list({}))) == "List");
    CHECK(std::string(type_name(Value::function(0))) == "Function");
    CHECK(std::string(type_name(Value::cproc(0))) == "CProc");
    CHECK(std::string(type_name(closure(0, {}))) == "Closure");
    CHECK(std::string(type_name(Value::adopt(Tag::UserType, new LockObject()))) == "UserType");
    CHECK(std::string(type_name(Value::nil())) == "Nil");
    CHECK(std::string(type_name(Value::boolean(false))) == "Bool");
    CHECK(std::string(type_name(Value::undefined())) == "Undefined");
}
