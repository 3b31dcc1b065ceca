// The workspace configuration, owned by the server (its Pipeline): what the
// user chose in initializationOptions (the ceiling, and trust), and what the
// workspace asks for through workspace/configuration and
// workspace/didChangeConfiguration, which may only tighten it. Consumers read
// the settings in force when they start a piece of work (a lens run gets its
// limits per run). Thread-safe.
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>

#include "protocol/jsonrpc.hpp"

namespace ark::lsp {

// The limits of a lens run, in the user's terms (protocol/extensions.hpp names
// the settings). 0 means "no limit" for the timeout, the instruction budget
// and the memory budget.
struct RunLimitSettings {
    std::chrono::milliseconds timeout{10'000};
    uint64_t instruction_budget = 2'000'000'000;
    uint32_t max_call_depth = 10'000;
    size_t max_concurrent = 4;
    size_t max_output_bytes = size_t{1} << 20;
    uint64_t max_memory_bytes = uint64_t{512} << 20;
    // Whether runs may touch files and start processes (io:*, sys:exec).
    // Only initializationOptions.trustedWorkspace sets it: never a setting
    // read from the workspace itself, which an untrusted project controls.
    bool trusted_workspace = false;
};

class WorkspaceConfiguration {
public:
    // From initialize: initializationOptions {"run": {...}} or dotted keys
    // {"run.timeoutMs": ...}, and trustedWorkspace when `trust_allowed`.
    // What it sets is also the ceiling of every later change.
    void initialize(const json& initialization_options, bool trust_allowed);
    // A "run" settings object from the workspace (workspace/configuration,
    // workspace/didChangeConfiguration), over the current settings: a limit
    // may be lowered, never raised or removed, and trust never changes.
    void apply_workspace_run_settings(const json& settings);
    RunLimitSettings run_limits() const;

private:
    mutable std::mutex mutex_;
    RunLimitSettings ceiling_;
    RunLimitSettings current_;
};

}  // namespace ark::lsp
