// Gives memory the allocator holds but no longer uses back to the system.
//
// Why: glibc keeps freed blocks in its arenas (one per worker thread) and
// returns them only when the top of an arena is free. After a big build (a
// preamble of a thousand imported files) replaces an older one, tens of
// megabytes stay resident for nothing: opening the import-chain benchmark's
// last file left 392 MB resident over a 368 MB heap. clangd trims after its
// builds for the same reason (its --malloc-trim option).
#pragma once

namespace ark::lsp {

// malloc_trim(0) with glibc; nothing elsewhere. Walks the whole heap under the
// allocator's locks (30-70 ms at 300 MB), so the scheduler runs it only once
// the server is idle (SchedulerOptions::trim_when_idle_for).
void release_free_memory();

}  // namespace ark::lsp
