// The memory cap of lens runs (see memory_guard.hpp).
//
// Why count in operator new: a run's memory is mostly its values, but their
// storage grows in many places (a string doubled by +, a list grown by
// append!, a closure's environment, the stacks of its tasks), and every one of
// them goes through operator new. Counting there, per run, charges exactly the
// bytes the run's threads hold, stops a doubling string at the allocation that
// would cross the cap (no sampling to outrun), and never counts memory the
// server or other runs hold, or that earlier runs leaked.
//
// The cost on the hot path: a thread that runs no capped program pays one
// thread-local load and a branch per allocation. A capped run's thread adds
// malloc_usable_size and one relaxed atomic add per allocation and per free.
//
// Frees are charged to the run of the thread that frees: values move only
// between the threads of one run, so a run's account stays right. Memory a run
// hands to the server (its output chunks) is freed uncounted and stays charged,
// bounded by the output cap.
//
// Reporting an error must be able to allocate (the MemoryError itself, the
// traceback): an allocation is never refused while the thread is handling or
// unwinding an exception, and no user code runs inside a catch block or a
// destructor.
//
// Invariant: nothing here allocates with operator new.
#include "runner/memory_guard.hpp"

#include <malloc.h>

#include <cstdlib>
#include <exception>
#include <new>

namespace ark::lsp::runner {

void enable_memory_cap(vm::MachineOptions& options, uint64_t limit_bytes) { options.max_memory_bytes = limit_bytes; }

int64_t counted_bytes(const vm::Runtime& runtime) { return runtime.memory.bytes.load(std::memory_order_relaxed); }

}  // namespace ark::lsp::runner

namespace {

void* allocate(std::size_t size) {
    for (;;) {
        if (void* block = std::malloc(size ? size : 1))
            return block;
        const std::new_handler handler = std::get_new_handler();
        if (!handler)
            throw std::bad_alloc();
        handler();
    }
}

// The account of the run this thread works for, or null if nothing is counted.
ark::vm::MemoryAccount* counting_account() {
    ark::vm::Runtime* runtime = ark::vm::current_runtime;
    return runtime != nullptr && runtime->memory.limit != 0 ? &runtime->memory : nullptr;
}

// Not while an exception is being handled (a catch block reporting the error)
// or unwinding (a destructor that allocates would call std::terminate).
bool may_refuse() { return std::current_exception() == nullptr && std::uncaught_exceptions() == 0; }

[[gnu::noinline]] void* counted_allocation(ark::vm::MemoryAccount& account, std::size_t size) {
    const auto limit = static_cast<int64_t>(account.limit);
    // Checked before malloc: a request far over the cap is refused without touching the heap.
    if (account.bytes.load(std::memory_order_relaxed) + static_cast<int64_t>(size) > limit && may_refuse())
        throw std::bad_alloc();
    void* block = allocate(size);
    const auto charged = static_cast<int64_t>(malloc_usable_size(block));
    // Two threads of one run may both pass the check above: the add decides.
    if (account.bytes.fetch_add(charged, std::memory_order_relaxed) + charged > limit && may_refuse()) {
        account.bytes.fetch_sub(charged, std::memory_order_relaxed);
        std::free(block);
        throw std::bad_alloc();
    }
    return block;
}

void release(void* block) noexcept {
    if (block == nullptr)
        return;
    if (ark::vm::MemoryAccount* account = counting_account()) [[unlikely]]
        account->bytes.fetch_sub(static_cast<int64_t>(malloc_usable_size(block)), std::memory_order_relaxed);
    std::free(block);
}

}  // namespace

void* operator new(std::size_t size) {
    if (ark::vm::MemoryAccount* account = counting_account()) [[unlikely]]
        return counted_allocation(*account, size);
    return allocate(size);
}

void operator delete(void* block) noexcept { release(block); }
void operator delete(void* block, std::size_t) noexcept { release(block); }

// The nothrow forms must come from the same allocator as the plain ones:
// the library's (or a sanitizer's) own nothrow new paired with the free()
// above is an alloc/dealloc mismatch (AddressSanitizer reports it).
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    try {
        return ::operator new(size);
    } catch (...) {
        return nullptr;
    }
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
    try {
        return ::operator new[](size);
    } catch (...) {
        return nullptr;
    }
}
void* operator new[](std::size_t size) { return ::operator new(size); }
void operator delete(void* block, const std::nothrow_t&) noexcept { release(block); }
void operator delete[](void* block, const std::nothrow_t&) noexcept { release(block); }
void operator delete[](void* block) noexcept { release(block); }
void operator delete[](void* block, std::size_t) noexcept { release(block); }
