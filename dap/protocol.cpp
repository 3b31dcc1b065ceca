#include "protocol.hpp"

namespace ark::dap {

void Channel::send(json message) {
    std::lock_guard lock(mutex_);
    message["seq"] = seq_++;
    transport_.write_message(message.dump(-1, ' ', false, json::error_handler_t::replace));
}

int request_seq(const json& request) {
    auto it = request.find("seq");
    return it != request.end() && it->is_number_integer() ? it->get<int>() : 0;
}

std::string request_command(const json& request) {
    auto it = request.find("command");
    return it != request.end() && it->is_string() ? it->get<std::string>() : "";
}

void Channel::respond(const json& request, json body) {
    json message = {{"type", "response"},
                    {"request_seq", request_seq(request)},
                    {"success", true},
                    {"command", request_command(request)}};
    if (!body.empty()) message["body"] = std::move(body);
    send(std::move(message));
}

void Channel::fail(int request_seq, const std::string& command, const std::string& text) {
    send({{"type", "response"},
          {"request_seq", request_seq},
          {"success", false},
          {"command", command},
          {"message", text},
          {"body", {{"error", {{"id", 1}, {"format", text}, {"showUser", false}}}}}});
}

void Channel::event(const std::string& name, json body) {
    json message = {{"type", "event"}, {"event", name}};
    if (!body.empty()) message["body"] = std::move(body);
    send(std::move(message));
}

}  // namespace ark::dap
