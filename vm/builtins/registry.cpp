// The builtin table: families register in a fixed order (ids are table
// indices), then every str:X gets a string:X alias at the end so that adding
// an alias never shifts an existing id.
#include "registry.hpp"

#include <cmath>
#include <cstdint>
#include <deque>
#include <numbers>
#include <string>
#include <unordered_map>

#include "family.hpp"

namespace ark::vm {

namespace {

struct Table {
    std::vector<BuiltinSpec> specs;
    std::unordered_map<std::string_view, uint32_t> ids;
    std::deque<std::string> alias_text;  // storage for the string:X names and signatures
};

const Table& table() {
    static const Table instance = [] {
        Table t;
        register_system(t.specs);
        register_strings(t.specs);
        register_format(t.specs);
        register_lists(t.specs);
        register_io(t.specs);
        register_math(t.specs);
        register_async(t.specs);
        register_lock(t.specs);

        constexpr std::string_view old_prefix = "str:";
        const size_t n_primary = t.specs.size();
        for (size_t i = 0; i < n_primary; ++i) {
            BuiltinSpec alias = t.specs[i];
            if (!alias.name.starts_with(old_prefix)) continue;
            alias.name = t.alias_text.emplace_back("string:" + std::string(alias.name.substr(old_prefix.size())));
            std::string signature(alias.signature);
            if (auto at = signature.find(old_prefix); at != std::string::npos) signature.replace(at, old_prefix.size(), "string:");
            alias.signature = t.alias_text.emplace_back(std::move(signature));
            t.specs.push_back(alias);
        }
        for (uint32_t id = 0; id < t.specs.size(); ++id) t.ids.emplace(t.specs[id].name, id);
        return t;
    }();
    return instance;
}

}  // namespace

const std::vector<BuiltinSpec>& builtin_table() { return table().specs; }

BuiltinArity builtin_arity(const BuiltinSpec& spec) {
    // "(name a b [c] d...)": skip the name, then classify each word.
    std::string_view text = spec.signature;
    if (text.starts_with('(')) text.remove_prefix(1);
    if (text.ends_with(')')) text.remove_suffix(1);
    BuiltinArity arity;
    bool first = true;
    while (!text.empty()) {
        const size_t space = text.find(' ');
        const std::string_view word = text.substr(0, space);
        text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
        if (word.empty()) continue;
        if (first) {
            first = false;
            continue;
        }
        if (word.ends_with("...")) {
            arity.max = SIZE_MAX;
        } else if (word.starts_with('[')) {
            if (arity.max != SIZE_MAX) ++arity.max;
        } else {
            ++arity.min;
            if (arity.max != SIZE_MAX) ++arity.max;
        }
    }
    return arity;
}

std::optional<uint32_t> find_builtin(std::string_view name) {
    const auto& ids = table().ids;
    if (auto it = ids.find(name); it != ids.end()) return it->second;
    return std::nullopt;
}

std::optional<Value> builtin_constant(std::string_view name) {
    if (name == "true") return Value::boolean(true);
    if (name == "false") return Value::boolean(false);
    if (name == "nil") return Value::nil();
    if (name == "math:pi") return Value::number(std::numbers::pi);
    if (name == "math:e") return Value::number(std::numbers::e);
    if (name == "math:tau") return Value::number(2 * std::numbers::pi);
    if (name == "math:Inf") return Value::number(HUGE_VAL);
    if (name == "math:NaN") return Value::number(std::nan(""));
    if (name == "sys:platform") {
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
