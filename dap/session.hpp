// One `ark dap` session: reads DAP requests, drives the debugger core
// (debugger/), turns its events into DAP events. `run_dap` serves one client.
#pragma once
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "debugger.hpp"
#include "protocol.hpp"

namespace ark::dap {

struct DapOptions {
    std::optional<uint16_t> port;  // TCP on 127.0.0.1 (with the Ark-Token handshake) instead of stdio
    std::vector<std::string> library_paths;  // when launch names none
    unsigned threads = 0;
};

int run_dap(const DapOptions& options);

class Session final : public debugger::Events {
public:
    Session(Channel& channel, DapOptions options) : channel_(channel), options_(std::move(options)) {}
    ~Session() override;
    // Handles one message body; false once the client disconnected.
    bool handle(const std::string& body);

    void stopped(debugger::StopReason reason, int thread, const std::string& text, const std::vector<int>& breakpoints) override;
    void thread_event(const std::string& reason, int thread) override;
    void output(const std::string& category, const std::string& text) override;
    void exited(int status) override;
    void continued(int thread, bool all_threads) override;
    void breakpoint_changed(const debugger::BreakpointResult& breakpoint, const std::string& path) override;

private:
    json dispatch(const std::string& command, const json& arguments, const json& request);
    debugger::Debugger& debugger();
    void launch(const json& arguments);
    json frame_json(const debugger::FrameInfo& frame) const;
    json variable_json(const debugger::VariableInfo& v) const;
    json breakpoints_json(const std::vector<debugger::BreakpointResult>& results, const std::string& path) const;
    // With `replay`, the breakpoints keep the ids the client has and each
    // gets a `breakpoint` event (a restart recompiles: lines may move; those
    // set before launch were pending). Before launch: pending, unverified.
    json set_breakpoints(const json& arguments, bool replay = false);
    json set_function_breakpoints(const json& arguments, bool replay = false);
    void set_exception_breakpoints(const json& arguments);
    // After a (re)launch: the breakpoints and filters set so far, applied to
    // the new program, each breakpoint with a `breakpoint` event.
    void replay_configuration();
    // Before launch: unverified results with ids of their own, resolved by replay_configuration().
    std::vector<debugger::BreakpointResult> pending(size_t count, const std::vector<uint32_t>& lines);

    Channel& channel_;
    // While `restart` ends the previous run, its events are not the client's business.
    std::atomic<bool> quiet_{false};
    DapOptions options_;
    std::unique_ptr<debugger::Debugger> debugger_;
    bool lines_from_1_ = true, columns_from_1_ = true;
    bool configured_ = false;
    // What configured the last launch, replayed by `restart`.
    json launch_arguments_;
    std::map<std::string, json> breakpoint_requests_;
    std::map<std::string, std::vector<int>> breakpoint_ids_;  // per source, as last answered
    std::vector<int> function_breakpoint_ids_;
    int next_pending_breakpoint_ = 1;
    json function_breakpoints_ = json::object();
    json exception_breakpoints_ = json::object();
};

}  // namespace ark::dap
