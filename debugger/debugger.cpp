// The debugger core: threads, stops, steps and breakpoints (see debugger.hpp
// for the threading rules). Inspection is in inspect.cpp, evaluation in
// evaluate.cpp, the run itself in launch.cpp.
#include "debugger.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>

#include "analysis/analysis.hpp"
#include "codegen/compile.hpp"
#include "disassemble.hpp"
#include "opcodes.hpp"
#include "printer.hpp"

namespace ark::debugger {

namespace {

uint64_t key_of(uint32_t page, uint32_t pc) { return (uint64_t{page} << 32) | pc; }

std::string canonical(const std::string& path) {
    std::error_code ec;
    auto p = std::filesystem::weakly_canonical(std::filesystem::path(path), ec);
    return ec ? path : p.string();
}

// "path:line:col: Kind[code]: message", one line per error.
std::string render_diagnostics(const analysis::Analysis& a, const std::vector<Diagnostic>& extra) {
    std::string text;
    auto add = [&](const Diagnostic& d) {
        if (d.severity != Severity::Error) return;
        if (d.where.file < a.sources.size()) {
            const SourceFile& file = a.sources.file(d.where.file);
            const LineColumn at = file.lines.to_line_column(d.where.range.begin, PositionEncoding::Utf32);
            text += file.path + ":" + std::to_string(at.line + 1) + ":" + std::to_string(at.column + 1) + ": ";
        }
        text += d.kind + "[" + d.code + "]: " + d.message + "\n";
    };
    for (const auto& d : a.diagnostics) add(d);
    for (const auto& d : extra) add(d);
    return text;
}

// How long a request waits for a thread that was asked to stop to reach its
// next safe point (a thread inside a long builtin may take a while).
constexpr auto kStopWait = std::chrono::seconds(30);

}  // namespace

const char* reason_name(StopReason reason) {
    switch (reason) {
        case StopReason::Entry: return "entry";
        case StopReason::Breakpoint: return "breakpoint";
        case StopReason::Step: return "step";
        case StopReason::Pause: return "pause";
        case StopReason::Exception: return "exception";
        case StopReason::FunctionBreakpoint: return "function breakpoint";
    }
    return "pause";
}

Debugger::Debugger(const LaunchOptions& options, Events& events) : events_(events), options_(options) {
    FileRead read = read_regular_file(options.program);
    if (!read.text) throw DebugError("can not read " + options.program);
    source_text_ = std::move(*read.text);
    analysis::AnalysisOptions analysis_options;
    analysis_options.library_paths = options.library_paths;
    auto analysis = analysis::analyze(options.program, source_text_, analysis_options);
    if (analysis->has_errors()) throw DebugError(render_diagnostics(*analysis, {}));
    auto compiled = codegen::compile_program(analysis->expanded.program, analysis->sources);
    if (!compiled.program) throw DebugError(render_diagnostics(*analysis, compiled.diagnostics));
    program_ = compiled.program;
    make_flags(*program_);
    std::set<uint32_t> globals;
    for (const vm::Instr& ins : program_->pages[0].code)
        if (ins.op == vm::OP_STORE) globals.insert(ins.a);
    globals_.assign(globals.begin(), globals.end());
}

Debugger::~Debugger() {
    terminate();
    wait_finished();
}

// ----- breakpoints -----

vm::SourcePos Debugger::position(uint32_t page, uint32_t pc) const {
    const auto& positions = program_->pages[page].positions;
    return pc < positions.size() ? positions[pc] : vm::SourcePos{};
}

void Debugger::flag(uint64_t key, bool on) {
    pc_flags(static_cast<uint32_t>(key >> 32))[key & 0xffffffffu].store(on ? 1 : 0, std::memory_order_relaxed);
}

std::vector<BreakpointResult> Debugger::set_breakpoints(const std::string& path, const std::vector<SourceBreakpoint>& wanted) {
    const std::string file = canonical(path);
    std::set<uint32_t> files;
    for (uint32_t i = 0; i < program_->files.size(); ++i)
        if (canonical(program_->files[i]) == file) files.insert(i);
    std::lock_guard lock(mutex_);
    // Forget this file's previous breakpoints.
    for (uint64_t key : file_breakpoints_[file]) {
        auto& list = breakpoints_[key];
        list.erase(std::remove_if(list.begin(), list.end(), [](const Breakpoint& b) { return !b.function; }), list.end());
        if (list.empty()) {
            breakpoints_.erase(key);
            flag(key, false);
        }
    }
    file_breakpoints_[file].clear();
    // Every line of this file that has code, and where each run of it starts.
    std::map<uint32_t, std::vector<uint64_t>> line_starts;
    for (uint32_t p = 0; p < program_->pages.size(); ++p) {
        const auto& positions = program_->pages[p].positions;
        for (uint32_t pc = 0; pc < positions.size(); ++pc) {
            const vm::SourcePos& at = positions[pc];
            if (at.line == 0 || !files.count(at.file)) continue;
            bool starts = pc == 0 || positions[pc - 1].line != at.line || positions[pc - 1].file != at.file;
            if (starts) line_starts[at.line].push_back(key_of(p, pc));
        }
    }
    std::vector<BreakpointResult> results;
    for (const SourceBreakpoint& b : wanted) {
        BreakpointResult r;
        r.id = b.id ? b.id : next_breakpoint_++;
        next_breakpoint_ = std::max(next_breakpoint_, r.id + 1);
        auto it = line_starts.lower_bound(b.line);
        if (it == line_starts.end()) {
            r.verified = false;
            r.line = b.line;
            r.message = files.empty() ? "this file is not part of the program" : "no code at or after this line";
            results.push_back(r);
            continue;
        }
        r.verified = true;
        r.line = it->first;
        for (uint64_t key : it->second) {
            breakpoints_[key].push_back(Breakpoint{r.id, false, b.condition, b.hit_condition, b.log_message, 0});
            file_breakpoints_[file].push_back(key);
            flag(key, true);
        }
        results.push_back(r);
    }
    return results;
}

std::vector<BreakpointResult> Debugger::set_function_breakpoints(const std::vector<std::string>& names,
                                                                 const std::vector<int>& ids) {
    std::lock_guard lock(mutex_);
    for (uint64_t key : function_keys_) {
        auto& list = breakpoints_[key];
        list.erase(std::remove_if(list.begin(), list.end(), [](const Breakpoint& b) { return b.function; }), list.end());
        if (list.empty()) {
            breakpoints_.erase(key);
            flag(key, false);
        }
    }
    function_keys_.clear();
    std::vector<BreakpointResult> results;
    for (size_t i = 0; i < names.size(); ++i) {
        const std::string& name = names[i];
        BreakpointResult r;
        r.id = i < ids.size() && ids[i] ? ids[i] : next_breakpoint_++;
        next_breakpoint_ = std::max(next_breakpoint_, r.id + 1);
        for (uint32_t p = 1; p < program_->pages.size(); ++p) {
            if (program_->pages[p].name != name || program_->pages[p].code.empty()) continue;
            uint64_t key = key_of(p, 0);
            breakpoints_[key].push_back(Breakpoint{r.id, true, "", "", "", 0});
            function_keys_.push_back(key);
            flag(key, true);
            r.verified = true;
            r.line = position(p, 0).line;
        }
        if (!r.verified) r.message = "no function named " + name;
        results.push_back(r);
    }
    return results;
}

void Debugger::set_exception_filters(bool raised, bool uncaught) {
    std::lock_guard lock(mutex_);
    break_raised_ = raised;
    break_uncaught_ = uncaught;
}

namespace {

// "5" or "== 5", ">= 5", "> 5", "< 5", "<= 5", "% 5" over the hit count.
bool hit_condition_holds(const std::string& condition, uint64_t hits) {
    std::string c;
    for (char ch : condition)
        if (ch != ' ') c += ch;
    if (c.empty()) return true;
    std::string op;
    while (!c.empty() && std::string("=<>%!").find(c[0]) != std::string::npos) {
        op += c[0];
        c.erase(0, 1);
    }
    uint64_t n = 0;
    try {
        n = std::stoull(c);
    } catch (...) {
        return true;  // not understood: behave as a plain breakpoint
    }
    if (op.empty() || op == "==" || op == "=") return hits == n;
    if (op == ">=") return hits >= n;
    if (op == ">") return hits > n;
    if (op == "<") return hits < n;
    if (op == "<=") return hits <= n;
    if (op == "%") return n && hits % n == 0;
    if (op == "!=") return hits != n;
    return true;
}

}  // namespace

bool Debugger::check_breakpoints(vm::ExecutionContext& ctx, std::vector<int>& hit, bool& function) {
    const uint32_t pc = ctx.current_pc() - 1;
    const uint64_t key = key_of(ctx.frames().back().page, pc);
    std::vector<Breakpoint> here;
    {
        std::lock_guard lock(mutex_);
        auto it = breakpoints_.find(key);
        if (it == breakpoints_.end()) return false;
        here = it->second;
    }
    bool stop = false;
    for (Breakpoint& b : here) {
        if (!b.condition.empty()) {
            try {
                if (!evaluate_in_frame(ctx, ctx.frames().size() - 1, b.condition).truthy()) continue;
            } catch (const std::exception& e) {
                const std::string message = "breakpoint condition `" + b.condition + "' failed: " + e.what();
                events_.output("console", message + "\n");
                report_failed_condition(b.id, key, message);
            }
        }
        uint64_t hits;
        {
            std::lock_guard lock(mutex_);
            auto it = breakpoints_.find(key);
            if (it == breakpoints_.end()) return false;
            auto found = std::find_if(it->second.begin(), it->second.end(), [&](const Breakpoint& x) { return x.id == b.id; });
            if (found == it->second.end()) continue;
            hits = ++found->hits;
        }
        if (!hit_condition_holds(b.hit_condition, hits)) continue;
        if (!b.log_message.empty()) {
            events_.output("console", log_text(ctx, b.log_message) + "\n");
            continue;
        }
        hit.push_back(b.id);
        function = function || b.function;
        stop = true;
    }
    return stop;
}

void Debugger::report_failed_condition(int id, uint64_t key, const std::string& message) {
    {
        std::lock_guard lock(mutex_);
        if (!failed_conditions_.insert(id).second) return;
    }
    const vm::SourcePos at = position(static_cast<uint32_t>(key >> 32), static_cast<uint32_t>(key & 0xffffffffu));
    BreakpointResult changed;
    changed.id = id;
    changed.verified = true;  // still set: a failed condition stops like a plain breakpoint
    changed.line = at.line;
    changed.message = message;
    events_.breakpoint_changed(changed, at.file < program_->files.size() ? program_->files[at.file] : std::string());
}

std::string Debugger::log_text(vm::ExecutionContext& ctx, const std::string& message) {
    std::string out;
    for (size_t i = 0; i < message.size(); ++i) {
        if (message[i] != '{') {
            out += message[i];
            continue;
        }
        size_t end = message.find('}', i);
        if (end == std::string::npos) {
            out += message.substr(i);
            break;
        }
        std::string expression = message.substr(i + 1, end - i - 1);
        try {
            out += vm::to_display(evaluate_in_frame(ctx, ctx.frames().size() - 1, expression), *program_);
        } catch (const std::exception& e) {
            out += std::string("<error: ") + e.what() + ">";
        }
        i = end;
    }
    return out;
}

// ----- contexts come and go -----

uint64_t Debugger::task_spawned(vm::ExecutionContext& spawner, const std::string& callee) {
    vm::SourcePos at = spawner.current_position();
    std::string where = at.line && at.file < program_->files.size()
                            ? std::filesystem::path(program_->files[at.file]).filename().string() + ":" + std::to_string(at.line)
                            : "?";
    std::lock_guard lock(mutex_);
    uint64_t token = next_spawn_++;
    Thread& t = thread_of(spawner);
    const bool step_goes_in = t.step == StepKind::In;
    spawns_[token] = Spawn{callee + " (spawned at " + where + ")", step_goes_in};
    if (step_goes_in) {
        // The step into `async` ends in the task, at its first line: the
        // spawner runs on without a step of its own. Were it kept, the
        // spawner would stop a second time, or not, depending on whether it
        // reached a safe point before the client resumed the task's stop.
        t.step = StepKind::None;
        if (!stopping_all_ && !pause_requested_ && !terminating_)
            spawner.debug_poll().store(0, std::memory_order_relaxed);
    }
    return token;
}

void Debugger::context_started(vm::ExecutionContext& ctx, uint64_t spawn) {
    auto* t = new Thread;
    t->ctx = &ctx;
    ctx.debug_data = t;
    int id;
    {
        std::lock_guard lock(mutex_);
        id = t->id = next_thread_++;
        t->spawn = spawn;
        if (spawn == 0) {
            t->name = "main";
            if (options_.stop_on_entry) t->step = StepKind::Entry;
        } else {
            auto it = spawns_.find(spawn);
            t->name = "task " + std::to_string(id) + ": " + (it != spawns_.end() ? it->second.name : "?");
            if (it != spawns_.end() && it->second.stop_at_entry) t->step = StepKind::Entry;
            if (it != spawns_.end()) spawns_.erase(it);
        }
        if (t->step != StepKind::None || stopping_all_ || pause_requested_ || terminating_)
            ctx.debug_poll().store(1, std::memory_order_relaxed);
        threads_[id] = t;
    }
    events_.thread_event("started", id);
}

void Debugger::context_finished(vm::ExecutionContext& ctx) {
    int id;
    {
        std::lock_guard lock(mutex_);
        Thread* t = &thread_of(ctx);
        id = t->id;
        // A step that leaves the task goes on in the thread awaiting it.
        if (t->step != StepKind::None && t->spawn) {
            stepped_out_of_.insert(t->spawn);
            for (auto& [other_id, other] : threads_) {
                if (other->state == State::Blocked && other->awaiting == t->spawn) {
                    other->step = StepKind::AfterAwait;
                    other->ctx->debug_poll().store(1, std::memory_order_relaxed);
                }
            }
        }
        threads_.erase(id);
        delete t;
        ctx.debug_data = nullptr;
    }
    changed_.notify_all();
    events_.thread_event("exited", id);
}

void Debugger::blocking_begin(vm::ExecutionContext& ctx, const char* what, uint64_t awaited) {
    {
        std::lock_guard lock(mutex_);
        Thread& t = thread_of(ctx);
        t.state = State::Blocked;
        t.blocked_on = what;
        t.awaiting = awaited;
        // The awaited task ended in the middle of a step already.
        if (awaited && stepped_out_of_.count(awaited)) {
            t.step = StepKind::AfterAwait;
            ctx.debug_poll().store(1, std::memory_order_relaxed);
        }
    }
    changed_.notify_all();
}

void Debugger::blocking_end(vm::ExecutionContext& ctx) {
    // Under the lock: a request reading this context's frames finishes first.
    std::lock_guard lock(mutex_);
    Thread& t = thread_of(ctx);
    t.state = State::Running;
    t.awaiting = 0;
}

// ----- stops -----

bool Debugger::step_done(const Thread& t) const {
    const vm::ExecutionContext& ctx = *t.ctx;
    const vm::SourcePos at = position(ctx.frames().back().page, ctx.current_pc() - 1);
    if (at.line == 0) return false;
    const size_t depth = ctx.frames().size();
    const bool moved = at.line != t.step_from.line || at.file != t.step_from.file;
    switch (t.step) {
        case StepKind::Entry:
        case StepKind::AfterAwait: return true;
        case StepKind::In: return depth != t.step_depth || moved;
        case StepKind::Over: return depth < t.step_depth || (depth == t.step_depth && moved);
        case StepKind::Out: return depth < t.step_depth;
        case StepKind::None: return false;
    }
    return false;
}

void Debugger::before_instruction(vm::ExecutionContext& ctx) {
    std::vector<int> hit;
    bool function = false;
    // Breakpoints first, without the lock: their conditions run code here.
    const uint32_t pc = ctx.current_pc() - 1;
    const bool flagged = pc_flags(ctx.frames().back().page)[pc].load(std::memory_order_relaxed) != 0;
    const bool at_breakpoint = flagged && check_breakpoints(ctx, hit, function);
    std::unique_lock lock(mutex_);
    Thread& t = thread_of(ctx);
    if (terminating_) {
        lock.unlock();
        vm::raise("VMError", "the run was terminated by the debugger");
    }
    if (at_breakpoint) {
        pause_here(lock, t, function ? StopReason::FunctionBreakpoint : StopReason::Breakpoint, "", hit);
    } else if (t.step != StepKind::None && step_done(t)) {
        pause_here(lock, t, t.step == StepKind::Entry ? StopReason::Entry : StopReason::Step, "", {});
    } else if (pause_requested_) {
        pause_requested_ = false;
        pause_here(lock, t, StopReason::Pause, "", {});
    } else if (stopping_all_ && !t.alone) {
        pause_here(lock, t, std::nullopt, "", {});  // another thread stopped: stop here too, quietly
    }
    if (terminating_) {
        lock.unlock();
        vm::raise("VMError", "the run was terminated by the debugger");
    }
}

void Debugger::breakpoint_form(vm::ExecutionContext& ctx) {
    std::unique_lock lock(mutex_);
    if (terminating_) return;
    pause_here(lock, thread_of(ctx), StopReason::Breakpoint, "(breakpoint)", {});
}

void Debugger::error_raised(vm::ExecutionContext& ctx, const vm::ArkError& error) {
    std::unique_lock lock(mutex_);
    Thread& t = thread_of(ctx);
    // ArkScript has no way to catch an error: every raised error is uncaught
    // (a task's is handed to await, which raises it again in the awaiting thread).
    if (terminating_ || !(break_raised_ || break_uncaught_)) return;
    ExceptionInfo info{error.kind_name(), error.message, {}};
    for (const auto& f : ctx.traceback()) info.trace += "at " + f.function + (f.location.empty() ? "" : " (" + f.location + ")") + "\n";
    t.exception = info;
    pause_here(lock, t, StopReason::Exception, error.kind_name() + ": " + error.message, {});
}

void Debugger::pause_here(std::unique_lock<std::mutex>& lock, Thread& t, std::optional<StopReason> reason,
                          const std::string& text, std::vector<int> hit) {
    t.state = State::Paused;
    t.step = StepKind::None;
    t.resume = false;
    t.alone = false;
    t.ctx->debug_poll().store(0, std::memory_order_relaxed);
    if (!stopping_all_) {
        // All-stop: every other thread stops at its next safe point.
        stopping_all_ = true;
        for (auto& [id, other] : threads_)
            if (other != &t) other->ctx->debug_poll().store(1, std::memory_order_relaxed);
    }
    if (reason) abandon_steps_in_progress();
    if (reason) {
        lock.unlock();
        events_.stopped(*reason, t.id, text, hit);
        lock.lock();
    }
    changed_.notify_all();
    // Work already asked for runs before a resume: its requester waits for it.
    while (!t.resume || !t.work.empty()) {
        if (!t.work.empty()) {
            std::function<void()>* item = t.work.front();
            lock.unlock();
            (*item)();
            lock.lock();
            t.work.pop_front();
            changed_.notify_all();
            continue;
        }
        changed_.wait(lock);
    }
    t.resume = false;
    t.state = State::Running;
    t.exception.reset();
}

void Debugger::abandon_steps_in_progress() {
    for (auto& [id, other] : threads_) other->step = StepKind::None;
    for (auto& [token, spawn] : spawns_) spawn.stop_at_entry = false;
    stepped_out_of_.clear();
}

void Debugger::resume_locked(Thread& t, bool keep_poll) {
    if (!keep_poll) t.ctx->debug_poll().store(0, std::memory_order_relaxed);
    if (t.state == State::Paused) t.resume = true;
}

void Debugger::continue_all(std::optional<int> only_thread) {
    {
        std::lock_guard lock(mutex_);
        references_.clear();
        pause_requested_ = false;
        if (only_thread) {
            auto it = threads_.find(*only_thread);
            if (it == threads_.end()) throw DebugError("no thread " + std::to_string(*only_thread));
            it->second->alone = it->second->state == State::Paused;
            resume_locked(*it->second, false);
        } else {
            stopping_all_ = false;
            for (auto& [id, t] : threads_) {
                t->alone = false;  // the next all-stop stops every thread again
                resume_locked(*t, t->step != StepKind::None);
            }
        }
    }
    changed_.notify_all();
}

void Debugger::step(int thread, StepKind kind, bool single_thread) {
    bool others_resume = false;
    {
        std::unique_lock lock(mutex_);
        Thread& t = stopped_thread(lock, thread);
        if (t.state != State::Paused) throw DebugError("thread " + std::to_string(thread) + " is waiting (" + t.blocked_on + "), it can not step");
        // After a stop every thread counts as stopped for the client (allThreadsStopped),
        // whether it reached a safe point yet or waits in an await.
        if (!single_thread) others_resume = threads_.size() > 1;
    }
    // The step request names one thread: say that the others resume too, while
    // the stopped ones are still stopped (only this front end resumes them), so
    // the client hears it before the step's `stopped`.
    if (others_resume) events_.continued(thread, true);
    {
        std::unique_lock lock(mutex_);
        Thread& t = stopped_thread(lock, thread);
        references_.clear();
        pause_requested_ = false;
        t.step = kind;
        t.step_depth = t.ctx->frames().size();
        t.step_from = position(t.ctx->frames().back().page, t.ctx->current_pc() - 1);
        t.ctx->debug_poll().store(1, std::memory_order_relaxed);
        t.resume = true;
        t.alone = single_thread;
        if (!single_thread) {
            stopping_all_ = false;
            for (auto& [id, other] : threads_) {
                other->alone = false;  // the next all-stop stops every thread again
                if (other != &t) resume_locked(*other, other->step != StepKind::None);
            }
        }
    }
    changed_.notify_all();
}

void Debugger::pause() {
    std::lock_guard lock(mutex_);
    if (stopping_all_) return;  // stopped already (or stopping): nothing more to do
    pause_requested_ = true;
    for (auto& [id, t] : threads_) t->ctx->debug_poll().store(1, std::memory_order_relaxed);
}

void Debugger::terminate() {
    {
        std::lock_guard lock(mutex_);
        terminating_ = true;
        if (runtime_) runtime_->cancelled.store(true);
        for (auto& [id, t] : threads_) {
            t->ctx->debug_poll().store(1, std::memory_order_relaxed);
            t->resume = t->state == State::Paused;
        }
    }
    changed_.notify_all();
}

Debugger::Thread& Debugger::stopped_thread(std::unique_lock<std::mutex>& lock, int id) {
    auto deadline = std::chrono::steady_clock::now() + kStopWait;
    for (;;) {
        auto it = threads_.find(id);
        if (it == threads_.end()) throw DebugError("no thread " + std::to_string(id));
        if (it->second->state != State::Running) return *it->second;
        if (!stopping_all_ && !pause_requested_) throw DebugError("thread " + std::to_string(id) + " is running");
        if (changed_.wait_until(lock, deadline) == std::cv_status::timeout)
            throw DebugError("thread " + std::to_string(id) + " has not reached a safe point yet");
    }
}

void Debugger::run_on(std::unique_lock<std::mutex>& lock, Thread& t, const std::function<void()>& fn) {
    if (t.state != State::Paused)
        throw DebugError(std::string("the thread is waiting (") + t.blocked_on + "): select a stopped thread to run code");
    std::function<void()> item = fn;
    t.work.push_back(&item);
    changed_.notify_all();
    // The item is popped (under the lock) only once it has run.
    changed_.wait(lock, [&] { return std::find(t.work.begin(), t.work.end(), &item) == t.work.end(); });
}

std::vector<std::string> Debugger::sources() const { return program_->files; }

std::vector<std::string> Debugger::disassemble(uint32_t page) const {
    if (page >= program_->pages.size()) throw DebugError("no code page " + std::to_string(page));
    std::vector<std::string> lines;
    std::string text = vm::disassemble_page(*program_, page);
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

bool Debugger::finished() const {
    std::lock_guard lock(mutex_);
    return finished_;
}

}  // namespace ark::debugger
