// Result ids and remembered reports (see pull_diagnostics.hpp).
#include "features/pull_diagnostics.hpp"

#include <cstdio>
#include <functional>

namespace ark::lsp::features {

namespace {

uint64_t mix(uint64_t seed, uint64_t value) {
    return seed ^ (value + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

}  // namespace

std::string result_id_of(std::string_view report) {
    char id[17];
    std::snprintf(id, sizeof id, "%016llx",
                  static_cast<unsigned long long>(std::hash<std::string_view>{}(report)));
    return id;
}

uint64_t input_fingerprint(std::string_view text, const std::vector<std::optional<std::string>>& import_texts) {
    uint64_t fingerprint = std::hash<std::string_view>{}(text);
    for (const std::optional<std::string>& imported : import_texts)
        fingerprint = mix(fingerprint, imported ? std::hash<std::string_view>{}(*imported) : 0);
    return mix(fingerprint, import_texts.size());
}

std::optional<PulledReports::Report> PulledReports::find(const std::string& path) const {
    std::lock_guard lock(mutex_);
    const auto found = reports_.find(path);
    if (found == reports_.end())
        return std::nullopt;
    return found->second;
}

void PulledReports::store(const std::string& path, Report report) {
    std::lock_guard lock(mutex_);
    reports_.insert_or_assign(path, std::move(report));
}

}  // namespace ark::lsp::features
