// Scheduling analysis and requests.
//
// The main loop must never wait for analysis, so everything that touches the
// front end runs here, on a small pool of worker threads. The main loop only
// calls update(), remove() and run_with_snapshot(); each returns at once.
//
// Documents. Each open document has a File: its newest input (text + version),
// a generation counter bumped by every update, and the newest Snapshot built so
// far with the generation it was built from. A document is *dirty* while its
// built generation lags behind its generation.
//
// Debounce. An update does not build right away: it sets the document's due
// time to now + the DebouncePolicy's delay for that document. Each keystroke pushes the due time back,
// so while the user types nothing is built, and when they pause, exactly one
// build runs, over the newest text. This is clangd's "rebuild once the user
// stops typing", without clangd's one thread per file: builds of different
// documents run in parallel on the pool, but a document is never built by two
// workers at once (File::building), so builds of one document happen in order.
//
// Stale results. A build reads the input under the lock, runs without it, and
// stores its snapshot only if no newer build has been stored meanwhile. It
// reports to OnFresh (which publishes diagnostics) only if no update arrived
// during the build; otherwise its diagnostics describe text the user no longer
// has, so they are dropped and the next, already scheduled, build reports.
// Better still, a build is told when it is superseded (an update arrived since
// it started) and the front end then stops at its next phase boundary, so the
// newest text waits for at most one phase of dead work, not a whole build. The
// same signal stops the work OnFresh and OnQuiet do after the first publish.
//
// Recycling. A build is handed the document's previous snapshot when the
// scheduler holds the only reference to it (no request or OnFresh is reading
// it), and may rebuild its analysis in place for the new text instead of
// building one from nothing: a few milliseconds instead of tens on a big
// file. To keep that the common case, a document's next build does not start
// while OnFresh or OnQuiet still runs for its last one (File::finishing): they
// give up their extra work as soon as the text changes, so the wait is short.
// The snapshot is out of the File during the build; requests wait for the
// build anyway (the document is dirty), and an abandoned build gives it back.
//
// Quiet work. What is slow and may wait (the lints) runs in OnQuiet, once the
// document has stayed unchanged for quiet_delay after a build. While the
// user types it never starts, so it neither competes with the builds for the
// processor nor holds a snapshot the next build wants to recycle.
//
// Requests. A request is bound to the generation current when it arrived,
// because its positions refer to that text. It runs on the first snapshot of
// that generation or newer: at once if the document is clean, otherwise when
// the pending build lands. Requests therefore always see the latest snapshot
// the client could have meant, never an older one. They wait for the debounce
// too: the build is due within `delay` anyway, and not building per keystroke
// matters more than a few milliseconds of hover latency.
//
// Cancellation is not the scheduler's business: the main loop answers a
// cancelled request itself and sets its CancelToken; the task sees the token and
// returns without computing. A request whose document closes runs with a null
// snapshot and answers with an error.
//
// Invariant: user callbacks (build, on_fresh, on_quiet, tasks) never run under mutex_.
#include "server/scheduler.hpp"

#include <algorithm>
#include <utility>

#include "server/free_memory.hpp"

namespace ark::lsp {

using Clock = std::chrono::steady_clock;

namespace {

// A task at least this long (a workspace pass, incoming calls over unopened
// files) made garbage worth giving back once idle, as a build does; a hover
// or a completion did not.
constexpr std::chrono::milliseconds kHeavyTask{100};

// The last line of defence of a worker: an exception out of its thread function
// is std::terminate for the whole server. Tasks catch their own and answer with
// an error (dispatch.cpp); what escapes anyway (out of memory while making that
// answer) loses one answer, never the server.
template <class Callback>
void guarded(Callback&& callback) noexcept {
    try {
        callback();
    } catch (...) {
    }
}

}  // namespace

Scheduler::Scheduler(SchedulerOptions options, Build build, OnFresh on_fresh, OnQuiet on_quiet)
    : options_(options), build_(std::move(build)), on_fresh_(std::move(on_fresh)), on_quiet_(std::move(on_quiet)) {
    options_.n_workers = std::max<size_t>(1, options_.n_workers);
    for (size_t i = 0; i < options_.n_workers; ++i)
        workers_.emplace_back([this] { work(); });
}

Scheduler::~Scheduler() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (std::thread& worker : workers_)
        worker.join();
}

void Scheduler::update(BuildInput input) {
    {
        std::lock_guard lock(mutex_);
        File& file = files_[input.uri];
        file.latest = std::move(input);
        file.generation++;
        file.newest->store(file.generation, std::memory_order_relaxed);
        file.due = Clock::now() + options_.debounce.compute(file.last_build);
        file.quiet.reset();  // never the last reference: File::snapshot or a build holds it too
    }
    wake_.notify_all();
}

void Scheduler::remove(const std::string& uri) {
    {
        std::lock_guard lock(mutex_);
        const auto found = files_.find(uri);
        if (found == files_.end())
            return;
        for (auto& [generation, task] : found->second.waiting)
            ready_.push_back([task = std::move(task)] { task(nullptr); });
        files_.erase(found);
    }
    wake_.notify_all();
}

void Scheduler::run_with_snapshot(const std::string& uri, Task task) {
    {
        std::lock_guard lock(mutex_);
        const auto found = files_.find(uri);
        if (found == files_.end()) {
            ready_.push_back([task = std::move(task)] { task(nullptr); });
        } else if (File& file = found->second; file.snapshot && file.built_generation == file.generation) {
            ready_.push_back([task = std::move(task), snapshot = file.snapshot] { task(snapshot); });
        } else {
            file.waiting.emplace_back(file.generation, std::move(task));
        }
    }
    wake_.notify_one();
}

void Scheduler::run(std::function<void()> work) {
    {
        std::lock_guard lock(mutex_);
        ready_.push_back(std::move(work));
    }
    wake_.notify_one();
}

Scheduler::File* Scheduler::next_due_build(Clock::time_point now) {
    File* best = nullptr;
    for (auto& [uri, file] : files_) {
        if (file.building || file.finishing || file.built_generation == file.generation || file.due > now)
            continue;
        if (!best || file.due < best->due)
            best = &file;
    }
    return best;
}

Scheduler::File* Scheduler::next_due_quiet(Clock::time_point now) {
    for (auto& [uri, file] : files_)
        if (file.quiet && !file.building && !file.finishing && file.quiet_due <= now)
            return &file;
    return nullptr;
}

Clock::time_point Scheduler::earliest_due() const {
    auto earliest = Clock::time_point::max();
    for (const auto& [uri, file] : files_) {
        if (!file.building && !file.finishing && file.built_generation != file.generation)
            earliest = std::min(earliest, file.due);
        if (file.quiet && !file.building && !file.finishing)
            earliest = std::min(earliest, file.quiet_due);
    }
    return earliest;
}

void Scheduler::run_quiet(std::unique_lock<std::mutex>& lock, File& file) {
    std::shared_ptr<const Snapshot> snapshot = std::move(file.quiet);
    const std::string uri = snapshot->uri;
    const Superseded superseded = [newest = file.newest, generation = file.generation] {
        return newest->load(std::memory_order_relaxed) != generation;
    };
    file.finishing = true;
    lock.unlock();
    guarded([&] { on_quiet_(snapshot, superseded); });
    snapshot.reset();
    lock.lock();
    if (const auto still_open = files_.find(uri); still_open != files_.end())
        still_open->second.finishing = false;
    wake_.notify_all();
}

void Scheduler::work() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        if (!ready_.empty()) {
            std::function<void()> task = std::move(ready_.front());
            ready_.pop_front();
            lock.unlock();
            const auto started = Clock::now();
            guarded(task);  // tasks catch their own exceptions (see dispatch.cpp)
            task = nullptr;  // what it captured is garbage too
            const bool heavy = Clock::now() - started >= kHeavyTask;
            lock.lock();
            if (heavy) trim_due_ = Clock::now() + options_.trim_when_idle_for;
            continue;
        }
        if (File* file = next_due_quiet(Clock::now())) {
            run_quiet(lock, *file);
            continue;
        }
        if (File* file = next_due_build(Clock::now())) {
            file->building = true;
            // Ours alone (copies are only made under the lock): the build may recycle it.
            std::shared_ptr<const Snapshot> previous;
            if (file->snapshot.use_count() == 1)
                previous = std::move(file->snapshot);
            const BuildInput input = file->latest;
            const uint64_t generation = file->generation;
            const Superseded superseded = [newest = file->newest, generation] {
                return newest->load(std::memory_order_relaxed) != generation;
            };
            lock.unlock();
            std::shared_ptr<const Snapshot> snapshot;
            const auto started = Clock::now();
            try {
                snapshot = build_(input, superseded, previous);
            } catch (...) {
                // The front end promises never to throw; if it does anyway, serve the
                // text without analysis rather than leave requests waiting forever.
            }
            const bool abandoned = !snapshot && superseded();
            if (!snapshot && !abandoned)
                snapshot = std::make_shared<const Snapshot>(input);
            lock.lock();
            const auto found = files_.find(input.uri);
            if (found == files_.end())
                continue;  // closed during the build: drop the result
            File& built = found->second;
            built.building = false;
            if (abandoned) {
                // A newer text arrived and the build stopped early: its due
                // build picks up the waiting requests.
                if (!built.snapshot)
                    built.snapshot = std::move(previous);
                wake_.notify_all();
                continue;
            }
            built.last_build = Clock::now() - started;
            // The replaced snapshot is freed after the lock is released and the
            // diagnostics are out: freeing a big analysis takes milliseconds.
            std::shared_ptr<const Snapshot> replaced;
            if (generation > built.built_generation) {
                replaced = std::exchange(built.snapshot, snapshot);
                built.built_generation = generation;
            }
            // (`previous`, if the build did not recycle it, is freed with `replaced`.)
            auto still_waiting = std::partition(built.waiting.begin(), built.waiting.end(),
                                                [&](const auto& entry) { return entry.first > generation; });
            for (auto it = still_waiting; it != built.waiting.end(); ++it)
                ready_.push_back([task = std::move(it->second), snapshot] { task(snapshot); });
            built.waiting.erase(still_waiting, built.waiting.end());
            const bool fresh = generation == built.generation;
            built.finishing = fresh && on_fresh_;
            lock.unlock();
            wake_.notify_all();
            if (fresh && on_fresh_)
                guarded([&] { on_fresh_(snapshot, superseded); });
            snapshot.reset();
            lock.lock();
            if (const auto still_open = files_.find(input.uri); still_open != files_.end()) {
                File& done = still_open->second;
                done.finishing = false;
                if (fresh && on_quiet_ && done.generation == generation && done.snapshot) {
                    done.quiet = done.snapshot;
                    done.quiet_due = Clock::now() + options_.quiet_delay;
                }
            }
            lock.unlock();
            wake_.notify_all();
            // The old snapshots are freed last, outside the lock and after
            // the next build of the document could start.
            replaced.reset();
            previous.reset();
            lock.lock();
            trim_due_ = Clock::now() + options_.trim_when_idle_for;
            continue;
        }
        auto due = earliest_due();
        if (trim_due_ != Clock::time_point::max() && due == Clock::time_point::max() &&
            waiting_workers_ + 1 == options_.n_workers) {
            if (Clock::now() >= trim_due_) {
                // Nothing was built or is due for a while, and every other
                // worker waits: the garbage of the builds, lints, requests
                // and indexing is freed by now.
                trim_due_ = Clock::time_point::max();
                lock.unlock();
                release_free_memory();
                lock.lock();
                continue;
            }
            due = trim_due_;
        }
        ++waiting_workers_;
        if (due == Clock::time_point::max())
            wake_.wait(lock);
        else
            wake_.wait_until(lock, due);
        --waiting_workers_;
    }
}

}  // namespace ark::lsp
