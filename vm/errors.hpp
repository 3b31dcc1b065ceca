// Runtime errors. An ArkScript runtime error is a C++ exception inside vm/
// only: it unwinds to the one catch point of a run (ExecutionContext::run,
// a future's task, a builtin that must clean up like lock:with) and becomes a
// value there. Messages follow LANGUAGE.md §8.3.
#pragma once
#include <exception>
#include <string>
#include <vector>

namespace ark::vm {

// One line of a traceback: "at NAME (file:line:col)".
struct TraceFrame {
    std::string function;  // "<global>" for the top level
    std::string location;  // "file:line:col", may be empty when unknown
};

struct ArkError : std::exception {
    std::string kind;     // ScopeError, TypeError, ...
    std::string message;  // one line, no kind prefix
    std::vector<TraceFrame> trace;        // innermost first
    std::vector<TraceFrame> awaited_at;   // for errors re-raised by await
    bool traced = false;  // the interpreter filled `trace` already

    ArkError(std::string k, std::string m) : kind(std::move(k)), message(std::move(m)) {}
    const char* what() const noexcept override { return message.c_str(); }
};

[[noreturn]] inline void raise(std::string kind, std::string message) {
    throw ArkError(std::move(kind), std::move(message));
}

// Thrown by (sys:exit n): stops the whole program with that status.
struct ExitRequest {
    int status;
};

}  // namespace ark::vm
