// Runs analysis and requests off the main loop: debounced builds per document on
// a small worker pool, stale results dropped. The design is explained at the top
// of scheduler.cpp.
#pragma once
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "server/snapshot.hpp"

namespace ark::lsp {

// Rebuild once the user stops typing: a build starts a delay after the last
// update of its document. Requests wait for the pending build, so the delay is
// also the extra latency of a request sent right after an edit. The delay is
// the document's last build time times `rebuild_ratio`, clamped to [min, max]
// (clangd's policy): a file that builds in 2 ms is rebuilt 2 ms after a
// keystroke, a slow one waits up to `max` for the typing to stop.
struct DebouncePolicy {
    std::chrono::milliseconds min{0};
    std::chrono::milliseconds max{50};
    double rebuild_ratio = 1.0;

    std::chrono::steady_clock::duration compute(std::chrono::steady_clock::duration last_build) const {
        const auto wanted = std::chrono::duration_cast<std::chrono::steady_clock::duration>(last_build * rebuild_ratio);
        return std::clamp<std::chrono::steady_clock::duration>(wanted, min, max);
    }
};

struct SchedulerOptions {
    size_t n_workers = 2;
    DebouncePolicy debounce;
};

class Scheduler {
public:
    using Build = std::function<std::shared_ptr<const Snapshot>(const BuildInput&)>;
    // Called on a worker with a snapshot of a document's newest version, once
    // per version that got built. Older (stale) builds never reach it.
    using OnFresh = std::function<void(std::shared_ptr<const Snapshot>)>;
    // Runs on a worker; the snapshot is null if the document is not open.
    using Task = std::function<void(std::shared_ptr<const Snapshot>)>;

    Scheduler(SchedulerOptions options, Build build, OnFresh on_fresh);
    ~Scheduler();  // stops the workers; tasks not yet started are dropped
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    // A document was opened or changed.
    void update(BuildInput input);
    // A document was closed: its waiting tasks run with a null snapshot.
    void remove(const std::string& uri);
    // Runs `task` with a snapshot at least as new as the document's version now.
    void run_with_snapshot(const std::string& uri, Task task);
    // Runs work that needs no document.
    void run(std::function<void()> work);

private:
    struct File {
        BuildInput latest;
        uint64_t generation = 0;        // bumped by every update
        uint64_t built_generation = 0;  // generation of `snapshot`
        std::shared_ptr<const Snapshot> snapshot;
        std::chrono::steady_clock::time_point due;
        std::chrono::steady_clock::duration last_build{0};  // for DebouncePolicy
        bool building = false;
        std::vector<std::pair<uint64_t, Task>> waiting;  // wanted generation, task
    };

    void work();
    File* next_due_build(std::chrono::steady_clock::time_point now);
    std::chrono::steady_clock::time_point earliest_due() const;

    SchedulerOptions options_;
    Build build_;
    OnFresh on_fresh_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::map<std::string, File> files_;
    std::deque<std::function<void()>> ready_;
    std::vector<std::thread> workers_;
};

}  // namespace ark::lsp
