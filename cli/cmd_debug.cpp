// `ark run --debugger FILE`: the terminal front end of the debugger core
// (debugger/), with the semantics of the DAP requests of the same names. The
// program runs; at an uncaught error or a (breakpoint) (or a step's end) a
// prompt reads commands from standard input until one resumes the program.
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <sstream>

#include "commands.hpp"
#include "debugger.hpp"

namespace ark::cli {

namespace {

constexpr const char* kDebuggerHelp =
    "commands:\n"
    "  stack [N]      the N innermost frames (default 5)\n"
    "  frame N        select frame N (0 is the innermost) for locals and expressions\n"
    "  locals [N]     the locals of frame N (default: the selected frame)\n"
    "  globals        the globals as the selected frame sees them\n"
    "  step           step into the next call (or to the next line)\n"
    "  next           step over to the next line\n"
    "  out            step out of the current function\n"
    "  c | continue   resume the program\n"
    "  q | quit       end the program\n"
    "  help           this text\n"
    "  anything else  is evaluated in the selected frame, e.g. (+ n 1) or (set n 5)\n";

// Collects the core's events for the prompt loop; prints the program's output.
class TerminalEvents final : public debugger::Events {
public:
    void stopped(debugger::StopReason reason, int thread, const std::string& text, const std::vector<int>&) override {
        std::lock_guard lock(mutex_);
        stops_.push_back({reason, thread, text});
        changed_.notify_all();
    }
    void thread_event(const std::string&, int) override {}
    void output(const std::string& category, const std::string& text) override {
        std::lock_guard lock(print_mutex_);
        (category == "stdout" ? std::cout : std::cerr) << text << std::flush;
    }
    void exited(int status) override {
        std::lock_guard lock(mutex_);
        status_ = status;
        changed_.notify_all();
    }

    struct Stop {
        debugger::StopReason reason;
        int thread;
        std::string text;
    };
    // The next stop, or nullopt once the program has ended.
    std::optional<Stop> next() {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return !stops_.empty() || status_; });
        if (stops_.empty()) return std::nullopt;
        Stop s = stops_.front();
        stops_.pop_front();
        return s;
    }
    int status() const { return status_.value_or(0); }

private:
    std::mutex mutex_, print_mutex_;
    std::condition_variable changed_;
    std::deque<Stop> stops_;
    std::optional<int> status_;
};

std::string where(const debugger::FrameInfo& f) {
    return f.path.empty() ? "" : std::filesystem::path(f.path).filename().string() + ":" + std::to_string(f.line) + ":" +
                                     std::to_string(f.column);
}

void print_scope(debugger::Debugger& d, int frame_id, const std::string& scope) {
    for (const auto& s : d.scopes(frame_id)) {
        if (s.name != scope) continue;
        auto vars = d.variables(s.reference);
        if (vars.empty()) std::cout << "  (none)\n";
        for (const auto& v : vars) std::cout << "  " << v.name << " = " << v.value << "\n";
        return;
    }
    std::cout << "  (none)\n";
}

// One prompt session at a stop; returns false when the user quits.
bool prompt(debugger::Debugger& d, const TerminalEvents::Stop& stop) {
    int selected = 0;
    auto frames = d.stack_trace(stop.thread);
    const std::string reason = debugger::reason_name(stop.reason);
    std::cout << "\n[debugger] stopped (" << reason << ")" << (stop.text.empty() ? "" : ": " + stop.text);
    if (!frames.empty()) std::cout << " in " << frames[0].name << " at " << where(frames[0]);
    std::cout << " — type help\n" << std::flush;
    std::string line;
    for (;;) {
        std::cout << "dbg> " << std::flush;
        if (!std::getline(std::cin, line)) {
            d.continue_all(std::nullopt);  // no more input: let the program finish
            return true;
        }
        std::istringstream words(line);
        std::string command;
        words >> command;
        int n = -1;
        words >> n;
        try {
            if (command.empty()) continue;
            if (command == "help") {
                std::cout << kDebuggerHelp;
            } else if (command == "c" || command == "continue") {
                d.continue_all(std::nullopt);
                return true;
            } else if (command == "q" || command == "quit") {
                return false;
            } else if (command == "step" || command == "next" || command == "out") {
                auto kind = command[0] == 's' ? debugger::StepKind::In
                            : command[0] == 'n' ? debugger::StepKind::Over
                                                : debugger::StepKind::Out;
                d.step(stop.thread, kind, false);
                return true;
            } else if (command == "stack") {
                frames = d.stack_trace(stop.thread);
                const size_t shown = n > 0 ? static_cast<size_t>(n) : 5;
                for (size_t i = 0; i < frames.size() && i < shown; ++i)
                    std::cout << "  #" << i << " " << frames[i].name << " (" << where(frames[i]) << ")\n";
                if (frames.size() > shown) std::cout << "  ... " << frames.size() - shown << " more\n";
            } else if (command == "frame") {
                if (n < 0 || static_cast<size_t>(n) >= frames.size()) throw debugger::DebugError("no frame " + std::to_string(n));
                selected = n;
                std::cout << "  #" << n << " " << frames[n].name << " (" << where(frames[n]) << ")\n";
            } else if (command == "locals") {
                const int index = n >= 0 ? n : selected;
                if (static_cast<size_t>(index) >= frames.size()) throw debugger::DebugError("no frame " + std::to_string(index));
                print_scope(d, frames[index].id, frames[index].name == "<global>" ? "Globals" : "Locals");
            } else if (command == "globals") {
                print_scope(d, frames[selected].id, "Globals");
            } else {
                auto r = d.evaluate(line, frames.empty() ? std::nullopt : std::optional<int>(frames[selected].id),
                                    debugger::EvalContext::Repl);
                std::cout << r.value << "\n";
            }
        } catch (const std::exception& e) {
            std::cout << "error: " << e.what() << "\n";
        }
    }
}

}  // namespace

int cmd_run_debugger(const std::string& file, const std::vector<std::string>& args, const CommonOptions& options) {
    if (file == "-") {
        std::cerr << "error: --debugger reads its commands from stdin: give the program as a file\n";
        return kExitUsage;
    }
    TerminalEvents events;
    debugger::LaunchOptions launch;
    launch.program = file;
    launch.args = args;
    launch.library_paths = library_paths(options);
    launch.threads = options.threads;
    std::unique_ptr<debugger::Debugger> d;
    try {
        d = std::make_unique<debugger::Debugger>(launch, events);
    } catch (const debugger::DebugError& e) {
        std::cerr << e.what();
        return kExitCompileError;
    }
    d->set_exception_filters(false, true);
    d->start();
    while (auto stop = events.next()) {
        if (!prompt(*d, *stop)) {
            d->terminate();
            break;
        }
    }
    d->wait_finished();
    return events.status();
}

}  // namespace ark::cli
