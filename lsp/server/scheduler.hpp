// Runs analysis and requests off the main loop: debounced builds per document on
// a small worker pool, stale results dropped. The design is explained at the top
// of scheduler.cpp.
#pragma once
#include <algorithm>
#include <atomic>
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
// (clangd's policy). The ratio is small because a build that a newer update
// supersedes stops at its next phase (see scheduler.cpp): the delay only has
// to gather changes an editor sends back to back (a paste, a multi-cursor
// edit, a burst of fast typing), not to keep whole builds from being wasted,
// and every millisecond of it is a millisecond before the user sees results.
struct DebouncePolicy {
    std::chrono::milliseconds min{0};
    std::chrono::milliseconds max{50};
    double rebuild_ratio = 0.1;

    std::chrono::steady_clock::duration compute(std::chrono::steady_clock::duration last_build) const {
        const auto wanted = std::chrono::duration_cast<std::chrono::steady_clock::duration>(last_build * rebuild_ratio);
        return std::clamp<std::chrono::steady_clock::duration>(wanted, min, max);
    }
};

struct SchedulerOptions {
    size_t n_workers = 2;
    DebouncePolicy debounce;
    // OnQuiet runs once a built document has stayed unchanged this long.
    std::chrono::milliseconds quiet_delay{50};
    // Once no build has landed for this long and nothing is due, the
    // allocator's free memory is given back (free_memory.hpp). malloc_trim
    // walks the whole heap, holding each arena's lock (30-70 ms for 300 MB),
    // so it waits for a pause in the typing instead of running between
    // keystrokes, where the next build would wait for it.
    std::chrono::milliseconds trim_when_idle_for{1000};
};

class Scheduler {
public:
    // True once the document changed again after the build started: the
    // result is stale. Cheap and thread-safe; may be polled often.
    using Superseded = std::function<bool()>;
    // A build may stop early and return null when `superseded` says so; the
    // scheduler then drops it and builds the newer text instead. `previous`
    // is the document's last snapshot when nothing else references it, else
    // null: the build may recycle it (and reset it), see scheduler.cpp.
    using Build = std::function<std::shared_ptr<const Snapshot>(const BuildInput&, const Superseded& superseded,
                                                                std::shared_ptr<const Snapshot>& previous)>;
    // Called on a worker with a snapshot of a document's newest version, once
    // per version that got built. Older (stale) builds never reach it. Work it
    // does after publishing can stop once `superseded` turns true.
    using OnFresh = std::function<void(std::shared_ptr<const Snapshot>, const Superseded& superseded)>;
    // Called like OnFresh, later: once the document has not changed for
    // SchedulerOptions::quiet_delay after that version was built (the user
    // paused). Skipped for a version changed before. For the slow extras
    // (lints) that would otherwise hold up the next build while the user types.
    using OnQuiet = OnFresh;
    // Runs on a worker; the snapshot is null if the document is not open.
    using Task = std::function<void(std::shared_ptr<const Snapshot>)>;

    Scheduler(SchedulerOptions options, Build build, OnFresh on_fresh, OnQuiet on_quiet = {});
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
        // A copy of `generation` that builds read without the lock.
        std::shared_ptr<std::atomic<uint64_t>> newest = std::make_shared<std::atomic<uint64_t>>(0);
        uint64_t built_generation = 0;  // generation of `snapshot`
        std::shared_ptr<const Snapshot> snapshot;
        std::chrono::steady_clock::time_point due;
        std::chrono::steady_clock::duration last_build{0};  // for DebouncePolicy
        bool building = false;
        bool finishing = false;  // OnFresh or OnQuiet runs for its snapshot: the next build waits (see scheduler.cpp)
        // The snapshot OnQuiet is due for at quiet_due; dropped by an update.
        std::shared_ptr<const Snapshot> quiet;
        std::chrono::steady_clock::time_point quiet_due;
        std::vector<std::pair<uint64_t, Task>> waiting;  // wanted generation, task
    };

    void work();
    // Runs the due OnQuiet of a file; called and returns with the lock held.
    void run_quiet(std::unique_lock<std::mutex>& lock, File& file);
    File* next_due_build(std::chrono::steady_clock::time_point now);
    File* next_due_quiet(std::chrono::steady_clock::time_point now);
    std::chrono::steady_clock::time_point earliest_due() const;

    SchedulerOptions options_;
    Build build_;
    OnFresh on_fresh_;
    OnQuiet on_quiet_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    // When the free memory is to be given back (see SchedulerOptions::trim_when_idle_for); max: not due.
    std::chrono::steady_clock::time_point trim_due_ = std::chrono::steady_clock::time_point::max();
    size_t waiting_workers_ = 0;   // in wake_.wait
    std::map<std::string, File> files_;
    std::deque<std::function<void()>> ready_;
    std::vector<std::thread> workers_;
};

}  // namespace ark::lsp
