// Handing out the TCP connection token (see tcp_token.hpp).
#include "server/tcp_token.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "protocol/transport.hpp"
#include "server/server.hpp"
#include "server/session.hpp"

namespace ark::lsp {

namespace {

// Writes `text` to `path` readable by its owner only: into a fresh temporary
// file next to it (mkstemp creates it 0600) renamed over `path`, so an
// existing file or a symlink planted at `path` is replaced, never written
// through, and no reader sees a partial token.
void write_private_file(const std::string& path, const std::string& text) {
    std::string temporary = path + ".XXXXXX";
    const int fd = ::mkstemp(temporary.data());
    if (fd < 0)
        throw std::runtime_error("cannot create a file next to " + path + ": " + std::strerror(errno));
    bool written = ::fchmod(fd, S_IRUSR | S_IWUSR) == 0;
    for (size_t done = 0; written && done < text.size();) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        written = n > 0;
        done += written ? static_cast<size_t>(n) : 0;
    }
    written = ::close(fd) == 0 && written;
    if (!written || ::rename(temporary.c_str(), path.c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        ::unlink(temporary.c_str());
        throw std::runtime_error("cannot write the token file " + path + ": " + reason);
    }
}

}  // namespace

TcpToken::TcpToken(const ServerOptions& options, const Logger& logger) : value_(make_token()) {
    if (options.token_file.empty()) {
        logger.log(LogLevel::Info, "token: " + value_ + " (send \"Ark-Token: " + value_ +
                                       "\\r\\n\" first on the connection)");
        return;
    }
    write_private_file(options.token_file, value_ + "\n");
    file_ = options.token_file;
    logger.log(LogLevel::Info, "token written to " + file_);
}

TcpToken::~TcpToken() {
    if (!file_.empty())
        ::unlink(file_.c_str());
}

}  // namespace ark::lsp
