// JSON-RPC 2.0 as LSP uses it: classifying incoming messages, building outgoing
// ones, the error codes, and the one function that maps a failure to a code.
// Knows JSON; knows nothing of documents, analysis or transports.
#pragma once
#include <cstddef>
#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

namespace ark::lsp {

using json = nlohmann::json;

// Codes from JSON-RPC 2.0 and the LSP specification (3.17).
enum class ErrorCode : int {
    ParseError = -32700,
    InvalidRequest = -32600,
    MethodNotFound = -32601,
    InvalidParams = -32602,
    InternalError = -32603,
    ServerNotInitialized = -32002,
    UnknownErrorCode = -32001,
    RequestFailed = -32803,
    ServerCancelled = -32802,
    ContentModified = -32801,
    RequestCancelled = -32800,
};

// Thrown by handlers that want a particular code; anything else thrown from a
// handler becomes InternalError (or InvalidParams for malformed params).
class RpcError : public std::runtime_error {
public:
    RpcError(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
    ErrorCode code() const { return code_; }

private:
    ErrorCode code_;
};

// The one mapping from a failure to the JSON-RPC error a client sees.
struct ErrorReply {
    ErrorCode code;
    std::string message;
};
ErrorReply error_reply_for(std::exception_ptr failure);

// An integer or a string, kept as the JSON the client sent so it is echoed exactly.
using RequestId = json;

struct Request {
    RequestId id;
    std::string method;
    json params;  // null when absent
};

struct Notification {
    std::string method;
    json params;
};

// A reply from the client to a request the server sent.
struct Response {
    RequestId id;
    json result;
    json error;
};

// A message that could not be classified; `id` is null unless one could be read.
struct Malformed {
    ErrorCode code;
    std::string message;
    RequestId id;
};

using Incoming = std::variant<Request, Notification, Response, Malformed>;

// Deeper nesting of arrays and objects is a parse error: the JSON library
// copies and serialises values recursively. LSP messages nest a few levels.
inline constexpr size_t kMaxNesting = 256;

// Whether brackets nest deeper than `limit` in a JSON text (brackets inside
// strings do not count). Linear, no allocation; the text need not be valid.
bool nests_deeper_than(std::string_view text, size_t limit);

// Parses one framed body. Never throws. A body nested deeper than kMaxNesting
// is Malformed with ParseError.
Incoming parse_message(std::string_view body);

json make_response(const RequestId& id, json result);
json make_error(const RequestId& id, ErrorCode code, std::string_view message);
json make_notification(std::string_view method, json params);
json make_request(const RequestId& id, std::string_view method, json params);  // null params: none sent

// Serialises a message; invalid UTF-8 in strings is replaced, never thrown on.
std::string serialize(const json& message);

// A stable key for maps of pending requests (1 and "1" are different ids).
std::string id_key(const RequestId& id);

}  // namespace ark::lsp
