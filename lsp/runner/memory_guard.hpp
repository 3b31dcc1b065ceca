// The memory cap of lens runs: each run counts the heap bytes its own threads
// allocate and free (vm::MemoryAccount in vm/runtime.hpp), and an allocation
// that would take the run over its cap fails with std::bad_alloc, which the VM
// raises as a MemoryError in the task that made it. The counting is done by the
// global operator new/delete replaced in memory_guard.cpp, for threads whose
// vm::current_runtime has a limit: the run thread while the program runs, and
// the run's task-pool workers. Nothing else (the server's own work, `ark run`)
// is counted or refused.
#pragma once
#include <cstdint>

#include "runtime.hpp"

namespace ark::lsp::runner {

// Counts `runtime`'s allocations from now on (for threads that set
// vm::current_runtime to it) and refuses those that would go over
// `limit_bytes`; 0 = no cap. Call before the run's first thread starts.
void enable_memory_cap(vm::Runtime& runtime, uint64_t limit_bytes);
// The bytes the run holds now (may be a little off: see vm::MemoryAccount).
int64_t counted_bytes(const vm::Runtime& runtime);

}  // namespace ark::lsp::runner
