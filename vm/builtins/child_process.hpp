// sys:exec's child: a shell command run with its standard output read back,
// in a way a host can always stop (see child_process.cpp).
#pragma once
#include <string>

namespace ark::vm {

class ExecutionContext;

// Runs `command` with /bin/sh -c and returns what it wrote on its standard
// output. Its standard input is the process's own when the run may read input
// (Runtime::allow_input), else /dev/null: a language server's standard input
// is its protocol channel. Raises an IOError when the command can not be
// started; when the run is cancelled, kills the command (its whole process
// group) and raises ErrorKind::Cancelled. The output is charged to the run's
// memory budget as it arrives (std::bad_alloc past it, the child killed).
std::string run_child_process(ExecutionContext& ctx, const std::string& command);

}  // namespace ark::vm
