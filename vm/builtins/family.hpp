// Private to vm/builtins/: the register_* function of each builtin family and
// the small argument helpers they share. The table order (and so every
// builtin id) is language/vocabulary.def's.
#pragma once
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "../errors.hpp"
#include "../operators.hpp"
#include "registry.hpp"

namespace ark::vm {

using BuiltinList = std::vector<BuiltinImplementation>;

void register_system(BuiltinList& table);   // system.cpp: print puts input time sys:*
void register_strings(BuiltinList& table);  // strings.cpp: str:find removeAt ord chr
void register_format(BuiltinList& table);   // format.cpp: str:format
void register_lists(BuiltinList& table);    // lists.cpp: list:*
void register_io(BuiltinList& table);       // io.cpp: io:*
void register_math(BuiltinList& table);     // math.cpp: math:*
void register_lock(BuiltinList& table);     // lock.cpp: lock:*
void register_dicts(BuiltinList& table);    // dicts.cpp: dict builtin__dict:*
void register_time(BuiltinList& table);     // time.cpp: builtin__time:*
// Implemented with the futures in vm/async/ (not in this folder): async, await.
void register_async(BuiltinList& table);

// Raises an IOError when the run may not touch files or processes
// (Runtime::allow_system); io.cpp and sys:exec call it first.
void require_system_access(const ExecutionContext& ctx, std::string_view builtin);

// In an argument shape, matches a value of any kind.
inline constexpr Tag kAny = Tag::Unbound;

// True when `args` has exactly the kinds of `shape` (kAny matches anything).
inline bool has_shape(std::span<const Value> args, std::initializer_list<Tag> shape) {
    if (args.size() != shape.size()) return false;
    size_t i = 0;
    for (Tag want : shape) {
        if (want != kAny && !args[i].is(want)) return false;
        ++i;
    }
    return true;
}

// Raises the builtin TypeError unless `args` has the given shape.
inline void expect_shape(std::string_view name, std::string_view expected, std::span<const Value> args,
                         std::initializer_list<Tag> shape) {
    if (!has_shape(args, shape)) raise_type_error(name, expected, args);
}

}  // namespace ark::vm
