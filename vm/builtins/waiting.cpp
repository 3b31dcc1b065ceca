#include "waiting.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <thread>

#include "../allocation_budget.hpp"
#include "../context.hpp"
#include "../errors.hpp"

namespace ark::vm {

int wait_one_slice(ExecutionContext& ctx, int fd, short events, const std::string& cancelled_message) {
    int polled = 0;
    if (fd >= 0) {
        pollfd ready{fd, events, 0};
        polled = ::poll(&ready, 1, static_cast<int>(kWaitSlice.count()));
    } else {
        std::this_thread::sleep_for(kWaitSlice);
    }
    if (ctx.runtime().cancelled.load(std::memory_order_relaxed)) raise(ErrorKind::Cancelled, cancelled_message);
    return polled;
}

bool read_to_end(ExecutionContext& ctx, int fd, bool never_waits, const std::string& cancelled_message, std::string& text) {
    char chunk[65536];
    for (;;) {
        if (!never_waits) {
            // Its end is a read of 0 bytes after poll() said something is there.
            const int polled = wait_one_slice(ctx, fd, POLLIN, cancelled_message);
            if (polled == 0 || (polled < 0 && errno == EINTR)) continue;
            if (polled < 0) return false;
        }
        const ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (n < 0) return false;
        if (n == 0) return true;
        check_room(text.size() + static_cast<size_t>(n));
        text.append(chunk, static_cast<size_t>(n));
    }
}

}  // namespace ark::vm
