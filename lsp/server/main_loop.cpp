// The main loop: one thread that takes Events one at a time, parses and
// dispatches messages, and sends what the workers finished. It never waits on
// analysis: anything slow is posted to the Scheduler, whose results come back
// as events. A reader thread turns the transport's frames into MessageArrived.
#include <csignal>
#include <cstdio>
#include <thread>

#include "server/dispatch.hpp"
#include "server/handlers.hpp"
#include "server/server.hpp"
#include "server/session.hpp"
#include "server/tcp_token.hpp"

namespace ark::lsp {

void Logger::log(LogLevel level, std::string_view message) const {
    static constexpr const char* names[] = {"", "error", "warning", "info", "log"};
    {
        std::lock_guard lock(stderr_mutex_);
        std::fprintf(stderr, "ark lsp: %s: %.*s\n", names[static_cast<int>(level)], static_cast<int>(message.size()),
                     message.data());
        std::fflush(stderr);
    }
    if (to_client_ && transport_)
        transport_->write_message(serialize(make_notification(
            "window/logMessage", {{"type", static_cast<int>(level)}, {"message", std::string(message)}})));
}

namespace {

template <class... Cases>
struct Overloaded : Cases... {
    using Cases::operator()...;
};
// C++20 deduces this for aggregates by itself, but clang 14 (the fuzz build) does not.
template <class... Cases>
Overloaded(Cases...) -> Overloaded<Cases...>;

void on_message(Session& session, const std::string& body) {
    Incoming message = parse_message(body);
    if (auto* request = std::get_if<Request>(&message))
        return dispatch_request(session, std::move(*request));
    if (auto* notification = std::get_if<Notification>(&message))
        return dispatch_notification(session, std::move(*notification));
    if (const auto* response = std::get_if<Response>(&message))
        return session.outgoing.dispatch(session, *response);
    const auto& malformed = std::get<Malformed>(message);
    session.log(LogLevel::Warning, malformed.message);
    session.send(make_error(malformed.id, malformed.code, malformed.message));
}

int exit_code(const Session& session) { return session.shutdown_received ? 0 : 1; }

}  // namespace

int run_server(const ServerOptions& options) {
    // A client that disappears must not kill us in the middle of a write.
    std::signal(SIGPIPE, SIG_IGN);
    Logger boot_logger;
    const TransportLog transport_log = [&boot_logger](std::string_view message) {
        boot_logger.log(LogLevel::Info, message);
    };
    std::unique_ptr<TcpToken> token;
    std::unique_ptr<Transport> transport;
    try {
        if (options.port) {
            token = std::make_unique<TcpToken>(options, boot_logger);
            transport = make_tcp_transport(*options.port, token->value(), transport_log);
        } else {
            transport = make_stdio_transport(transport_log);
        }
    } catch (const std::exception& error) {
        boot_logger.log(LogLevel::Error, error.what());
        return 1;
    }

    Session session(options, *transport);
    session.logger.attach(transport.get());
    std::thread reader([&] {
        while (std::optional<std::string> body = transport->read_message())
            session.events.push(MessageArrived{std::move(*body)});
        session.events.push(InputClosed{});
    });

    while (!session.exit_requested) {
        Event event = session.events.pop();
        std::visit(Overloaded{
                       [&](MessageArrived& event) { on_message(session, event.body); },
                       [&](InputClosed&) {
                           session.log(LogLevel::Info, "input closed");
                           session.exit_requested = true;
                       },
                       [&](RequestFinished& event) {
                           // Dropped if $/cancelRequest already answered it.
                           if (session.pending.erase(id_key(event.id)) > 0)
                               session.send(event.reply);
                       },
                       [&](RunOutput& event) { session.send(event.notification); },
                       [&](LintConfigRead& event) { on_lint_config_read(session, event); },
                       [&](DiagnosticsReady& event) {
                           // Dropped if the document closed or changed since the build.
                           const Document* document = session.documents.find(event.uri);
                           if (document && document->version == event.version) {
                               session.imports_of.insert_or_assign(event.uri, std::move(event.imports));
                               deliver_diagnostics(session, event.uri, event.version, event.params);
                           }
                       },
                   },
                   event);
    }

    session.stop_work.cancel();
    session.pipeline.reset();
    session.lens_runs.reset();  // stops the lens runs
    transport->close();
    reader.join();
    return exit_code(session);
}

}  // namespace ark::lsp
