// Runtime errors. An ArkScript runtime error is a C++ exception inside vm/
// only: it unwinds to the one catch point of a run (ExecutionContext::run,
// a future's task, a builtin that must clean up like lock:with) and becomes a
// value there. Messages follow LANGUAGE.md §8.3.
#pragma once
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

namespace ark::vm {

// What went wrong, as data: hosts decide on the kind (a lens run that ran out
// of budget, a REPL input that was cancelled), never on the message's words.
// A kind prints as its upstream name (LANGUAGE.md §8.3); the VM's own limits
// (budget, cancellation, recursion depth) are kinds of their own that print as
// "VMError", as upstream's do.
class ErrorKind {
public:
    enum Code : uint8_t {
        Type,            // TypeError
        Scope,           // ScopeError
        Arity,           // ArityError
        Index,           // IndexError
        Value,           // ValueError
        DivisionByZero,  // DivisionByZero
        Assertion,       // AssertionFailed
        IO,              // IOError
        VM,              // VMError: any other misuse of the machine
        RecursionDepth,  // VMError: the call depth bound or the C++ stack was reached
        Budget,          // VMError: the run's instruction budget is spent
        Cancelled,       // VMError: the host cancelled the run
        Memory,          // MemoryError: out of memory, or over the run's memory cap
        Internal,        // InternalError: a failure of the implementation
    };
    constexpr ErrorKind(Code code) : code_(code) {}
    // The upstream spelling, checked at compile time: raise("TypeError", ...)
    // names ErrorKind::Type, and a misspelt kind does not compile.
    consteval ErrorKind(const char* name) : code_(parse(name)) {}

    constexpr Code code() const { return code_; }
    constexpr std::string_view name() const {
        switch (code_) {
            case Type: return "TypeError";
            case Scope: return "ScopeError";
            case Arity: return "ArityError";
            case Index: return "IndexError";
            case Value: return "ValueError";
            case DivisionByZero: return "DivisionByZero";
            case Assertion: return "AssertionFailed";
            case IO: return "IOError";
            case VM:
            case RecursionDepth:
            case Budget:
            case Cancelled: return "VMError";
            case Memory: return "MemoryError";
            case Internal: return "InternalError";
        }
        return "VMError";
    }
    friend constexpr bool operator==(ErrorKind a, ErrorKind b) { return a.code_ == b.code_; }

private:
    static consteval Code parse(std::string_view name) {
        for (Code c : {Type, Scope, Arity, Index, Value, DivisionByZero, Assertion, IO, VM, Memory, Internal})
            if (ErrorKind(c).name() == name) return c;
        throw "unknown runtime error kind";  // not a constant expression: a compile-time error
    }
    Code code_;
};

// One line of a traceback: "at NAME (file:line:col)".
struct TraceFrame {
    std::string function;  // "<global>" for the top level
    std::string location;  // "file:line:col", may be empty when unknown
};

struct ArkError : std::exception {
    ErrorKind kind;
    std::string message;  // one line, no kind prefix
    std::vector<TraceFrame> trace;        // innermost first
    std::vector<TraceFrame> awaited_at;   // for errors re-raised by await
    bool traced = false;  // the interpreter filled `trace` already

    ArkError(ErrorKind k, std::string m) : kind(k), message(std::move(m)) {}
    // "TypeError", ...: how the error is printed.
    std::string kind_name() const { return std::string(kind.name()); }
    const char* what() const noexcept override { return message.c_str(); }
};

[[noreturn]] inline void raise(ErrorKind kind, std::string message) {
    throw ArkError(kind, std::move(message));
}

// Thrown by (sys:exit n): stops the whole program with that status.
struct ExitRequest {
    int status;
};

}  // namespace ark::vm
