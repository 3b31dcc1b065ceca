// Values of the VM.
//
// Layout: a 16-byte tagged union.
//   +--------+-----------------------------+
//   | tag u8 | payload: double | Object* | u32 id |
//   +--------+-----------------------------+
// Numbers, booleans, nil, undefined, functions (code page id) and builtins
// (builtin id) live inline. Strings, lists, closures, user types and dicts live
// on the heap in an Object with an atomic reference count.
//
// Why atomic counts everywhere: async tasks start from a copy of the spawning
// context's variables, so heap objects are routinely reachable from two threads.
// The hot paths (arithmetic, comparisons, calls on numbers) never touch a count;
// the cost is paid only when heap values are copied (and a closure call in a
// run that has started no task skips it: copy_confined). Lists are copy-on-write:
// a list is mutated in place only when its count is 1 (no other owner on any
// thread can exist then), otherwise it is cloned first. Strings are immutable.
// Dicts (vm/dict.hpp) are the one shared mutable value: every copy of a Dict
// value is the same object, guarded by its own mutex.
//
// Invariant: the tag order below is the cross-kind order of `<` (LANGUAGE.md §5.3).
#pragma once
#include <atomic>
#include <memory>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "allocation_budget.hpp"

namespace ark::vm {

enum class Tag : uint8_t {
    List,
    Number,
    String,
    Function,  // user function without captures; payload: code page id
    CProc,     // builtin; payload: builtin id
    Closure,
    UserType,
    Dict,  // ArkScript 4.x dictionary (vm/dict.hpp); shared, mutable
    Nil,
    True,
    False,
    Undefined,  // after (del x)
    Unbound,    // internal: a variable cell nobody bound yet; never visible to programs
};

enum class ObjKind : uint8_t { String, List, Closure, UserType, Dict };

struct Object {
    std::atomic<uint32_t> refs{1};
    ObjKind kind;
    // The bytes this object charged to its run's allocation budget
    // (allocation_budget.hpp), given back when it is freed; 0 outside a run with one.
    size_t charged = 0;
    explicit Object(ObjKind k) : kind(k) {}
    virtual ~Object() = default;
};

void destroy_object(Object* obj) noexcept;  // release.cpp; see below

class Value {
public:
    Value() : tag_(Tag::Nil) { u_.obj = nullptr; }
    static Value nil() { return Value(); }
    static Value boolean(bool b) { Value v; v.tag_ = b ? Tag::True : Tag::False; return v; }
    static Value number(double d) { Value v; v.tag_ = Tag::Number; v.u_.num = d; return v; }
    static Value undefined() { Value v; v.tag_ = Tag::Undefined; return v; }
    static Value unbound() { Value v; v.tag_ = Tag::Unbound; return v; }
    static Value function(uint32_t page) { Value v; v.tag_ = Tag::Function; v.u_.id = page; return v; }
    static Value cproc(uint32_t builtin) { Value v; v.tag_ = Tag::CProc; v.u_.id = builtin; return v; }
    static Value string(std::string s);
    static Value list(std::vector<Value> items);
    // Takes ownership of a freshly created object (refs == 1).
    static Value adopt(Tag tag, Object* obj) { Value v; v.tag_ = tag; v.u_.obj = obj; return v; }

    Value(const Value& o) : tag_(o.tag_), u_(o.u_) { retain(); }
    Value(Value&& o) noexcept : tag_(o.tag_), u_(o.u_) { o.tag_ = Tag::Nil; o.u_.obj = nullptr; }
    Value& operator=(const Value& o) {
        o.retain();
        release();
        tag_ = o.tag_;
        u_ = o.u_;
        return *this;
    }
    Value& operator=(Value&& o) noexcept {
        if (this != &o) { release(); tag_ = o.tag_; u_ = o.u_; o.tag_ = Tag::Nil; o.u_.obj = nullptr; }
        return *this;
    }
    ~Value() { release(); }
    void swap(Value& o) noexcept { std::swap(tag_, o.tag_); std::swap(u_, o.u_); }
    // A copy, and a release (the value becomes nil), of a value whose object
    // only the calling thread can reach: the count changes without an atomic
    // read-modify-write. Only for a closure of a run that has started no task
    // (Runtime::tasks_started): a closure is made by its run and never leaves
    // it, while other objects (a program's constant strings) may be shared
    // by runs on other threads.
    static Value copy_confined(const Value& o) {
        Value v;
        v.tag_ = o.tag_;
        v.u_ = o.u_;
        if (v.is_heap()) v.u_.obj->refs.store(v.u_.obj->refs.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
        return v;
    }
    void release_confined() {
        if (is_heap()) {
            Object* obj = u_.obj;
            const uint32_t left = obj->refs.load(std::memory_order_relaxed) - 1;
            tag_ = Tag::Nil;
            u_.obj = nullptr;
            if (left == 0) destroy_object(obj);
            else obj->refs.store(left, std::memory_order_relaxed);
        }
    }

    Tag tag() const { return tag_; }
    bool is(Tag t) const { return tag_ == t; }
    bool is_number() const { return tag_ == Tag::Number; }
    bool is_heap() const { return (kHeapTags >> static_cast<unsigned>(tag_)) & 1u; }
    double as_number() const { return u_.num; }
    uint32_t as_id() const { return u_.id; }
    Object* as_object() const { return u_.obj; }
    const std::string& as_string() const;
    const std::vector<Value>& as_list() const;
    // Copy-on-write access: clones the list first if it is shared.
    std::vector<Value>& mutable_list();

    // Truthiness (LANGUAGE.md §5.2; an empty dict is falsy, LANGUAGE-4.8 §5.2).
    bool truthy() const;

private:
    // One bit per tag that owns a heap object (List, String, Closure, UserType, Dict).
    static constexpr unsigned kHeapTags = (1u << static_cast<unsigned>(Tag::List)) | (1u << static_cast<unsigned>(Tag::String)) |
                                          (1u << static_cast<unsigned>(Tag::Closure)) | (1u << static_cast<unsigned>(Tag::UserType)) |
                                          (1u << static_cast<unsigned>(Tag::Dict));
    void retain() const {
        if (is_heap()) u_.obj->refs.fetch_add(1, std::memory_order_relaxed);
    }
    // The fast path (no heap object) stays inline; freeing is out of line.
    void release() {
        if (is_heap()) [[unlikely]]
            drop_reference(u_.obj);
    }
    static void drop_reference(Object* obj);

    Tag tag_;
    union {
        double num;
        Object* obj;
        uint32_t id;
    } u_;
};

struct StringObject final : Object {
    std::string text;
    explicit StringObject(std::string t) : Object(ObjKind::String), text(std::move(t)) { charged = charge_new(heap_bytes()); }
    // Grows the text in place (its owner holds the only reference), charging the growth.
    void append(const std::string& more) {
        // Refused before the heap is asked when the growth would not fit the
        // budget (the text's capacity doubles): a refused `new` under
        // AddressSanitizer ends the process instead of throwing.
        const size_t needed = text.size() + more.size();
        if (needed > text.capacity()) check_room(std::max(needed, 2 * text.capacity()) - text.capacity());
        text += more;
        recharge(charged, heap_bytes());
    }
    size_t heap_bytes() const {
        // A short text lives inside the std::string itself (15 bytes in libstdc++).
        return sizeof(StringObject) + (text.capacity() > 15 ? text.capacity() + 1 : 0);
    }
};

struct ListObject final : Object {
    std::vector<Value> items;
    explicit ListObject(std::vector<Value> v) : Object(ObjKind::List), items(std::move(v)) { charged = charge_new(heap_bytes()); }
    // After `items` grew or shrank in place: charges the difference.
    void recharge_items() { recharge(charged, heap_bytes()); }
    size_t heap_bytes() const { return sizeof(ListObject) + items.capacity() * sizeof(Value); }
};

// The lock of a closure environment. It is held only while a handful of
// values are copied in or out (a call of the closure copies its fields into
// the cells, its return writes them back), never across a call, an await or
// another environment's lock, so waiting is rare and short: a spin on one
// atomic flag. Taking it costs one atomic exchange and releasing it a plain
// store, against std::mutex's two read-modify-writes and two library calls,
// which made up a third of a closure call (bench/README.md). A waiter that
// spins long (the holder was preempted) yields its processor. Usable with
// std::lock_guard; ThreadSanitizer sees the acquire/release pair as a lock.
class EnvLock {
public:
    void lock() noexcept {
        while (locked_.exchange(true, std::memory_order_acquire)) [[unlikely]]
            wait_until_free();
    }
    bool try_lock() noexcept {
        return !locked_.load(std::memory_order_relaxed) && !locked_.exchange(true, std::memory_order_acquire);
    }
    void unlock() noexcept { locked_.store(false, std::memory_order_release); }

private:
    void wait_until_free() noexcept {
        for (unsigned spins = 0; locked_.load(std::memory_order_relaxed); ++spins) {
            if (spins >= 64) std::this_thread::yield();
        }
    }
    std::atomic<bool> locked_{false};
};

// Takes `lock` unless it is null (a closure call in a run with no task yet:
// ExecutionContext::env_lock_for).
class MaybeEnvLock {
public:
    explicit MaybeEnvLock(EnvLock* lock) noexcept : lock_(lock) {
        if (lock_) lock_->lock();
    }
    ~MaybeEnvLock() {
        if (lock_) lock_->unlock();
    }
    MaybeEnvLock(const MaybeEnvLock&) = delete;
    MaybeEnvLock& operator=(const MaybeEnvLock&) = delete;

private:
    EnvLock* lock_;
};

// One captured variable of a closure: `symbol`, the variable `&name` read,
// whose cell takes `value` while the closure (or a method read from it) runs;
// `name`, the field `.name` reads (hasField, printing). They differ for a
// package's global: `&n` inside package `pkg` reads `pkg:n` and makes the
// field `.n` (LANGUAGE-4.8 §3.5). Same 24 bytes as a (symbol, Value) pair.
struct ClosureField {
    uint32_t symbol;
    uint32_t name;
    Value value;
};

// A closure's environment: its captured variables in capture order.
// Shared by every copy of the closure value, possibly across threads, so each
// access takes the lock (single reads/writes are atomic, compound updates are
// not), except a closure call's while the run has started no task.
static_assert(sizeof(ClosureField) == sizeof(std::pair<uint32_t, Value>));

struct ClosureEnv {
    EnvLock mutex;
    std::vector<ClosureField> fields;
};

struct ClosureObject final : Object {
    uint32_t page;  // code page of the function
    std::shared_ptr<ClosureEnv> env;
    ClosureObject(uint32_t p, std::shared_ptr<ClosureEnv> e) : Object(ObjKind::Closure), page(p), env(std::move(e)) {
        charged = charge_new(sizeof(ClosureObject) +
                             (env ? sizeof(ClosureEnv) + env->fields.capacity() * sizeof(env->fields[0]) : 0));
    }
};

// Native objects (futures, locks). Shared by reference between threads.
struct UserTypeObject : Object {
    UserTypeObject() : Object(ObjKind::UserType) {}
    virtual const char* type_name() const = 0;  // "Future", "Lock"
    // (del x) on a UserType releases its native resource.
    virtual void release_resource() {}
};

// The count of a dict's entries, readable without its lock (vm/dict.hpp).
uint32_t dict_size(const Value& dict);

// Frees an object whose count reached zero (release.cpp). Never recurses:
// a list nested a million deep is freed in constant C++ stack, and never
// throws (it runs in destructors).
void destroy_object(Object* obj) noexcept;

// Out of line on purpose: keeps Value's destructor small enough to inline
// everywhere on the hot paths that only ever see numbers.
[[gnu::noinline]] inline void Value::drop_reference(Object* obj) {
    if (obj->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) destroy_object(obj);
}

inline Value Value::string(std::string s) { return adopt(Tag::String, new StringObject(std::move(s))); }
inline Value Value::list(std::vector<Value> items) { return adopt(Tag::List, new ListObject(std::move(items))); }
inline const std::string& Value::as_string() const { return static_cast<StringObject*>(u_.obj)->text; }
inline const std::vector<Value>& Value::as_list() const { return static_cast<ListObject*>(u_.obj)->items; }
inline std::vector<Value>& Value::mutable_list() {
    auto* l = static_cast<ListObject*>(u_.obj);
    if (l->refs.load(std::memory_order_acquire) != 1) {
        Value fresh = Value::list(l->items);
        swap(fresh);
        l = static_cast<ListObject*>(u_.obj);
    }
    return l->items;
}
inline bool Value::truthy() const {
    switch (tag_) {
        case Tag::Number: return u_.num != 0;
        case Tag::String: return !as_string().empty();
        case Tag::List: return !as_list().empty();
        case Tag::Dict: return dict_size(*this) != 0;
        case Tag::Nil: case Tag::False: case Tag::UserType: return false;
        default: return true;
    }
}

}  // namespace ark::vm
