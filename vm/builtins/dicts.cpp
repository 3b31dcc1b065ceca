// Dict builtins (LANGUAGE-4.8 §5.1, §6.4): the global `dict` and the
// `builtin__dict:*` primitives std.Dict wraps. A dict is shared: add and
// remove change the object every holder sees, and give nil (as upstream).
// Type errors name the std function a program calls (`dict:get`), as upstream.
#include "../dict.hpp"
#include "family.hpp"

namespace ark::vm {

namespace {

Value builtin_dict(ExecutionContext&, std::span<Value> args) {
    if (args.size() % 2 != 0)
        raise("ArityError", "Function dict needs an even number of arguments (key value pairs), but it received " +
                                std::to_string(args.size()));
    Value dict = make_dict();
    for (size_t i = 0; i < args.size(); i += 2) dict_set(dict, std::move(args[i]), std::move(args[i + 1]));
    return dict;
}

Value builtin_get(ExecutionContext&, std::span<Value> args) {
    expect_shape("dict:get", "(Dict, any)", args, {Tag::Dict, kAny});
    return dict_get(args[0], args[1]);
}

Value builtin_add(ExecutionContext&, std::span<Value> args) {
    expect_shape("dict:add", "(Dict, any, any)", args, {Tag::Dict, kAny, kAny});
    dict_set(args[0], std::move(args[1]), std::move(args[2]));
    return Value();
}

Value builtin_contains(ExecutionContext&, std::span<Value> args) {
    expect_shape("dict:contains", "(Dict, any)", args, {Tag::Dict, kAny});
    return Value::boolean(dict_contains(args[0], args[1]));
}

Value builtin_remove(ExecutionContext&, std::span<Value> args) {
    expect_shape("dict:remove", "(Dict, any)", args, {Tag::Dict, kAny});
    dict_remove(args[0], args[1]);
    return Value();
}

Value builtin_keys(ExecutionContext&, std::span<Value> args) {
    expect_shape("dict:keys", "(Dict)", args, {Tag::Dict});
    return Value::list(dict_keys(args[0]));
}

Value builtin_size(ExecutionContext&, std::span<Value> args) {
    expect_shape("dict:size", "(Dict)", args, {Tag::Dict});
    return Value::number(dict_size(args[0]));
}

}  // namespace

void register_dicts(BuiltinList& table) {
    table.push_back({"dict", builtin_dict});
    table.push_back({"builtin__dict:get", builtin_get});
    table.push_back({"builtin__dict:add", builtin_add});
    table.push_back({"builtin__dict:contains", builtin_contains});
    table.push_back({"builtin__dict:remove", builtin_remove});
    table.push_back({"builtin__dict:keys", builtin_keys});
    table.push_back({"builtin__dict:size", builtin_size});
}

}  // namespace ark::vm
