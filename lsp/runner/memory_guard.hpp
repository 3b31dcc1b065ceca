// The memory cap of lens runs. The VM has no heap accounting of its own, so the
// cap is on the server process: how far its resident memory may grow while runs
// go. Two checks enforce it (see memory_guard.cpp): the runner's monitor samples
// the resident size and stops every run when it is over the ceiling, and a
// large allocation (>= 1 MiB) made by a thread running user code fails with
// std::bad_alloc (a MemoryError in the run) when it would cross the ceiling.
#pragma once
#include <cstdint>

namespace ark::lsp::runner {

// The process's resident set size in bytes (0 where unknown). Allocates nothing.
uint64_t resident_bytes();
// 0 turns the allocation check off (no run is going).
void set_memory_ceiling(uint64_t bytes);
uint64_t memory_ceiling();

}  // namespace ark::lsp::runner
