// Freeing values without unbounded C++ recursion.
//
// Why: `delete` of a list destroys its items, whose counts may drop to zero,
// whose destructors destroy their items, ... — one C++ frame per level, so a
// list nested a few hundred thousand deep (built by a loop) overflowed the
// stack when it was freed. Closures capturing closures and futures holding
// results nest the same way.
//
// How: a destructor may free what an object owns recursively, but only a
// few levels deep (shallow values, the common case, are freed exactly as
// before); an object whose count drops to zero deeper than that is queued,
// and the outermost destroy_object deletes the queue one object at a time,
// each again with a few levels of recursion at most.
//
// Never fails: the queue grows with malloc (never refused by a run's
// allocation budget either); if even malloc fails, that one object is
// deleted at once, which recurses only in an out-of-memory process.
#include <cstdlib>

#include "value.hpp"

namespace ark::vm {

namespace {

// The queue: a fixed part, then a malloc'ed overflow given back at the end of
// every drain, so a thread (pool threads come and go with runs) keeps nothing.
// Trivially destructible on purpose: destructors run during thread exit too.
constexpr size_t kInline = 64;

struct DeadObjects {
    Object* fixed[kInline] = {};
    Object** overflow = nullptr;
    size_t overflow_capacity = 0;
    size_t size = 0;
    unsigned depth = 0;  // destructors of heap objects running on this thread's stack

    Object*& at(size_t i) { return i < kInline ? fixed[i] : overflow[i - kInline]; }
};

// Deeper destructors queue what dies in them: 16 levels of a list's
// destructor are well under a page of stack.
constexpr unsigned kMaxRecursion = 16;

// constinit: no lazy-initialization check on every access.
constinit thread_local DeadObjects dead{};

bool defer(Object* obj) noexcept {
    if (dead.size >= kInline + dead.overflow_capacity) {
        size_t grown = dead.overflow_capacity ? dead.overflow_capacity * 2 : 256;
        auto* items = static_cast<Object**>(std::realloc(dead.overflow, grown * sizeof(Object*)));
        if (!items) return false;
        dead.overflow = items;
        dead.overflow_capacity = grown;
    }
    dead.at(dead.size++) = obj;
    return true;
}

void delete_counting_depth(Object* obj) noexcept {
    ++dead.depth;
    credit(obj->charged);
    delete obj;
    --dead.depth;
}

}  // namespace

void destroy_object(Object* obj) noexcept {
    // Strings own no values: nothing can die in their destructor.
    if (obj->kind == ObjKind::String) {
        credit(obj->charged);
        delete obj;
        return;
    }
    if (dead.depth >= kMaxRecursion) {
        if (!defer(obj)) delete obj;
        return;
    }
    delete_counting_depth(obj);
    if (dead.depth > 0) return;  // an enclosing destroy_object drains the queue
    while (dead.size > 0) delete_counting_depth(dead.at(--dead.size));
    if (dead.overflow) {
        std::free(dead.overflow);
        dead.overflow = nullptr;
        dead.overflow_capacity = 0;
    }
}

}  // namespace ark::vm
