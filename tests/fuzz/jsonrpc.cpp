// fuzz_jsonrpc: the server's input path without its threads. Arbitrary bytes go
// through the Content-Length framing (fed in small uneven reads), each body
// through JSON-RPC classification, and every request whose route reads a
// snapshot through its handler and the dispatch's catch-all, on the current
// document; didOpen/didChange with a full text rebuild that document. Replies
// are serialised as the server would send them. Nothing may crash.
#include <algorithm>
#include <memory>
#include <string>
#include <string_view>

#include "fuzz_targets.hpp"
#include "protocol/jsonrpc.hpp"
#include "protocol/transport.hpp"
#include "server/dispatch.hpp"
#include "server/snapshot.hpp"

namespace ark::fuzz {

namespace {

using namespace ark::lsp;

constexpr const char* kUri = "file:///nonexistent/ark-fuzz/main.ark";

std::shared_ptr<const Snapshot> build(std::string text) {
    // Imports would read the disk: a document that names one is kept empty.
    if (text.find("import") != std::string::npos || text.size() > 8192)
        text.clear();
    BuildInput input{kUri, 1, std::make_shared<const std::string>(std::move(text)), PositionEncoding::Utf16,
                     std::make_shared<const OpenFiles>(), nullptr, nullptr, nullptr};
    return build_snapshot(input, BuildConfig{});
}

// The text of a didOpen or a full-document didChange, if the message has one.
std::optional<std::string> new_text(const Notification& notification) {
    const json& params = notification.params;
    if (!params.is_object())
        return std::nullopt;
    if (notification.method == "textDocument/didOpen") {
        auto document = params.find("textDocument");
        if (document != params.end() && document->is_object()) {
            auto text = document->find("text");
            if (text != document->end() && text->is_string())
                return text->get<std::string>();
        }
    } else if (notification.method == "textDocument/didChange") {
        auto changes = params.find("contentChanges");
        if (changes != params.end() && changes->is_array() && !changes->empty() && changes->back().is_object()) {
            auto text = changes->back().find("text");
            if (text != changes->back().end() && text->is_string())
                return text->get<std::string>();
        }
    }
    return std::nullopt;
}

void answer(const Snapshot& snapshot, const Request& request) {
    const Route* route = find_route(request.method);
    const auto* handler = route ? std::get_if<SnapshotRequestHandler>(&route->handler) : nullptr;
    json reply;
    try {
        if (!handler)
            throw RpcError(ErrorCode::MethodNotFound, "method not found");
        reply = make_response(request.id, (*handler)(snapshot, request.params, CancelToken()));
    } catch (...) {
        const ErrorReply error = error_reply_for(std::current_exception());
        reply = make_error(request.id, error.code, error.message);
    }
    serialize(reply);
}

}  // namespace

int jsonrpc(const uint8_t* data, size_t size) {
    static const std::shared_ptr<const Snapshot> initial =
        build("(let fib (fun (n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2))))))\n(print (fib 10))\n");
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    size_t position = 0;
    size_t n_reads = 0;
    FrameReader reader(
        [&](char* buffer, size_t capacity) {
            // Reads of 1..16 bytes, so headers and bodies arrive in pieces.
            const size_t want = std::min({capacity, input.size() - position, size_t{1} + n_reads++ % 16});
            std::copy_n(input.data() + position, want, buffer);
            position += want;
            return want;
        },
        [](std::string_view) {});

    std::shared_ptr<const Snapshot> snapshot = initial;
    for (int n_messages = 0; n_messages < 64; ++n_messages) {
        std::optional<std::string> body = reader.next();
        if (!body)
            break;
        Incoming message = parse_message(*body);
        if (auto* request = std::get_if<Request>(&message)) {
            answer(*snapshot, *request);
        } else if (auto* notification = std::get_if<Notification>(&message)) {
            if (std::optional<std::string> text = new_text(*notification))
                snapshot = build(std::move(*text));
        } else if (auto* malformed = std::get_if<Malformed>(&message)) {
            serialize(make_error(malformed->id, malformed->code, malformed->message));
        }
    }
    return 0;
}

}  // namespace ark::fuzz

ARK_FUZZ_ENTRY(jsonrpc)
