// The requests the server sends the client (workspace/configuration,
// client/registerCapability, window/workDoneProgress/create, ...) and where
// their responses go: one table, id -> handler. Every id is "ark/N" from one
// counter, and every client response is dispatched through the table, so a
// feature that asks the client something owns its answer. Main loop only.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "protocol/jsonrpc.hpp"

namespace ark::lsp {

struct Session;

class OutgoingRequests {
public:
    // Called on the main loop with the client's response (result or error).
    using OnResponse = std::function<void(Session& session, const Response& response)>;

    // Sends `method` with a fresh id; `on_response` (if any) gets the answer.
    // Returns the id.
    std::string send(Session& session, std::string_view method, json params, OnResponse on_response = {});
    // Hands a response to the handler of its id (once). A response to an id
    // the server never used is logged; an error to a request nobody waits on
    // is logged too, so a refused registration does not go unnoticed.
    void dispatch(Session& session, const Response& response);
    size_t n_waiting() const { return waiting_.size(); }

private:
    struct Waiting {
        std::string method;
        OnResponse on_response;
    };
    uint64_t next_id_ = 0;
    std::unordered_map<std::string, Waiting> waiting_;  // by id_key()
};

}  // namespace ark::lsp
