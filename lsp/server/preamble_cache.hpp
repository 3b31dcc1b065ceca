// The preambles of the documents built so far, for the other documents: files
// of one folder that begin with the same imports (nearly every ArkScript 4.8
// file begins with `(import std.Prelude)` or a few `(import std.X)`) share one
// analysis of those imports instead of each making its own, in time and in
// memory. analysis::preamble_matches() says which files a preamble can serve;
// the stamps (preamble_stamps.hpp) say whether what it read is unchanged.
//
// A document's snapshot owns its preamble; the cache only points at it, so
// closing the document frees it. Builds that keep no snapshot (a
// workspace/diagnostic pass over a folder, incoming calls) ask the cache to
// keep their last few small preambles alive, so that the next file of the
// pass shares them too. Thread-safe: builds run on the scheduler's workers.
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "server/preamble_stamps.hpp"

namespace ark::lsp {

class PreambleCache {
public:
    // A preamble built for another file (or this one) that can serve this
    // input and is still valid, or null.
    std::shared_ptr<const StampedPreamble> find(const BuildInput& input, const std::string& path,
                                                const std::vector<std::string>& library_paths);
    // Offers a preamble just built for `input`. With `keep_alive` (the
    // caller keeps no snapshot) the cache holds it, if it is small, until
    // kKeptAlive newer ones came or one built for the same imports replaces it.
    void add(std::shared_ptr<const StampedPreamble> preamble, const BuildInput& input,
             const std::vector<std::string>& library_paths, bool keep_alive);

    // What the cache holds alive itself: std.Prelude's preamble is about
    // 100,000 nodes, a chain of a thousand imported files 1.5 million.
    static constexpr size_t kKeptAlive = 2;
    static constexpr uint32_t kKeptAliveNodes = 400'000;

private:
    struct Entry {
        std::weak_ptr<const StampedPreamble> preamble;
        // What else decides what the preamble read.
        std::vector<std::string> library_paths;
        std::shared_ptr<const std::vector<std::string>> import_roots;
    };
    static bool same_roots(const std::shared_ptr<const std::vector<std::string>>& a,
                           const std::shared_ptr<const std::vector<std::string>>& b);

    std::mutex mutex_;
    std::vector<Entry> entries_;  // expired ones pruned on add()
    std::deque<std::shared_ptr<const StampedPreamble>> kept_alive_;
};

}  // namespace ark::lsp
