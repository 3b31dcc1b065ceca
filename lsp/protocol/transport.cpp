// Content-Length framing and the stdio and TCP transports (see transport.hpp).
#include "protocol/transport.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <mutex>
#include <stdexcept>

#include <asio.hpp>

namespace ark::lsp {

// ---------------------------------------------------------------- framing

FrameReader::FrameReader(ReadSome read_some, TransportLog log)
    : read_some_(std::move(read_some)), log_(std::move(log)) {}

bool FrameReader::fill() {
    if (at_end_)
        return false;
    if (position_ > 0) {
        buffer_.erase(0, position_);
        position_ = 0;
    }
    char chunk[65536];
    const size_t n_read = read_some_(chunk, sizeof chunk);
    if (n_read == 0) {
        at_end_ = true;
        return false;
    }
    buffer_.append(chunk, n_read);
    return true;
}

std::optional<std::string> FrameReader::read_line() {
    std::string line;
    bool truncated = false;
    for (;;) {
        const size_t newline = buffer_.find('\n', position_);
        const size_t stop = newline == std::string::npos ? buffer_.size() : newline;
        line.append(buffer_, position_, stop - position_);
        position_ = newline == std::string::npos ? buffer_.size() : newline + 1;
        if (line.size() > max_header_line) {
            line.erase(0, line.size() - 64);  // keep a tail: "Content-Length: " may be starting
            truncated = true;
        }
        if (newline != std::string::npos)
            break;
        if (!fill())
            return std::nullopt;
    }
    if (truncated && log_)
        log_("transport: skipped an over-long header line");
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    return line;
}

namespace {

// Finds "content-length:" case-insensitively anywhere in the line and parses the
// decimal number after it. Returns nullopt when absent or not a number.
std::optional<size_t> parse_content_length(std::string_view line) {
    static constexpr std::string_view name = "content-length:";
    if (line.size() < name.size())
        return std::nullopt;
    for (size_t start = 0; start + name.size() <= line.size(); ++start) {
        bool match = true;
        for (size_t i = 0; i < name.size() && match; ++i)
            match = std::tolower(static_cast<unsigned char>(line[start + i])) == name[i];
        if (!match)
            continue;
        size_t pos = start + name.size();
        while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t'))
            ++pos;
        size_t value = 0;
        size_t n_digits = 0;
        while (pos < line.size() && std::isdigit(static_cast<unsigned char>(line[pos]))) {
            if (value > (size_t{1} << 40))
                return std::nullopt;  // absurd; rejected below anyway
            value = value * 10 + static_cast<size_t>(line[pos] - '0');
            ++pos, ++n_digits;
        }
        while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t'))
            ++pos;
        if (n_digits == 0 || pos != line.size())
            return std::nullopt;
        return value;
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> FrameReader::next() {
    for (;;) {
        std::optional<size_t> length;
        bool saw_header = false;
        bool saw_garbage = false;
        for (;;) {
            std::optional<std::string> line = read_line();
            if (!line)
                return std::nullopt;
            if (line->empty()) {
                if (saw_header)
                    break;
                continue;  // blank lines between messages are harmless
            }
            saw_header = true;
            if (auto value = parse_content_length(*line))
                length = value;
            else if (line->find(':') == std::string::npos)
                saw_garbage = true;
        }
        if (saw_garbage && log_)
            log_("transport: skipped bytes that are not LSP headers");
        if (!length) {
            if (log_)
                log_("transport: skipped a header block without a valid Content-Length");
            continue;
        }
        if (*length > max_body_size) {
            if (log_)
                log_("transport: skipped a message whose Content-Length exceeds 256 MiB");
            continue;
        }
        while (buffer_.size() - position_ < *length)
            if (!fill())
                return std::nullopt;  // the input ended inside a body
        std::string body = buffer_.substr(position_, *length);
        position_ += *length;
        return body;
    }
}

std::string frame_message(std::string_view body) {
    std::string framed = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
    framed.append(body);
    return framed;
}

// ---------------------------------------------------------------- stdio

namespace {

class StdioTransport final : public Transport {
public:
    explicit StdioTransport(TransportLog log)
        : reader_([this](char* buffer, size_t capacity) { return read_some(buffer, capacity); }, log) {
        std::fflush(stdout);
        out_fd_ = ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
        if (out_fd_ < 0)
            throw std::runtime_error("cannot duplicate standard output");
        ::dup2(STDERR_FILENO, STDOUT_FILENO);
        if (::pipe2(wake_fds_, O_CLOEXEC) != 0)
            throw std::runtime_error("cannot create a pipe");
    }

    ~StdioTransport() override {
        ::close(out_fd_);
        ::close(wake_fds_[0]);
        ::close(wake_fds_[1]);
    }

    std::optional<std::string> read_message() override { return reader_.next(); }

    bool write_message(std::string_view body) override {
        const std::string framed = frame_message(body);
        std::lock_guard lock(write_mutex_);
        size_t written = 0;
        while (written < framed.size()) {
            const ssize_t n = ::write(out_fd_, framed.data() + written, framed.size() - written);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return false;
            written += static_cast<size_t>(n);
        }
        return true;
    }

    void close() override {
        const char byte = 0;
        [[maybe_unused]] auto ignored = ::write(wake_fds_[1], &byte, 1);
    }

private:
    size_t read_some(char* buffer, size_t capacity) {
        for (;;) {
            pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {wake_fds_[0], POLLIN, 0}};
            const int ready = ::poll(fds, 2, -1);
            if (ready < 0 && errno == EINTR)
                continue;
            if (ready < 0 || (fds[1].revents & POLLIN))
                return 0;
            const ssize_t n = ::read(STDIN_FILENO, buffer, capacity);
            if (n < 0 && (errno == EINTR || errno == EAGAIN))
                continue;
            return n > 0 ? static_cast<size_t>(n) : 0;
        }
    }

    FrameReader reader_;
    int out_fd_ = -1;
    int wake_fds_[2] = {-1, -1};
    std::mutex write_mutex_;
};

// ---------------------------------------------------------------- TCP

class TcpTransport final : public Transport {
public:
    TcpTransport(uint16_t port, std::string token, TransportLog log)
        : socket_(io_),
          reader_([this](char* buffer, size_t capacity) { return read_some(buffer, capacity); }, log) {
        using asio::ip::tcp;
        tcp::acceptor acceptor(io_);
        const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
        acceptor.open(endpoint.protocol());
        acceptor.set_option(tcp::acceptor::reuse_address(true));
        acceptor.bind(endpoint);
        acceptor.listen(8);
        if (log)
            log("listening on 127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()));
        for (;;) {
            acceptor.accept(socket_);
            if (authenticated(token))
                break;
            if (log)
                log("refused a connection: its first line was not the Ark-Token header with this server's token");
            asio::error_code ignored;
            socket_.close(ignored);
            pending_.clear();
        }
        socket_.set_option(tcp::no_delay(true));
        if (log)
            log("client connected from " + socket_.remote_endpoint().address().to_string());
    }

    std::optional<std::string> read_message() override { return reader_.next(); }

    bool write_message(std::string_view body) override {
        const std::string framed = frame_message(body);
        std::lock_guard lock(write_mutex_);
        asio::error_code error;
        asio::write(socket_, asio::buffer(framed), error);
        return !error;
    }

    void close() override {
        asio::error_code ignored;
        socket_.shutdown(asio::ip::tcp::socket::shutdown_receive, ignored);
    }

private:
    // Reads the connection's first line (at most a few hundred bytes, within
    // kTokenWaitSeconds) and checks it; what follows it is kept for the reader.
    bool authenticated(const std::string& token) {
        constexpr size_t kMaxLine = 512;
        const int fd = socket_.native_handle();
        std::string received;
        for (;;) {
            const size_t newline = received.find('\n');
            if (newline != std::string::npos) {
                std::string_view line(received.data(), newline);
                if (line.ends_with('\r'))
                    line.remove_suffix(1);
                if (!is_token_line(line, token))
                    return false;
                pending_ = received.substr(newline + 1);
                return true;
            }
            if (received.size() > kMaxLine)
                return false;
            pollfd ready{fd, POLLIN, 0};
            const int n_ready = ::poll(&ready, 1, kTokenWaitSeconds * 1000);
            if (n_ready < 0 && errno == EINTR)
                continue;
            if (n_ready <= 0)
                return false;
            char chunk[kMaxLine];
            const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return false;
            received.append(chunk, static_cast<size_t>(n));
        }
    }

    size_t read_some(char* buffer, size_t capacity) {
        if (!pending_.empty()) {
            const size_t n = std::min(capacity, pending_.size());
            std::copy_n(pending_.data(), n, buffer);
            pending_.erase(0, n);
            return n;
        }
        asio::error_code error;
        const size_t n = socket_.read_some(asio::buffer(buffer, capacity), error);
        return error ? 0 : n;
    }

    asio::io_context io_;
    asio::ip::tcp::socket socket_;
    std::string pending_;  // bytes that came with the token line
    FrameReader reader_;
    std::mutex write_mutex_;
};

}  // namespace

std::unique_ptr<Transport> make_stdio_transport(TransportLog log) {
    return std::make_unique<StdioTransport>(std::move(log));
}

std::unique_ptr<Transport> make_tcp_transport(uint16_t port, std::string token, TransportLog log) {
    try {
        return std::make_unique<TcpTransport>(port, std::move(token), std::move(log));
    } catch (const std::system_error& error) {
        throw std::runtime_error("cannot serve on 127.0.0.1:" + std::to_string(port) + ": " + error.what());
    }
}

std::string make_token() {
    unsigned char bytes[32];
    size_t filled = 0;
    while (filled < sizeof bytes) {
        const ssize_t n = ::getrandom(bytes + filled, sizeof bytes - filled, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            throw std::runtime_error("cannot read random bytes for the connection token");
        filled += static_cast<size_t>(n);
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string token;
    for (const unsigned char byte : bytes) {
        token += kHex[byte >> 4];
        token += kHex[byte & 15];
    }
    return token;
}

bool is_token_line(std::string_view line, std::string_view token) {
    if (token.empty() || line.size() < kTokenHeader.size())
        return false;
    for (size_t i = 0; i < kTokenHeader.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(line[i])) !=
            std::tolower(static_cast<unsigned char>(kTokenHeader[i])))
            return false;
    std::string_view value = line.substr(kTokenHeader.size());
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
        value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
        value.remove_suffix(1);
    if (value.size() != token.size())
        return false;
    unsigned char difference = 0;
    for (size_t i = 0; i < token.size(); ++i)
        difference |= static_cast<unsigned char>(value[i] ^ token[i]);
    return difference == 0;
}

}  // namespace ark::lsp
