// The state of an `ark repl` session: the inputs accepted so far and the
// vm::Machine that keeps their variables. Each input is compiled with the
// history before it (one program that extends the previous one: same symbols
// and pages for the shared prefix) and only its own forms run.
#pragma once
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "host.hpp"
#include "pipeline.hpp"

namespace ark::cli::repl {

// What became of one input.
struct Evaluation {
    enum class Status { Ok, CompileError, RuntimeError, Exit };
    Status status = Status::Ok;
    // Ok: the text of the input's value, when it is shown (see echo rule in session.cpp).
    std::optional<std::string> echo;
    std::string error;  // CompileError, RuntimeError: one line
    int exit_status = 0;
};

class Session {
public:
    explicit Session(const CommonOptions& options);
    ~Session();

    // Compiles the input with the history and runs its forms.
    Evaluation evaluate(const std::string& input);
    // The files (repl:load FILE) asked for during the last input, as text, in
    // order: the REPL evaluates each as an input of its own. Empties the list.
    std::vector<std::string> take_pending_loads() { return std::exchange(pending_loads_, {}); }
    // Stops the input that is running (Ctrl-C): it ends with "interrupted" and
    // the session goes on. Only stores an atomic flag: safe in a signal handler.
    void interrupt() noexcept { machine_->cancel(); }
    // Forgets every definition and the history (`:reset`).
    void reset();
    // The accepted inputs, in order, as typed: (repl:history), (repl:save FILE).
    const std::string& history() const { return history_; }
    // Names to complete: the session's globals (its definitions, its imports'
    // names, the REPL's own functions), then the vocabulary (special forms,
    // operators, builtins, constants), each once.
    std::vector<std::string> completion_words() const;
    // Packages `import` can find on the library path ("std.List"...).
    std::vector<std::string> package_names() const;

private:
    void start_machine();
    // Binds (repl:history) and (repl:save FILE) over the prelude's placeholders.
    void bind_repl_functions();

    CommonOptions options_;
    std::string source_;   // what is compiled: the prelude, then the inputs as compiled
    std::string history_;  // the inputs as typed
    std::unique_ptr<vm::Machine> machine_;
    size_t forms_run_ = 0;  // top-level forms of the history already run
    std::vector<std::string> globals_;  // from the last analysis that compiled
    std::vector<std::string> pending_loads_;
};

}  // namespace ark::cli::repl
