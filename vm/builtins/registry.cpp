// The builtin table: the names, signatures and docs of language/vocabulary.def
// (ids are its order), each given the function its family registered under
// that name. A builtin without a function, or a function the vocabulary does
// not name, stops the program at the first use of the table: every test sees it.
#include "registry.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <numbers>
#include <string>
#include <unordered_map>

#include "../operator_values.hpp"
#include "family.hpp"
#include "vocabulary.hpp"

namespace ark::vm {

namespace {

[[noreturn]] void broken_table(std::string_view what, std::string_view name) {
    std::fprintf(stderr, "ark: the builtin table is broken: %.*s `%.*s`\n", static_cast<int>(what.size()), what.data(),
                 static_cast<int>(name.size()), name.data());
    std::abort();
}

const std::vector<BuiltinSpec>& table() {
    static const std::vector<BuiltinSpec> specs = [] {
        BuiltinList implementations;
        register_system(implementations);
        register_strings(implementations);
        register_format(implementations);
        register_lists(implementations);
        register_io(implementations);
        register_math(implementations);
        register_async(implementations);
        register_lock(implementations);
        register_dicts(implementations);
        register_time(implementations);
        std::unordered_map<std::string_view, BuiltinFn> by_name;
        for (const BuiltinImplementation& impl : implementations)
            if (!by_name.emplace(impl.name, impl.fn).second) broken_table("two functions for", impl.name);
        std::vector<BuiltinSpec> out;
        size_t attached = 0;
        for (const language::BuiltinInfo& info : language::builtins()) {
            const std::string_view implemented = info.alias_of.empty() ? info.name : info.alias_of;
            const auto it = by_name.find(implemented);
            if (it == by_name.end()) broken_table("no function for", info.name);
            attached += info.alias_of.empty();
            out.push_back({info.name, it->second, info.signature, info.doc});
        }
        if (attached != by_name.size())
            for (const BuiltinImplementation& impl : implementations)
                if (!language::find_builtin(impl.name)) broken_table("vocabulary.def does not name", impl.name);
        // Then the operators' function values (operator_values.hpp).
        const auto functions = operator_functions();
        for (size_t i = 0; i < functions.size(); ++i) {
            const language::OperatorInfo& op = language::operators()[i];
            if (op.in_place) broken_table("an in-place instruction among the operator values:", op.name);
            out.push_back({op.name, functions[i], op.name, op.doc});
        }
        return out;
    }();
    return specs;
}

}  // namespace

const std::vector<BuiltinSpec>& builtin_table() { return table(); }

std::optional<uint32_t> find_builtin(std::string_view name) { return language::find_builtin(name); }

std::optional<Value> builtin_constant(std::string_view name) {
    if (name == "true") return Value::boolean(true);
    if (name == "false") return Value::boolean(false);
    if (name == "nil") return Value::nil();
    if (name == "builtin__math:pi") return Value::number(std::numbers::pi);
    if (name == "builtin__math:e") return Value::number(std::numbers::e);
    if (name == "builtin__math:tau") return Value::number(2 * std::numbers::pi);
    if (name == "builtin__math:Inf") return Value::number(HUGE_VAL);
    if (name == "builtin__math:NaN") return Value::number(std::nan(""));
    if (name == "builtin__sys:platform") {
#if defined(__linux__)
        return Value::string("Linux");
#elif defined(__APPLE__)
        return Value::string("Mac OSX");
#elif defined(_WIN32)
        return Value::string("Windows");
#elif defined(__FreeBSD__)
        return Value::string("FreeBSD");
#elif defined(__unix__)
        return Value::string("Unix");
#else
        return Value::string("Other");
#endif
    }
    return std::nullopt;
}

}  // namespace ark::vm
