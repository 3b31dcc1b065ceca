// Moving LSP message bodies in and out: "Content-Length" framing over stdio or
// over one TCP connection on 127.0.0.1. Knows bytes and headers, not JSON.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ark::lsp {

using TransportLog = std::function<void(std::string_view message)>;

class Transport {
public:
    virtual ~Transport() = default;
    // Blocks until one whole message body has arrived. Returns nullopt once the
    // input is closed or close() was called. Only one thread may read.
    virtual std::optional<std::string> read_message() = 0;
    // Frames and writes one body; safe to call from any thread. Returns false
    // when the peer has gone away.
    virtual bool write_message(std::string_view body) = 0;
    // Wakes a blocked read_message() (from any thread) and stops reading.
    virtual void close() = 0;
};

// Reads messages over stdio. Standard output is reserved for the protocol: the
// original descriptor is kept privately and fd 1 is pointed at stderr, so a
// stray print anywhere in the process cannot corrupt the stream.
std::unique_ptr<Transport> make_stdio_transport(TransportLog log);

// Listens on 127.0.0.1:port (0 picks a free port), logs "listening on
// 127.0.0.1:PORT", and serves the first connection that authenticates: its
// first line must be "Ark-Token: TOKEN" (CRLF or LF), sent before (or as the
// first header of) the first message. Any local user can connect to a port,
// so a connection without the token is closed and the next one accepted; one
// that sends nothing is dropped after kTokenWaitSeconds. Throws std::runtime_error if
// it cannot listen or accept.
inline constexpr std::string_view kTokenHeader = "Ark-Token:";
inline constexpr int kTokenWaitSeconds = 30;
std::unique_ptr<Transport> make_tcp_transport(uint16_t port, std::string token, TransportLog log);

// A fresh random token (32 bytes from the system's CSPRNG, in hex).
std::string make_token();

// Whether `line` (without its line break) is "Ark-Token: TOKEN" for `token`
// (the header name in any case, blanks around the value). Compares in time
// independent of where the token differs.
bool is_token_line(std::string_view line, std::string_view token);

// The framing itself, independent of where the bytes come from.
//
// Headers are lines ending in "\r\n" (a bare "\n" is tolerated), closed by an
// empty line. Content-Length is required; Content-Type and unknown headers are
// ignored. To resynchronise after garbage or a wrong Content-Length, a header
// block without a usable length is skipped, and "Content-Length:" is also
// recognised when garbage precedes it on the same line.
class FrameReader {
public:
    // Reads at most `capacity` bytes into `buffer`; returns 0 at end of input.
    using ReadSome = std::function<size_t(char* buffer, size_t capacity)>;

    static constexpr size_t max_body_size = size_t{1} << 28;    // 256 MiB
    static constexpr size_t max_header_line = size_t{1} << 16;  // 64 KiB

    FrameReader(ReadSome read_some, TransportLog log);
    std::optional<std::string> next();

private:
    bool fill();
    // One line without its terminator, or nullopt at end of input. Lines longer
    // than max_header_line are cut to their last bytes (a header may follow garbage).
    std::optional<std::string> read_line();

    ReadSome read_some_;
    TransportLog log_;
    std::string buffer_;
    size_t position_ = 0;
    bool at_end_ = false;
};

// Frames one body: "Content-Length: N\r\n\r\n" followed by the body.
std::string frame_message(std::string_view body);

}  // namespace ark::lsp
