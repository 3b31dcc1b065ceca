// The workspace configuration (see configuration.hpp).
#include "server/configuration.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string_view>

namespace ark::lsp {

namespace {

std::optional<double> number_at(const json& object, std::string_view key) {
    const auto found = object.find(key);
    if (found == object.end() || !found->is_number())
        return std::nullopt;
    const double value = found->get<double>();
    return std::isfinite(value) ? std::optional<double>(value) : std::nullopt;
}

// Reads {timeoutMs, instructionBudget, ...} over `base`; ignores what it cannot use.
RunLimitSettings run_limits_from_json(const json& object, RunLimitSettings base) {
    if (!object.is_object())
        return base;
    auto clamped = [](double value, double low, double high) { return std::clamp(std::floor(value), low, high); };
    if (auto value = number_at(object, "timeoutMs"))
        base.timeout = std::chrono::milliseconds(static_cast<int64_t>(clamped(*value, 0, 86'400'000)));
    for (const std::string_view key : {"instructionLimit", "instructionBudget"})
        if (auto value = number_at(object, key))
            base.instruction_budget = static_cast<uint64_t>(clamped(*value, 0, 1e18));
    if (auto value = number_at(object, "maxCallDepth"))
        base.max_call_depth = static_cast<uint32_t>(clamped(*value, 1, 100'000));
    if (auto value = number_at(object, "maxConcurrent"))
        base.max_concurrent = static_cast<size_t>(clamped(*value, 1, 64));
    if (auto value = number_at(object, "maxOutputBytes"))
        base.max_output_bytes = static_cast<size_t>(clamped(*value, 0, 256.0 * 1024 * 1024));
    if (auto value = number_at(object, "maxMemoryMb"))
        base.max_memory_bytes = static_cast<uint64_t>(clamped(*value, 0, 1 << 20)) << 20;
    return base;
}

// A limit where 0 means "none": the stricter of two.
template <typename T>
T stricter_of(T ceiling, T requested) {
    if (ceiling == T{})
        return requested;
    if (requested == T{})
        return ceiling;
    return std::min(ceiling, requested);
}

RunLimitSettings within_ceiling(const RunLimitSettings& ceiling, RunLimitSettings requested) {
    requested.timeout = stricter_of(ceiling.timeout, requested.timeout);
    requested.instruction_budget = stricter_of(ceiling.instruction_budget, requested.instruction_budget);
    requested.max_memory_bytes = stricter_of(ceiling.max_memory_bytes, requested.max_memory_bytes);
    // These have no "no limit" value.
    requested.max_call_depth = std::min(ceiling.max_call_depth, requested.max_call_depth);
    requested.max_concurrent = std::min(ceiling.max_concurrent, requested.max_concurrent);
    requested.max_output_bytes = std::min(ceiling.max_output_bytes, requested.max_output_bytes);
    requested.trusted_workspace = ceiling.trusted_workspace;
    return requested;
}

}  // namespace

void WorkspaceConfiguration::initialize(const json& options, bool trust_allowed) {
    RunLimitSettings settings;
    if (options.is_object()) {
        if (const auto trusted = options.find("trustedWorkspace");
            trust_allowed && trusted != options.end() && trusted->is_boolean())
            settings.trusted_workspace = trusted->get<bool>();
        if (const auto run = options.find("run"); run != options.end())
            settings = run_limits_from_json(*run, settings);
        json dotted = json::object();
        for (const auto& [key, value] : options.items())
            if (key.starts_with("run."))
                dotted[key.substr(4)] = value;
        settings = run_limits_from_json(dotted, settings);
    }
    std::lock_guard lock(mutex_);
    ceiling_ = current_ = settings;
}

void WorkspaceConfiguration::apply_workspace_run_settings(const json& settings) {
    std::lock_guard lock(mutex_);
    current_ = within_ceiling(ceiling_, run_limits_from_json(settings, current_));
}

RunLimitSettings WorkspaceConfiguration::run_limits() const {
    std::lock_guard lock(mutex_);
    return current_;
}

}  // namespace ark::lsp
