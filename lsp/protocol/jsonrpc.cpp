// JSON-RPC 2.0 message classification and construction (see jsonrpc.hpp).
#include "protocol/jsonrpc.hpp"

namespace ark::lsp {

ErrorReply error_reply_for(std::exception_ptr failure) {
    try {
        std::rethrow_exception(failure);
    } catch (const RpcError& error) {
        return {error.code(), error.what()};
    } catch (const json::exception& error) {
        // A missing field or a field of the wrong type in the params.
        return {ErrorCode::InvalidParams, std::string("invalid params: ") + error.what()};
    } catch (const std::exception& error) {
        return {ErrorCode::InternalError, std::string("internal error: ") + error.what()};
    } catch (...) {
        return {ErrorCode::InternalError, "internal error: unknown exception"};
    }
}

namespace {

bool is_valid_id(const json& id) { return id.is_number_integer() || id.is_string(); }

Malformed invalid(std::string message, RequestId id = nullptr) {
    return {ErrorCode::InvalidRequest, std::move(message), std::move(id)};
}

}  // namespace

bool nests_deeper_than(std::string_view text, size_t limit) {
    size_t depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (const char c : text) {
        if (in_string) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limit)
                return true;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return false;
}

Incoming parse_message(std::string_view body) {
    // nlohmann parses any depth without recursion, but copies, compares and
    // dumps recurse: a body nested 200,000 deep would overflow the stack
    // later. Refused before parsing, as the parse error it is to us.
    if (nests_deeper_than(body, kMaxNesting))
        return Malformed{ErrorCode::ParseError,
                         "parse error: the message nests arrays and objects deeper than " +
                             std::to_string(kMaxNesting) + " levels",
                         nullptr};
    json message = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
    if (message.is_discarded())
        return Malformed{ErrorCode::ParseError, "parse error: the message is not valid JSON", nullptr};
    if (!message.is_object())
        return invalid("invalid request: a message must be a JSON object");

    RequestId id = nullptr;
    const bool has_id = message.contains("id");
    if (has_id) {
        if (!is_valid_id(message["id"]))
            return invalid("invalid request: `id` must be an integer or a string");
        id = message["id"];
    }
    const auto version = message.find("jsonrpc");
    if (version == message.end() || *version != "2.0")
        return invalid("invalid request: `jsonrpc` must be \"2.0\"", id);

    const auto method = message.find("method");
    if (method == message.end()) {
        if (has_id && (message.contains("result") || message.contains("error")))
            return Response{id, message.value("result", json()), message.value("error", json())};
        return invalid("invalid request: missing `method`", id);
    }
    if (!method->is_string())
        return invalid("invalid request: `method` must be a string", id);

    json params = message.value("params", json());
    if (!params.is_null() && !params.is_object() && !params.is_array())
        return invalid("invalid request: `params` must be an object or an array", id);

    if (has_id)
        return Request{id, method->get<std::string>(), std::move(params)};
    return Notification{method->get<std::string>(), std::move(params)};
}

json make_response(const RequestId& id, json result) {
    return json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

json make_error(const RequestId& id, ErrorCode code, std::string_view message) {
    return json{{"jsonrpc", "2.0"},
                {"id", id},
                {"error", {{"code", static_cast<int>(code)}, {"message", std::string(message)}}}};
}

json make_notification(std::string_view method, json params) {
    return json{{"jsonrpc", "2.0"}, {"method", std::string(method)}, {"params", std::move(params)}};
}

json make_request(const RequestId& id, std::string_view method, json params) {
    json request{{"jsonrpc", "2.0"}, {"id", id}, {"method", std::string(method)}};
    if (!params.is_null())  // a request without parameters (workspace/diagnostic/refresh) has none
        request["params"] = std::move(params);
    return request;
}

std::string serialize(const json& message) {
    return message.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string id_key(const RequestId& id) { return serialize(id); }

}  // namespace ark::lsp
