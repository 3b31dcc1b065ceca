// The token that authenticates the client of `ark lsp --port N`: any local
// user can connect to a port on 127.0.0.1, so the first line of a connection
// must carry a secret only the user who started the server can read (see
// make_tcp_transport). It goes to the server's stderr, or to a 0600 file
// given with --token-file.
#pragma once
#include <string>

namespace ark::lsp {

struct ServerOptions;
class Logger;

class TcpToken {
public:
    // Makes a fresh token and hands it out: written to options.token_file
    // (replacing whatever is there, never through a symlink), else logged.
    // Throws std::runtime_error if the file cannot be written.
    TcpToken(const ServerOptions& options, const Logger& logger);
    // Removes the token file, which is no use once the server is gone.
    ~TcpToken();
    TcpToken(const TcpToken&) = delete;
    TcpToken& operator=(const TcpToken&) = delete;

    const std::string& value() const { return value_; }

private:
    std::string value_;
    std::string file_;
};

}  // namespace ark::lsp
