// `ark repl`: reads inputs (a form continues on the next line until its
// brackets balance), runs each in a session that keeps its definitions,
// prints the value of each input (see Session::evaluate's echo rule) or a
// one-line error, and goes on. Lines starting with `:` are commands.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <deque>
#include <iostream>
#include <optional>

#include "commands.hpp"
#include "repl/line_editor.hpp"
#include "repl/session.hpp"
#include "syntax/tree.hpp"

namespace ark::cli {

namespace {

constexpr const char* kReplHelp =
    "Type ArkScript forms: each input's value is printed (not nil, not that of let/mut/set).\n"
    "A form left open continues on the next line.\n"
    "Commands:\n"
    "  :help         this text\n"
    "  :load FILE    run FILE's code in the session (it joins the history)\n"
    "  :reset        forget every definition and the history\n"
    "  :quit         leave (as Ctrl-D does)\n"
    "Ctrl-C stops the input that is running, or drops the one being typed; the session goes on.\n"
    "Functions of the REPL:\n"
    "  (repl:history)     the session's inputs so far, as one string\n"
    "  (repl:save FILE)   writes them to FILE\n"
    "  (repl:load FILE)   runs FILE's code in the session once the current input has ended\n"
    "Start-up file: ARKSCRIPT_REPL_STARTUP names a file run when the session starts (and after :reset).\n"
    "Tab completes names: the session's definitions, builtins, keywords, and packages after (import .\n";

// True while some bracket of `text` is still open (strings and comments aside).
bool needs_more(const std::string& text) {
    auto parsed = syntax::parse(text, 0);
    for (const auto& d : parsed.diagnostics)
        if (d.code == "E0004" || d.code == "E0001") return true;
    return false;
}

std::string trim(const std::string& text) {
    const size_t first = text.find_first_not_of(" \t\r");
    if (first == std::string::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

// Ctrl-C: stops the input that runs, else abandons the line being typed.
// An interactive session handles it from start to end (so Ctrl-C never ends
// it); a session reading a pipe only while an input runs.
std::atomic<repl::Session*> running_session{nullptr};

extern "C" void on_ctrl_c(int) {
    if (repl::Session* session = running_session.load()) session->interrupt();
    else repl::LineEditor::note_interrupt();
}

// Routes SIGINT to on_ctrl_c while it lives.
class CtrlCHandler {
public:
    CtrlCHandler() {
        struct sigaction action {};
        action.sa_handler = on_ctrl_c;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        sigaction(SIGINT, &action, &previous_);
    }
    ~CtrlCHandler() { sigaction(SIGINT, &previous_, nullptr); }
    CtrlCHandler(const CtrlCHandler&) = delete;
    CtrlCHandler& operator=(const CtrlCHandler&) = delete;

private:
    struct sigaction previous_ {};
};

// While it lives, Ctrl-C stops `session`'s running input.
class RunningInput {
public:
    explicit RunningInput(repl::Session& session) { running_session.store(&session); }
    ~RunningInput() { running_session.store(nullptr); }
    RunningInput(const RunningInput&) = delete;
    RunningInput& operator=(const RunningInput&) = delete;
};

class Repl {
public:
    explicit Repl(const CommonOptions& options)
        : session_(options),
          editor_(isatty(0) != 0, repl::Vocabulary{[this] { return session_.completion_words(); },
                                                   [this] { return session_.package_names(); }}) {}

    int run() {
        std::optional<CtrlCHandler> whole_session;
        if (editor_.interactive()) whole_session.emplace();
        if (editor_.interactive()) std::cout << "ArkScript REPL — :help for help, Ctrl-D to quit\n";
        load_startup_file();
        std::string input;
        while (auto line = editor_.read(input.empty() ? "ark> " : "...> ")) {
            if (editor_.interrupted()) {  // Ctrl-C at the prompt: the form being typed is dropped
                input.clear();
                continue;
            }
            if (input.empty() && trim(*line).starts_with(":")) {
                editor_.remember(*line);
                if (!command(trim(*line))) break;
                continue;
            }
            input += *line + "\n";
            if (needs_more(input)) continue;
            editor_.remember(input);
            if (!trim(input).empty()) evaluate(input, true);
            input.clear();
        }
        return 0;
    }

private:
    // Runs one input, then the files it asked for with (repl:load FILE), each
    // as an input of its own; prints each one's value or error. A failed or
    // interrupted input drops the loads still waiting (a file that loads
    // itself runs until Ctrl-C).
    void evaluate(const std::string& first, bool echo) {
        std::deque<std::string> inputs{first};
        while (!inputs.empty()) {
            const std::string input = std::move(inputs.front());
            inputs.pop_front();
            repl::Evaluation result = [&] {
                std::optional<CtrlCHandler> while_running;
                if (!editor_.interactive()) while_running.emplace();
                const RunningInput running(session_);
                return session_.evaluate(input);
            }();
            std::vector<std::string> loads = session_.take_pending_loads();
            switch (result.status) {
                case repl::Evaluation::Status::Ok:
                    if (echo && result.echo) std::cout << *result.echo << "\n" << std::flush;
                    inputs.insert(inputs.begin(), loads.begin(), loads.end());
                    break;
                case repl::Evaluation::Status::CompileError:
                case repl::Evaluation::Status::RuntimeError:
                    std::cout << std::flush;
                    std::cerr << result.error << "\n" << std::flush;
                    return;
                case repl::Evaluation::Status::Exit:
                    editor_.save();
                    exit_now(result.exit_status);
            }
        }
    }

    // False to leave the session.
    bool command(const std::string& line) {
        const size_t space = line.find_first_of(" \t");
        const std::string name = line.substr(0, space);
        const std::string argument = space == std::string::npos ? "" : trim(line.substr(space));
        if (name == ":help") {
            std::cout << kReplHelp << std::flush;
        } else if (name == ":quit" || name == ":q") {
            return false;
        } else if (name == ":reset") {
            session_.reset();
            load_startup_file();
        } else if (name == ":load" && !argument.empty()) {
            if (auto text = read_text_file(argument)) evaluate(*text, true);
        } else if (name == ":load") {
            std::cerr << "error: :load needs a file name, as in :load prog.ark\n";
        } else {
            std::cerr << "error: unknown command " << name << " (:help lists them)\n";
        }
        return true;
    }

    // ARKSCRIPT_REPL_STARTUP: a file run quietly before the first input (upstream 4.1.2).
    void load_startup_file() {
        const char* path = std::getenv("ARKSCRIPT_REPL_STARTUP");
        if (!path || !*path) return;
        if (auto text = read_text_file(path)) evaluate(*text, false);
    }

    repl::Session session_;
    repl::LineEditor editor_;
};

}  // namespace

int cmd_repl(const CommonOptions& options) {
    Repl repl(options);
    return repl.run();
}

}  // namespace ark::cli
