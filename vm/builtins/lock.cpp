// lock:new acquire release try with, and calling a lock value (lock.hpp).
// Invariant: held_/owner_ change only under mutex_; waiting uses a timed wait
// so a cancelled run (Runtime::cancelled) never leaves a thread stuck here.
#include "lock.hpp"

#include <chrono>
#include <string>

#include "../context.hpp"
#include "../debug_hook.hpp"
#include "family.hpp"

namespace ark::vm {

void LockObject::acquire(const Runtime& runtime, std::string_view who) {
    std::unique_lock guard(mutex_);
    auto me = std::this_thread::get_id();
    if (held_ && owner_ == me) raise("ValueError", std::string(who) + ": the lock is already held by this thread");
    while (held_) {
        if (runtime.cancelled.load(std::memory_order_relaxed)) {
            raise(ErrorKind::Cancelled, std::string(who) + ": the run was cancelled while waiting for a lock");
        }
        released_.wait_for(guard, std::chrono::milliseconds(50));
    }
    held_ = true;
    owner_ = me;
}

bool LockObject::try_acquire() {
    std::lock_guard guard(mutex_);
    if (held_) return false;
    held_ = true;
    owner_ = std::this_thread::get_id();
    return true;
}

void LockObject::release(std::string_view who) {
    {
        std::lock_guard guard(mutex_);
        if (!held_ || owner_ != std::this_thread::get_id()) {
            raise("ValueError", std::string(who) + ": the lock is not held by this thread");
        }
        held_ = false;
    }
    released_.notify_one();
}

void LockObject::release_if_held() {
    {
        std::lock_guard guard(mutex_);
        if (!held_ || owner_ != std::this_thread::get_id()) return;
        held_ = false;
    }
    released_.notify_one();
}

LockObject* as_lock(const Value& v) {
    if (!v.is(Tag::UserType)) return nullptr;
    return dynamic_cast<LockObject*>(static_cast<UserTypeObject*>(v.as_object()));
}

Value call_lock(ExecutionContext& ctx, LockObject& lock, std::span<Value> args) {
    if (args.size() != 1 || !(args[0].is(Tag::True) || args[0].is(Tag::False))) raise_type_error("Lock", "(Bool)", args);
    if (args[0].is(Tag::True)) {
        DebugBlockingScope blocked(ctx.runtime().debugger, ctx, "lock");
        lock.acquire(ctx.runtime(), "Lock");
    } else {
        lock.release("Lock");
    }
    return Value::nil();
}

namespace {

LockObject& expect_lock(std::string_view name, std::span<Value> args) {
    LockObject* lock = args.size() == 1 ? as_lock(args[0]) : nullptr;
    if (!lock) raise_type_error(name, "(Lock)", args);
    return *lock;
}

Value builtin_new(ExecutionContext&, std::span<Value> args) {
    if (!args.empty()) raise_type_error("lock:new", "()", args);
    return Value::adopt(Tag::UserType, new LockObject());
}

Value builtin_acquire(ExecutionContext& ctx, std::span<Value> args) {
    LockObject& lock = expect_lock("lock:acquire", args);
    DebugBlockingScope blocked(ctx.runtime().debugger, ctx, "lock");
    lock.acquire(ctx.runtime(), "lock:acquire");
    return Value::nil();
}

Value builtin_release(ExecutionContext&, std::span<Value> args) {
    expect_lock("lock:release", args).release("lock:release");
    return Value::nil();
}

Value builtin_try(ExecutionContext&, std::span<Value> args) {
    return Value::boolean(expect_lock("lock:try", args).try_acquire());
}

Value builtin_with(ExecutionContext& ctx, std::span<Value> args) {
    LockObject* lock = args.size() >= 2 ? as_lock(args[0]) : nullptr;
    if (!lock) raise_type_error("lock:with", "(Lock, Function, any...)", args);
    // Keep the lock alive even if the callee drops every other reference to it.
    Value keep = args[0];
    Value callee = args[1];
    {
        DebugBlockingScope blocked(ctx.runtime().debugger, ctx, "lock");
        lock->acquire(ctx.runtime(), "lock:with");
    }
    Value result;
    try {
        result = ctx.call(callee, args.subspan(2));
    } catch (...) {
        lock->release_if_held();
        throw;
    }
    // The callee may have released the lock itself: that is not an error here.
    lock->release_if_held();
    return result;
}

}  // namespace

void register_lock(BuiltinList& table) {
    table.push_back({"lock:new", builtin_new});
    table.push_back({"lock:acquire", builtin_acquire});
    table.push_back({"lock:release", builtin_release});
    table.push_back({"lock:try", builtin_try});
    table.push_back({"lock:with", builtin_with});
}

}  // namespace ark::vm
