// The Debug Adapter Protocol's message model over a framed transport (the
// language server's Content-Length framing, lsp/protocol/transport.hpp):
// requests in; responses and events out, each with its own `seq`. Knows JSON,
// knows nothing of debugging.
#pragma once
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "protocol/transport.hpp"

namespace ark::dap {

using json = nlohmann::json;

// A request's `seq` and `command`, or 0 and "" when missing or mistyped.
int request_seq(const json& request);
std::string request_command(const json& request);

class Channel {
public:
    explicit Channel(lsp::Transport& transport) : transport_(transport) {}
    // Safe from any thread; messages go out whole and in `seq` order.
    void respond(const json& request, json body = json::object());
    void fail(int request_seq, const std::string& command, const std::string& message);
    void event(const std::string& name, json body = json::object());

private:
    void send(json message);
    lsp::Transport& transport_;
    std::mutex mutex_;
    int seq_ = 1;
};

}  // namespace ark::dap
