// The Lock UserType (LANGUAGE.md §7, project extension): a non-reentrant
// mutex shared by reference between tasks. Exported so the interpreter can
// call a lock value: (l true) acquires, (l false) releases.
#pragma once
#include <condition_variable>
#include <mutex>
#include <span>
#include <string_view>
#include <thread>

#include "../runtime.hpp"
#include "../value.hpp"

namespace ark::vm {

class ExecutionContext;

class LockObject final : public UserTypeObject {
public:
    const char* type_name() const override { return "Lock"; }

    // Blocks until the calling thread holds the lock. Raises ValueError (named
    // after `who`) when the thread holds it already: waiting would never end.
    // A cancelled run stops the wait with a VMError.
    void acquire(const Runtime& runtime, std::string_view who);
    // Takes the lock if it is free; false when any thread (this one included) holds it.
    bool try_acquire();
    // Raises ValueError "WHO: the lock is not held by this thread" otherwise.
    void release(std::string_view who);
    // Releases only if the calling thread holds it (cleanup paths).
    void release_if_held();
    // Whether any thread holds it (a debugger shows it).
    bool is_held() {
        std::lock_guard lock(mutex_);
        return held_;
    }

private:
    std::mutex mutex_;
    std::condition_variable released_;
    bool held_ = false;         // guarded by mutex_
    std::thread::id owner_;     // guarded by mutex_; meaningful while held_
};

// The lock inside `v`, or nullptr when `v` is not a Lock.
LockObject* as_lock(const Value& v);

// Calls a lock value: (l true) acquires, (l false) releases; returns nil.
Value call_lock(ExecutionContext& ctx, LockObject& lock, std::span<Value> args);

}  // namespace ark::vm
