#include "server/preamble_cache.hpp"

#include <algorithm>

namespace ark::lsp {

bool PreambleCache::same_roots(const std::shared_ptr<const std::vector<std::string>>& a,
                               const std::shared_ptr<const std::vector<std::string>>& b) {
    if (!a || !b) return a == b;  // null: unrestricted (`ark lsp --check`)
    return *a == *b;
}

std::shared_ptr<const StampedPreamble> PreambleCache::find(const BuildInput& input, const std::string& path,
                                                           const std::vector<std::string>& library_paths) {
    std::vector<std::shared_ptr<const StampedPreamble>> candidates;
    {
        std::lock_guard lock(mutex_);
        for (const Entry& entry : entries_)
            if (entry.library_paths == library_paths && same_roots(entry.import_roots, input.import_roots))
                if (std::shared_ptr<const StampedPreamble> alive = entry.preamble.lock())
                    if (analysis::preamble_matches(*alive->preamble, path, *input.text))
                        candidates.push_back(std::move(alive));
    }
    // Checked outside the lock: a stamp check stats every file the preamble
    // read (a millisecond for a thousand).
    for (std::shared_ptr<const StampedPreamble>& candidate : candidates)
        if (still_valid(*candidate, input)) return std::move(candidate);
    return nullptr;
}

void PreambleCache::add(std::shared_ptr<const StampedPreamble> preamble, const BuildInput& input,
                        const std::vector<std::string>& library_paths, bool keep_alive) {
    const analysis::Preamble& built = *preamble->preamble;
    std::lock_guard lock(mutex_);
    // One built for the same file and imports is out of date (else it would
    // have served): let it go.
    std::erase_if(kept_alive_, [&](const std::shared_ptr<const StampedPreamble>& kept) {
        return kept->preamble->path == built.path && kept->preamble->text == built.text;
    });
    std::erase_if(entries_, [](const Entry& entry) { return entry.preamble.expired(); });
    entries_.push_back(Entry{preamble, library_paths, input.import_roots});
    if (keep_alive && built.node_count <= kKeptAliveNodes) {
        kept_alive_.push_back(std::move(preamble));
        if (kept_alive_.size() > kKeptAlive) kept_alive_.pop_front();
    }
}

}  // namespace ark::lsp
