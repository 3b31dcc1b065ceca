// The table of the server's own requests (see outgoing.hpp).
#include "server/outgoing.hpp"

#include "server/session.hpp"

namespace ark::lsp {

std::string OutgoingRequests::send(Session& session, std::string_view method, json params, OnResponse on_response) {
    const std::string id = "ark/" + std::to_string(++next_id_);
    waiting_.insert_or_assign(id_key(json(id)), Waiting{std::string(method), std::move(on_response)});
    session.send(make_request(id, method, std::move(params)));
    return id;
}

void OutgoingRequests::dispatch(Session& session, const Response& response) {
    const auto found = waiting_.find(id_key(response.id));
    if (found == waiting_.end()) {
        session.log(LogLevel::Warning, "ignored a response to an unknown request id " + response.id.dump());
        return;
    }
    Waiting waiting = std::move(found->second);
    waiting_.erase(found);
    if (waiting.on_response)
        return waiting.on_response(session, response);
    if (!response.error.is_null())
        session.log(LogLevel::Warning, waiting.method + " failed: " + response.error.dump());
}

}  // namespace ark::lsp
