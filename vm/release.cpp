// Freeing values without C++ recursion.
//
// Why: `delete` of a list destroys its items, whose counts may drop to zero,
// whose destructors destroy their items, ... — one C++ frame per level, so a
// list nested a few hundred thousand deep (built by a loop) overflowed the
// stack when it was freed. Closures capturing closures and futures holding
// results nest the same way.
//
// How: the first object to die on a thread starts a drain; any object whose
// count drops to zero while a destructor of the drain runs is not deleted
// there but queued, and the drain deletes the queue one object at a time.
// A parent's destructor therefore only ever detaches its children (their
// counts drop), and their own destructors run later, from the drain's loop.
//
// Never fails: the queue grows with malloc (not operator new, which a lens
// run's memory cap may refuse); if even malloc fails, that one object is
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
    Object* fixed[kInline];
    Object** overflow = nullptr;
    size_t overflow_capacity = 0;
    size_t size = 0;
    bool draining = false;

    Object*& at(size_t i) { return i < kInline ? fixed[i] : overflow[i - kInline]; }
};

thread_local DeadObjects dead;

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

}  // namespace

void destroy_object(Object* obj) noexcept {
    // Strings own no values: nothing can die in their destructor.
    if (obj->kind == ObjKind::String) {
        delete obj;
        return;
    }
    if (dead.draining) {
        if (!defer(obj)) delete obj;
        return;
    }
    dead.draining = true;
    delete obj;
    while (dead.size > 0) {
        Object* next = dead.at(--dead.size);
        delete next;
    }
    dead.draining = false;
    if (dead.overflow) {
        std::free(dead.overflow);
        dead.overflow = nullptr;
        dead.overflow_capacity = 0;
    }
}

}  // namespace ark::vm
