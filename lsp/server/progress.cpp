// Server-initiated work-done progress (see progress.hpp).
#include "server/progress.hpp"

#include "server/session.hpp"

namespace ark::lsp {

namespace {

bool client_shows_progress(const json& capabilities) {
    const auto window = capabilities.find("window");
    if (window == capabilities.end() || !window->is_object())
        return false;
    const auto supported = window->find("workDoneProgress");
    return supported != window->end() && supported->is_boolean() && supported->get<bool>();
}

}  // namespace

std::shared_ptr<WorkDoneProgress> WorkDoneProgress::create(Session& session, const std::string& kind) {
    const std::string token = kind + "/" + std::to_string(++session.next_progress_token);
    if (!session.client_capabilities.is_object() || !client_shows_progress(session.client_capabilities))
        return std::shared_ptr<WorkDoneProgress>(new WorkDoneProgress(session, token, State::Refused));
    std::shared_ptr<WorkDoneProgress> progress(new WorkDoneProgress(session, token, State::Waiting));
    session.outgoing.send(session, "window/workDoneProgress/create", {{"token", token}},
                          [progress](Session& session, const Response& response) {
                              if (!response.error.is_null())
                                  session.log(LogLevel::Warning, "window/workDoneProgress/create failed: " +
                                                                     response.error.dump() + "; no progress shown");
                              progress->answered(response.error.is_null());
                          });
    return progress;
}

void WorkDoneProgress::report(json value) {
    std::lock_guard lock(mutex_);
    switch (state_) {
    case State::Refused: return;
    case State::Accepted: return send(std::move(value));
    case State::Waiting: break;
    }
    const std::string kind = value.value("kind", "");
    if (kind == "begin")
        begin_ = std::move(value);
    else if (kind == "end")
        end_ = std::move(value);
    else
        latest_report_ = std::move(value);
}

void WorkDoneProgress::answered(bool accepted) {
    std::lock_guard lock(mutex_);
    if (state_ != State::Waiting)
        return;
    state_ = accepted ? State::Accepted : State::Refused;
    if (accepted) {
        // What happened meanwhile, in order; a report without its begin is not valid.
        if (begin_) {
            send(std::move(*begin_));
            if (latest_report_ && !end_)
                send(std::move(*latest_report_));
            if (end_)
                send(std::move(*end_));
        }
    }
    begin_.reset();
    latest_report_.reset();
    end_.reset();
}

void WorkDoneProgress::send(json value) {
    session_.send(make_notification("$/progress", {{"token", token_}, {"value", std::move(value)}}));
}

}  // namespace ark::lsp
