// language/vocabulary.def through its API, and the VM's table built from it.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "builtins/registry.hpp"
#include "operator_values.hpp"
#include "vocabulary.hpp"

using namespace ark;

TEST_CASE("every builtin of the vocabulary has a function, in the vocabulary's order", "[vocabulary]") {
    const auto& table = vm::builtin_table();
    const auto builtins = language::builtins();
    // Then one function value per inline operator (vm/operator_values.hpp).
    size_t inline_operators = 0;
    for (const auto& op : language::operators()) inline_operators += !op.in_place;
    REQUIRE(table.size() == builtins.size() + inline_operators);
    for (size_t i = 0; i < inline_operators; ++i) {
        const auto& op = language::operators()[i];
        CHECK_FALSE(op.in_place);
        CHECK(table[builtins.size() + i].name == op.name);
        CHECK(vm::operator_value_id(op.name) == std::optional<uint32_t>(static_cast<uint32_t>(builtins.size() + i)));
    }
    CHECK_FALSE(vm::operator_value_id("append!").has_value());
    CHECK_FALSE(vm::operator_value_id("print").has_value());
    for (size_t id = 0; id < builtins.size(); ++id) {
        CHECK(table[id].name == builtins[id].name);
        CHECK(table[id].fn != nullptr);
        CHECK(table[id].signature == builtins[id].signature);
        CHECK(vm::find_builtin(builtins[id].name) == std::optional<uint32_t>(static_cast<uint32_t>(id)));
    }
}

TEST_CASE("arities come from the parameter lists", "[vocabulary]") {
    CHECK(language::arity_of_params("").min == 0);
    CHECK(language::arity_of_params("").max == 0);
    CHECK(language::arity_of_params("a b").min == 2);
    CHECK(language::arity_of_params("a b").max == 2);
    CHECK(language::arity_of_params("[prompt]").min == 0);
    CHECK(language::arity_of_params("[prompt]").max == 1);
    CHECK(language::arity_of_params("fmt value...").min == 1);
    CHECK(language::arity_of_params("fmt value...").max == SIZE_MAX);
    const language::BuiltinInfo& print = language::builtins()[*language::find_builtin("print")];
    CHECK(print.min_args == 0);
    CHECK(print.max_args == SIZE_MAX);
    CHECK(print.signature == "(print value...)");
}

TEST_CASE("names are classified once", "[vocabulary]") {
    CHECK(language::find_keyword("while") == language::Keyword::While);
    CHECK_FALSE(language::find_keyword("print"));
    REQUIRE(language::find_operator("not"));
    CHECK(language::find_operator("not")->max_args == 1);
    CHECK_FALSE(language::find_operator("append!"));  // a list instruction, not an operator
    REQUIRE(language::find_in_place("pop!"));
    CHECK(language::find_in_place("pop!")->in_place);
    CHECK(language::find_constant("builtin__math:pi"));
    CHECK(language::find_constant("builtin__sys:args"));
    CHECK_FALSE(language::find_constant("math:pi"));  // std.Math's name since ArkScript 4.0
    for (const char* name : {"let", "+", "append!", "print", "builtin__math:pi", "nil", "format"})
        CHECK(language::is_reserved(name));
    CHECK_FALSE(language::is_reserved("my-print"));
    // No name has two meanings, and every entry has a doc.
    std::set<std::string> seen;
    for (const auto& k : language::keywords()) {
        CHECK(seen.insert(std::string(k.name)).second);
        CHECK_FALSE(k.doc.empty());
    }
    for (const auto& o : language::operators()) {
        CHECK(seen.insert(std::string(o.name)).second);
        CHECK_FALSE(o.doc.empty());
    }
    for (const auto& c : language::constants()) {
        CHECK(seen.insert(std::string(c.name)).second);
        CHECK_FALSE(c.doc.empty());
    }
    for (const auto& b : language::builtins()) {
        CHECK(seen.insert(std::string(b.name)).second);
        CHECK_FALSE(b.doc.empty());
    }
}
