// The vocabulary of ArkScript, read from vocabulary.def: special forms,
// operators, list instructions, constants and builtin signatures. Everything
// that needs to know a name's meaning asks here: the analysis, codegen (which
// attaches opcodes), the VM (which attaches builtin functions), the language
// server (completion, hover, signature help, semantic tokens) and the
// generated editor lists. No dependency on the compiler or the VM.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace ark::language {

enum class Keyword : uint8_t {
#define ARK_KEYWORD(name, enumerator, doc) enumerator,
#include "vocabulary.def"
};

struct KeywordInfo {
    std::string_view name;
    Keyword keyword;
    std::string_view doc;
};

// An operator compiled inline, or a list instruction on a variable (in_place).
struct OperatorInfo {
    std::string_view name;
    int min_args;
    int max_args;  // -1: any number
    std::string_view doc;
    bool in_place;
};

struct ConstantInfo {
    std::string_view name;
    std::string_view doc;
};

struct BuiltinInfo {
    std::string_view name;
    std::string_view params;     // "fmt value..."
    std::string_view signature;  // "(str:format fmt value...)"
    std::string_view doc;
    size_t min_args;
    size_t max_args;             // SIZE_MAX: no upper bound
    std::string_view alias_of;   // the builtin this name is another name of, or ""
};

std::span<const KeywordInfo> keywords();
std::span<const OperatorInfo> operators();  // the inline ones, then the in-place ones
std::span<const ConstantInfo> constants();
std::span<const BuiltinInfo> builtins();    // in id order

// A name of the pre-4.x dialect that 4.8 spells differently (str:format ->
// format), with the release that renamed it.
struct RenamedName {
    std::string_view old_name;
    std::string_view new_name;
    std::string_view version;
};
const RenamedName* find_renamed(std::string_view old_name);

// The std module whose import gives `prefix:` names (`list` -> "std.List"), if
// ArkScript 4.8's std has one.
std::optional<std::string_view> std_module_of_prefix(std::string_view prefix);

// A macro primitive (`$if`, `$len`...): gone once macros are expanded.
struct MacroPrimitiveInfo {
    std::string_view name;
    std::string_view params;
    std::string_view doc;
};
std::span<const MacroPrimitiveInfo> macro_primitives();
const MacroPrimitiveInfo* find_macro_primitive(std::string_view name);

std::optional<Keyword> find_keyword(std::string_view name);
inline bool is_keyword(std::string_view name) { return find_keyword(name).has_value(); }
const OperatorInfo* find_operator(std::string_view name);  // inline operators only
bool is_in_place_list_op(std::string_view name);           // append! concat! pop!
const OperatorInfo* find_in_place(std::string_view name);
const ConstantInfo* find_constant(std::string_view name);
std::optional<uint32_t> find_builtin(std::string_view name);  // the builtin's id
// Names nobody may bind: keywords, operators, list instructions, builtins, constants.
bool is_reserved(std::string_view name);
// Names that are not values: keywords, operators and list instructions.
bool is_operator_like(std::string_view name);

// How many arguments a parameter list such as "a [b] c..." accepts: plain
// parameters are required, `[p]` optional, `p...` any number (0 or more).
struct Arity {
    size_t min = 0;
    size_t max = 0;  // SIZE_MAX: no upper bound
};
Arity arity_of_params(std::string_view params);

}  // namespace ark::language
