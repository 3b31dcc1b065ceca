// Server-initiated work-done progress ($/progress, LSP 3.17): the server asks
// the client for a token with window/workDoneProgress/create (through the
// table of outgoing requests) and reports on it only once the client said
// yes. Until the answer comes, the begin notification and the newest report
// wait here (an end, too: a short job may finish first); a refusal drops
// them all. Without the client capability window.workDoneProgress nothing is
// sent. report() may be called from any thread, in order.
#pragma once
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "protocol/jsonrpc.hpp"

namespace ark::lsp {

struct Session;

class WorkDoneProgress : public std::enable_shared_from_this<WorkDoneProgress> {
public:
    // Main loop. `kind` names the token: "ark/indexing/N".
    static std::shared_ptr<WorkDoneProgress> create(Session& session, const std::string& kind);
    // One $/progress value ({"kind": "begin" | "report" | "end", ...}).
    void report(json value);
    const std::string& token() const { return token_; }

private:
    enum class State { Waiting, Accepted, Refused };
    WorkDoneProgress(Session& session, std::string token, State state)
        : session_(session), token_(std::move(token)), state_(state) {}
    void answered(bool accepted);  // main loop, from the outgoing-requests table
    void send(json value);          // holds mutex_

    Session& session_;
    std::string token_;
    std::mutex mutex_;
    State state_;
    std::optional<json> begin_, latest_report_, end_;  // while Waiting
};

}  // namespace ark::lsp
