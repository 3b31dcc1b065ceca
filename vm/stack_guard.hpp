// How close this thread's C++ stack is to its end.
//
// The VM's own calls never grow the C++ stack (frames live in a vector), but
// a builtin that runs code — an await running a pending task inline, lock:with
// — nests one more execute() on it. Counting frames across those nestings
// (ExecutionContext::frames_allowed) bounds them, but not their C++ size, which
// depends on the build (sanitizers triple frame sizes) and on the thread's
// stack size. So each nesting also checks the stack itself, and both bounds
// give the same "maximum recursion depth" error.
#pragma once

namespace ark::vm {

// True when less than a safe reserve of this thread's stack is left (a
// quarter of the stack, at most a few MiB). False when the bounds are unknown.
bool stack_nearly_exhausted();

}  // namespace ark::vm
