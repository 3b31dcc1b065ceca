// How a builtin waits on a file descriptor or a child process without
// blocking for good: in slices, looking at the run's cancel flag after each,
// so a host's stop or time limit always ends the run (ARCHITECTURE.md, "A
// builtin never waits for good"). Shared by io:* (FIFOs, devices) and sys:exec.
#pragma once
#include <chrono>
#include <string>

namespace ark::vm {

class ExecutionContext;

// How long one slice of a wait lasts.
inline constexpr std::chrono::milliseconds kWaitSlice{20};

// One slice: until `fd` is ready for `events` (poll), or a plain sleep when
// `fd` is negative. Then raises ErrorKind::Cancelled with `cancelled_message`
// if the run was cancelled. Returns what poll() returned (0 after a sleep).
int wait_one_slice(ExecutionContext& ctx, int fd, short events, const std::string& cancelled_message);

// Appends what `fd` (opened with O_NONBLOCK) gives until its end, each chunk
// checked against the run's memory budget first (std::bad_alloc past it).
// Before each read it waits for input with wait_one_slice, unless
// `never_waits` (a regular file). Returns false on a read or poll error; what
// came before it stays in `text`.
bool read_to_end(ExecutionContext& ctx, int fd, bool never_waits, const std::string& cancelled_message, std::string& text);

}  // namespace ark::vm
