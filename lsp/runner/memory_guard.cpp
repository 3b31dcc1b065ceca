// The memory cap of lens runs (see memory_guard.hpp).
//
// Why replace the global operator new: a run that doubles a string or a list
// in a loop reaches gigabytes within a few dozen iterations, long before the
// VM's next limit check (every 4096 calls or back-jumps) or the monitor's next
// sample could notice. Every such growth goes through one large allocation,
// so checking large allocations, and only those, stops it at once for the
// price of one comparison per allocation. The check applies only on threads
// that run user code (vm::current_runtime is set on run threads and task-pool
// workers) and only while a ceiling is set (a lens run is going), so `ark run`
// and the server's own work are never refused. Growth made of many small
// allocations is left to the monitor's sampling.
//
// Invariant: nothing here allocates with operator new.
#include "runner/memory_guard.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "runtime.hpp"

namespace ark::lsp::runner {

namespace {

std::atomic<uint64_t> ceiling_bytes{0};
constexpr std::size_t kLargeAllocation = std::size_t{1} << 20;

}  // namespace

uint64_t resident_bytes() {
#ifdef __linux__
    const int fd = ::open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    char buffer[128];
    const ssize_t n = ::read(fd, buffer, sizeof buffer - 1);
    ::close(fd);
    if (n <= 0)
        return 0;
    buffer[n] = '\0';
    // "size resident shared ...", in pages.
    const char* p = buffer;
    while (*p && *p != ' ')
        ++p;
    uint64_t pages = 0;
    for (++p; *p >= '0' && *p <= '9'; ++p)
        pages = pages * 10 + static_cast<uint64_t>(*p - '0');
    return pages * static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
#else
    return 0;
#endif
}

void set_memory_ceiling(uint64_t bytes) { ceiling_bytes.store(bytes, std::memory_order_relaxed); }
uint64_t memory_ceiling() { return ceiling_bytes.load(std::memory_order_relaxed); }

}  // namespace ark::lsp::runner

void* operator new(std::size_t size) {
    if (size >= ark::lsp::runner::kLargeAllocation && ark::vm::current_runtime != nullptr) {
        const uint64_t ceiling = ark::lsp::runner::memory_ceiling();
        if (ceiling != 0 && ark::lsp::runner::resident_bytes() + size > ceiling)
            throw std::bad_alloc();
    }
    for (;;) {
        if (void* block = std::malloc(size ? size : 1))
            return block;
        const std::new_handler handler = std::get_new_handler();
        if (!handler)
            throw std::bad_alloc();
        handler();
    }
}

void operator delete(void* block) noexcept { std::free(block); }
void operator delete(void* block, std::size_t) noexcept { std::free(block); }

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
void operator delete(void* block, const std::nothrow_t&) noexcept { std::free(block); }
void operator delete[](void* block, const std::nothrow_t&) noexcept { std::free(block); }
void operator delete[](void* block) noexcept { std::free(block); }
void operator delete[](void* block, std::size_t) noexcept { std::free(block); }
