#include "vocabulary.hpp"

#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

namespace ark::language {

namespace {

constexpr KeywordInfo kKeywords[] = {
#define ARK_KEYWORD(name, enumerator, doc) {name, Keyword::enumerator, doc},
#include "vocabulary.def"
};

constexpr OperatorInfo kOperators[] = {
#define ARK_OPERATOR(name, opcode, min, max, doc) {name, min, max, doc, false},
#define ARK_IN_PLACE(name, opcode, min, max, doc) {name, min, max, doc, true},
#include "vocabulary.def"
};

constexpr ConstantInfo kConstants[] = {
#define ARK_CONSTANT(name, doc) {name, doc},
#include "vocabulary.def"
};

struct BuiltinRow {
    std::string_view name, params, doc, alias_of;
};
constexpr BuiltinRow kBuiltinRows[] = {
#define ARK_BUILTIN(name, params, doc) {name, params, doc, ""},
#define ARK_BUILTIN_ALIAS(alias, name) {alias, "", "", name},
#include "vocabulary.def"
};

struct Tables {
    std::deque<std::string> text;  // storage for the signatures
    std::vector<BuiltinInfo> builtins;
    std::unordered_map<std::string_view, uint32_t> builtin_ids;
    std::unordered_map<std::string_view, const OperatorInfo*> operators;
    std::unordered_map<std::string_view, const ConstantInfo*> constants;
    std::unordered_map<std::string_view, Keyword> keywords;
};

const Tables& tables() {
    static const Tables instance = [] {
        Tables t;
        for (const BuiltinRow& row : kBuiltinRows) {
            BuiltinInfo info{row.name, row.params, {}, row.doc, 0, 0, row.alias_of};
            if (!row.alias_of.empty()) {
                // An alias has its builtin's parameters and doc under its own name.
                const BuiltinInfo& target = t.builtins[t.builtin_ids.at(row.alias_of)];
                info.params = target.params;
                info.doc = target.doc;
            }
            info.signature = t.text.emplace_back("(" + std::string(info.name) +
                                                 (info.params.empty() ? "" : " " + std::string(info.params)) + ")");
            const Arity arity = arity_of_params(info.params);
            info.min_args = arity.min;
            info.max_args = arity.max;
            t.builtin_ids.emplace(info.name, static_cast<uint32_t>(t.builtins.size()));
            t.builtins.push_back(info);
        }
        for (const OperatorInfo& op : kOperators) t.operators.emplace(op.name, &op);
        for (const ConstantInfo& c : kConstants) t.constants.emplace(c.name, &c);
        for (const KeywordInfo& k : kKeywords) t.keywords.emplace(k.name, k.keyword);
        return t;
    }();
    return instance;
}

}  // namespace

std::span<const KeywordInfo> keywords() { return kKeywords; }
std::span<const OperatorInfo> operators() { return kOperators; }
std::span<const ConstantInfo> constants() { return kConstants; }
std::span<const BuiltinInfo> builtins() { return tables().builtins; }

std::optional<Keyword> find_keyword(std::string_view name) {
    const auto& map = tables().keywords;
    const auto it = map.find(name);
    if (it == map.end()) return std::nullopt;
    return it->second;
}

namespace {
const OperatorInfo* find_any_operator(std::string_view name) {
    const auto& map = tables().operators;
    const auto it = map.find(name);
    return it == map.end() ? nullptr : it->second;
}
}  // namespace

const OperatorInfo* find_operator(std::string_view name) {
    const OperatorInfo* op = find_any_operator(name);
    return op && !op->in_place ? op : nullptr;
}

const OperatorInfo* find_in_place(std::string_view name) {
    const OperatorInfo* op = find_any_operator(name);
    return op && op->in_place ? op : nullptr;
}

bool is_in_place_list_op(std::string_view name) { return find_in_place(name) != nullptr; }

const ConstantInfo* find_constant(std::string_view name) {
    const auto& map = tables().constants;
    const auto it = map.find(name);
    return it == map.end() ? nullptr : it->second;
}

std::optional<uint32_t> find_builtin(std::string_view name) {
    const auto& map = tables().builtin_ids;
    const auto it = map.find(name);
    if (it == map.end()) return std::nullopt;
    return it->second;
}

bool is_reserved(std::string_view name) {
    return is_keyword(name) || find_any_operator(name) || find_constant(name) || find_builtin(name);
}

Arity arity_of_params(std::string_view params) {
    Arity arity;
    size_t at = 0;
    while (at < params.size()) {
        while (at < params.size() && params[at] == ' ') ++at;
        size_t end = at;
        while (end < params.size() && params[end] != ' ') ++end;
        if (end == at) break;
        const std::string_view word = params.substr(at, end - at);
        at = end;
        if (word.ends_with("...")) {
            arity.max = SIZE_MAX;
        } else if (word.starts_with("[")) {
            if (arity.max != SIZE_MAX) ++arity.max;
        } else {
            ++arity.min;
            if (arity.max != SIZE_MAX) ++arity.max;
        }
    }
    return arity;
}

}  // namespace ark::language
