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

#include "host.hpp"
#include "runtime.hpp"

namespace ark::lsp::runner {

// Sets the run's cap (vm::MachineOptions::max_memory_bytes; 0 = no cap): the
// machine sets vm::current_runtime on the thread running the program, and its
// task-pool workers set it on theirs. Defined next to the counting operator
// new, so a host that sets a cap through it links the counting too.
void enable_memory_cap(vm::MachineOptions& options, uint64_t limit_bytes);
// The bytes the run holds now (may be a little off: see vm::MemoryAccount).
int64_t counted_bytes(const vm::Runtime& runtime);

}  // namespace ark::lsp::runner
