#include "stack_guard.hpp"

#include <pthread.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace ark::vm {

namespace {

// What may run past the last check before the next one or the error's unwind
// completes: one nesting (execute, the builtin, a task's context) plus leaf
// work such as comparing closures (bounded recursion) and the C++ unwinder.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr size_t kReserveBytes = size_t{4} << 20;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr size_t kReserveBytes = size_t{4} << 20;
#else
constexpr size_t kReserveBytes = size_t{1} << 20;
#endif
#else
constexpr size_t kReserveBytes = size_t{1} << 20;
#endif

struct StackBounds {
    uintptr_t low = 0;  // lowest usable address (stacks grow down)
    size_t size = 0;    // 0: unknown
};

StackBounds query_bounds() {
    StackBounds bounds;
    pthread_attr_t attributes;
    if (pthread_getattr_np(pthread_self(), &attributes) != 0) return bounds;
    void* low = nullptr;
    size_t size = 0;
    if (pthread_attr_getstack(&attributes, &low, &size) == 0) {
        bounds.low = reinterpret_cast<uintptr_t>(low);
        bounds.size = size;
    }
    pthread_attr_destroy(&attributes);
    return bounds;
}

}  // namespace

bool stack_nearly_exhausted() {
    thread_local const StackBounds bounds = query_bounds();
    if (bounds.size == 0) return false;
    const size_t reserve = std::min(bounds.size / 4, kReserveBytes);
    const auto here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
    return here < bounds.low + reserve;
}

}  // namespace ark::vm
