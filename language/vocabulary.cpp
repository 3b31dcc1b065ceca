#include "vocabulary.hpp"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "name_hash.hpp"

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

// What a name is, and its index in its table: one hash lookup answers every
// question about a name (the resolver, the checks and codegen ask for every
// symbol of a program).
enum class NameKind : uint8_t { Keyword, Operator, Constant, Builtin };
struct NameEntry {
    NameKind kind;
    uint32_t index;
};

// Name -> NameEntry by open addressing over FNV-1a hashes: the checks look
// up the head of every list of a program on each keystroke, and
// std::unordered_map's murmur hash and node walk were a tenth of a
// 10,000-line file's incremental analysis. Filled once; the first entry of
// a name wins, as unordered_map::emplace does.
class NameTable {
public:
    void emplace(std::string_view name, NameEntry entry) {
        if ((size_ + 1) * 2 > slots_.size()) grow();
        place(Slot{name_hash(name), name, entry, true});
    }
    const NameEntry* find(std::string_view name) const {
        if (slots_.empty()) return nullptr;
        const uint64_t hash = name_hash(name);
        for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
            const Slot& slot = slots_[i];
            if (!slot.used) return nullptr;
            if (slot.hash == hash && slot.name == name) return &slot.entry;
        }
    }

private:
    struct Slot {
        uint64_t hash = 0;
        std::string_view name;
        NameEntry entry{};
        bool used = false;
    };
    void place(const Slot& slot) {
        for (size_t i = slot.hash & mask_;; i = (i + 1) & mask_) {
            if (!slots_[i].used) {
                slots_[i] = slot;
                ++size_;
                return;
            }
            if (slots_[i].hash == slot.hash && slots_[i].name == slot.name) return;
        }
    }
    void grow() {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(std::max<size_t>(64, old.size() * 2), Slot{});
        mask_ = slots_.size() - 1;
        size_ = 0;
        for (const Slot& slot : old)
            if (slot.used) place(slot);
    }
    std::vector<Slot> slots_;
    size_t mask_ = 0;
    size_t size_ = 0;
};

struct Tables {
    std::deque<std::string> text;  // storage for the signatures
    std::vector<BuiltinInfo> builtins;
    NameTable names;
};

const NameEntry* find_name(std::string_view name);

const Tables& tables() {
    static const Tables instance = [] {
        Tables t;
        for (const BuiltinRow& row : kBuiltinRows) {
            BuiltinInfo info{row.name, row.params, {}, row.doc, 0, 0, row.alias_of};
            if (!row.alias_of.empty()) {
                // An alias has its builtin's parameters and doc under its own name.
                const BuiltinInfo& target = t.builtins[t.names.find(row.alias_of)->index];
                info.params = target.params;
                info.doc = target.doc;
            }
            info.signature = t.text.emplace_back("(" + std::string(info.name) +
                                                 (info.params.empty() ? "" : " " + std::string(info.params)) + ")");
            const Arity arity = arity_of_params(info.params);
            info.min_args = arity.min;
            info.max_args = arity.max;
            t.names.emplace(info.name, NameEntry{NameKind::Builtin, static_cast<uint32_t>(t.builtins.size())});
            t.builtins.push_back(info);
        }
        const auto add = [&t](std::string_view name, NameKind kind, size_t index) {
            t.names.emplace(name, NameEntry{kind, static_cast<uint32_t>(index)});
        };
        for (size_t i = 0; i < std::size(kOperators); ++i) add(kOperators[i].name, NameKind::Operator, i);
        for (size_t i = 0; i < std::size(kConstants); ++i) add(kConstants[i].name, NameKind::Constant, i);
        for (size_t i = 0; i < std::size(kKeywords); ++i) add(kKeywords[i].name, NameKind::Keyword, i);
        return t;
    }();
    return instance;
}

const NameEntry* find_name(std::string_view name) {
    return tables().names.find(name);
}

}  // namespace

std::span<const KeywordInfo> keywords() { return kKeywords; }
std::span<const OperatorInfo> operators() { return kOperators; }
std::span<const ConstantInfo> constants() { return kConstants; }
std::span<const BuiltinInfo> builtins() { return tables().builtins; }

namespace {
constexpr RenamedName kRenamed[] = {
#define ARK_RENAMED(old_name, new_name, version) {old_name, new_name, version},
#include "vocabulary.def"
};
}  // namespace

namespace {
constexpr MacroPrimitiveInfo kMacroPrimitives[] = {
#define ARK_MACRO_PRIMITIVE(name, params, doc) {name, params, doc},
#include "vocabulary.def"
};
}  // namespace

std::span<const MacroPrimitiveInfo> macro_primitives() { return kMacroPrimitives; }

const MacroPrimitiveInfo* find_macro_primitive(std::string_view name) {
    for (const MacroPrimitiveInfo& p : kMacroPrimitives)
        if (p.name == name) return &p;
    return nullptr;
}

const RenamedName* find_renamed(std::string_view old_name) {
    for (const RenamedName& r : kRenamed)
        if (r.old_name == old_name) return &r;
    return nullptr;
}

namespace {
struct StdModule {
    std::string_view prefix;
    std::string_view package;
};
constexpr StdModule kStdModules[] = {
#define ARK_STD_MODULE(prefix, package) {prefix, package},
#include "vocabulary.def"
};
}  // namespace

std::optional<std::string_view> std_module_of_prefix(std::string_view prefix) {
    for (const StdModule& m : kStdModules)
        if (m.prefix == prefix) return m.package;
    return std::nullopt;
}

std::optional<Keyword> find_keyword(std::string_view name) {
    const NameEntry* entry = find_name(name);
    if (!entry || entry->kind != NameKind::Keyword) return std::nullopt;
    return kKeywords[entry->index].keyword;
}

namespace {
const OperatorInfo* find_any_operator(std::string_view name) {
    const NameEntry* entry = find_name(name);
    return entry && entry->kind == NameKind::Operator ? &kOperators[entry->index] : nullptr;
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
    const NameEntry* entry = find_name(name);
    return entry && entry->kind == NameKind::Constant ? &kConstants[entry->index] : nullptr;
}

std::optional<uint32_t> find_builtin(std::string_view name) {
    const NameEntry* entry = find_name(name);
    if (!entry || entry->kind != NameKind::Builtin) return std::nullopt;
    return entry->index;
}

bool is_reserved(std::string_view name) { return find_name(name) != nullptr; }

bool is_operator_like(std::string_view name) {
    const NameEntry* entry = find_name(name);
    return entry && (entry->kind == NameKind::Keyword || entry->kind == NameKind::Operator);
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
