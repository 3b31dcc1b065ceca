// A command's output is read as it comes, never with a blocking read: a
// command may run for an hour (`sleep 3600`), never end (`yes`), or wait on
// its standard input, and the run that started it must still stop when its
// host says so (the editor's Stop, a time limit). popen() gave none of that,
// and its child shared the process's standard input, which in the language
// server is the JSON-RPC stream.
//
// The child is the leader of a new process group, so stopping it stops what
// the shell started too. It is always waited for (no zombie), also when the
// run is cancelled or out of memory.
#include "child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "../context.hpp"
#include "../errors.hpp"
#include "waiting.hpp"

extern char** environ;

namespace ark::vm {

namespace {

struct Spawned {
    pid_t pid = -1;
    int output = -1;  // the read end of the child's standard output
};

Spawned spawn_shell(const std::string& command, bool inherit_input) {
    int pipe_ends[2];
    if (::pipe2(pipe_ends, O_CLOEXEC) != 0) return {};
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attributes);
    posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], STDOUT_FILENO);
    if (!inherit_input) posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    // Nothing else of the host: its sockets and files (a language server's
    // listening port, a client connection) are not the command's to keep.
    posix_spawn_file_actions_addclosefrom_np(&actions, STDERR_FILENO + 1);
    // Its own process group; and the signal state a shell expects, not the
    // host's: the language server ignores SIGPIPE (a closed client), which
    // would make `yes | head -1` in the command run for ever.
    sigset_t no_signals;
    sigset_t default_signals;
    sigemptyset(&no_signals);
    sigemptyset(&default_signals);
    sigaddset(&default_signals, SIGPIPE);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    posix_spawnattr_setpgroup(&attributes, 0);
    posix_spawnattr_setsigmask(&attributes, &no_signals);
    posix_spawnattr_setsigdefault(&attributes, &default_signals);
    const char* argv[] = {"sh", "-c", command.c_str(), nullptr};
    pid_t pid = -1;
    const int failed = ::posix_spawn(&pid, "/bin/sh", &actions, &attributes, const_cast<char* const*>(argv), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    ::close(pipe_ends[1]);
    if (failed != 0) {
        ::close(pipe_ends[0]);
        return {};
    }
    ::fcntl(pipe_ends[0], F_SETFL, ::fcntl(pipe_ends[0], F_GETFL) | O_NONBLOCK);
    return {pid, pipe_ends[0]};
}

// Ends the child however the read ends: its output closed, and the child
// waited for; killed first (with its process group) unless it finished.
class ChildGuard {
public:
    explicit ChildGuard(Spawned child) : child_(child) {}
    ~ChildGuard() {
        ::close(child_.output);
        if (!reaped_) {
            ::kill(-child_.pid, SIGKILL);
            int status = 0;
            while (::waitpid(child_.pid, &status, 0) < 0 && errno == EINTR) {}
        }
    }
    ChildGuard(const ChildGuard&) = delete;
    ChildGuard& operator=(const ChildGuard&) = delete;

    // Waits for the child to exit (it may outlive its output), in slices
    // (wait_one_slice: raises when the run is cancelled, and the destructor
    // then kills the child).
    void wait_for_exit(ExecutionContext& ctx, const std::string& cancelled_message) {
        for (;;) {
            int status = 0;
            const pid_t done = ::waitpid(child_.pid, &status, WNOHANG);
            if (done == child_.pid || (done < 0 && errno != EINTR)) {
                reaped_ = true;
                return;
            }
            wait_one_slice(ctx, -1, 0, cancelled_message);
        }
    }

private:
    Spawned child_;
    bool reaped_ = false;
};

}  // namespace

std::string run_child_process(ExecutionContext& ctx, const std::string& command) {
    const std::string cancelled = "sys:exec: the run was cancelled while the command \"" + command + "\" ran";
    // A cancelled run starts nothing more.
    if (ctx.runtime().cancelled.load(std::memory_order_relaxed)) raise(ErrorKind::Cancelled, cancelled);
    const Spawned child = spawn_shell(command, ctx.runtime().allow_input);
    if (child.pid < 0) raise("IOError", "sys:exec: couldn't run the command \"" + command + "\"");
    ChildGuard guard(child);
    std::string output;
    read_to_end(ctx, child.output, /*never_waits=*/false, cancelled, output);  // a read error keeps what came
    guard.wait_for_exit(ctx, cancelled);
    return output;
}

}  // namespace ark::vm
