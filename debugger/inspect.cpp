// What a stopped thread shows: threads, frames, scopes and variables, with
// the values each frame sees under shallow binding (ARCHITECTURE.md): a
// name an inner call rebound holds, for an outer frame, the value saved in
// the nearest inner frame that binds it, not the cell's current one.
#include <algorithm>

#include "async/future.hpp"
#include "builtins/lock.hpp"
#include "debugger.hpp"
#include "printer.hpp"
#include "saved_slots.hpp"

namespace ark::debugger {

namespace {

constexpr size_t kMaxValueText = 2000;
constexpr int kWaitFrame = Debugger::kFramesPerThread - 1;  // the synthetic "waiting in await" frame

std::string shorten(std::string text) {
    if (text.size() > kMaxValueText) text = text.substr(0, kMaxValueText) + "...";
    return text;
}

}  // namespace

std::vector<ThreadInfo> Debugger::threads() {
    std::lock_guard lock(mutex_);
    std::vector<ThreadInfo> out;
    for (auto& [id, t] : threads_) out.push_back({id, t->name});
    return out;
}

std::vector<FrameInfo> Debugger::stack_trace(int thread) {
    std::unique_lock lock(mutex_);
    Thread& t = stopped_thread(lock, thread);
    const vm::ExecutionContext& ctx = *t.ctx;
    const auto& frames = ctx.frames();
    std::vector<FrameInfo> out;
    uint32_t pc = ctx.current_pc();
    for (size_t i = frames.size(); i-- > 0;) {
        const vm::Frame& f = frames[i];
        const uint32_t at = pc > 0 ? pc - 1 : 0;
        const vm::SourcePos where = position(f.page, at);
        FrameInfo info;
        info.id = thread * kFramesPerThread + static_cast<int>(frames.size() - 1 - i);
        info.name = f.callee_name != vm::kNoSymbol ? program_->symbol_names[f.callee_name]
                    : f.page == 0                ? "<global>"
                                                 : program_->pages[f.page].name;
        if (where.file < program_->files.size()) info.path = program_->files[where.file];
        info.line = where.line;
        info.column = where.column;
        info.page = f.page;
        info.pc = at;
        out.push_back(std::move(info));
        pc = f.return_pc;
    }
    if (t.state == State::Blocked && !out.empty()) {
        FrameInfo wait = out.front();
        wait.id = thread * kFramesPerThread + kWaitFrame;
        wait.name = std::string("waiting in ") + t.blocked_on;
        out.insert(out.begin(), wait);
    }
    return out;
}

std::vector<ScopeInfo> Debugger::scopes(int frame_id) {
    std::unique_lock lock(mutex_);
    const int thread = frame_id / kFramesPerThread;
    const int index = frame_id % kFramesPerThread;
    Thread& t = stopped_thread(lock, thread);
    if (index == kWaitFrame) return {};
    const auto& frames = t.ctx->frames();
    if (index < 0 || static_cast<size_t>(index) >= frames.size()) throw DebugError("no frame " + std::to_string(frame_id));
    const vm::Frame& f = frames[frames.size() - 1 - index];
    std::vector<ScopeInfo> out;
    if (f.page != 0) {
        out.push_back({"Locals", add_reference({frame_id, 0, {}})});
        const vm::CodePage& page = program_->pages[f.page];
        if (page.n_captures > 0 || f.env_saved > 0) out.push_back({"Captured", add_reference({frame_id, 1, {}})});
    }
    out.push_back({"Globals", add_reference({frame_id, 2, {}})});
    return out;
}

int Debugger::add_reference(Reference r) {
    references_.push_back(std::move(r));
    return static_cast<int>(references_.size());
}

VariableInfo Debugger::describe(const std::string& name, const vm::Value& value) {
    VariableInfo v;
    v.name = name;
    v.value = shorten(value.is(vm::Tag::Undefined) ? "undefined" : vm::to_repr(value, *program_));
    v.type = vm::type_name(value);
    switch (value.tag()) {
        case vm::Tag::List:
            v.indexed = value.as_list().size();
            if (v.indexed) v.reference = add_reference({0, -1, value});
            break;
        case vm::Tag::Closure: {
            auto* c = static_cast<const vm::ClosureObject*>(value.as_object());
            std::lock_guard env_lock(c->env->mutex);
            v.named = c->env->fields.size();
            if (v.named) v.reference = add_reference({0, -1, value});
            break;
        }
        case vm::Tag::UserType:
            v.type = static_cast<const vm::UserTypeObject*>(value.as_object())->type_name();
            v.named = 1;
            v.reference = add_reference({0, -1, value});
            break;
        default: break;
    }
    return v;
}

// The names of one scope of a frame, with where that frame reads each.
std::vector<std::pair<uint32_t, vm::Value*>> Debugger::scope_slots(vm::ExecutionContext& ctx, size_t index, int scope) {
    const auto& frames = ctx.frames();
    const vm::Frame& f = frames[index];
    const vm::CodePage& page = program_->pages[f.page];
    SavedSlots saved(ctx, *program_, index);
    std::vector<std::pair<uint32_t, vm::Value*>> out;
    // `sym` is the variable the frame reads, `shown` the name it goes by.
    auto add = [&](uint32_t sym, uint32_t shown) {
        vm::Value* slot = saved.where(sym);
        if (!slot->is(vm::Tag::Unbound)) out.emplace_back(shown, slot);
    };
    if (scope == 0) {
        for (uint32_t i = 0; i < page.n_params; ++i) add(page.bound[i], page.bound[i]);
        for (uint32_t i = page.n_params + page.n_captures; i < page.n_bound; ++i) add(page.bound[i], page.bound[i]);
    } else if (scope == 1) {
        for (uint32_t i = 0; i < page.n_captures; ++i) add(page.captures[i], page.capture_names[i]);
        if (f.env && f.env_saved) {
            std::lock_guard env_lock(f.env->mutex);
            for (uint32_t j = 0; j < f.env_saved && j < f.env->fields.size(); ++j)
                add(f.env->fields[j].symbol, f.env->fields[j].name);
        }
    } else {
        for (uint32_t sym : globals_) add(sym, sym);
    }
    return out;
}

std::vector<VariableInfo> Debugger::variables(int reference, size_t start, size_t count) {
    std::unique_lock lock(mutex_);
    if (reference <= 0 || static_cast<size_t>(reference) > references_.size())
        throw DebugError("no variables reference " + std::to_string(reference) + " (they last until the program resumes)");
    const Reference r = references_[reference - 1];
    std::vector<VariableInfo> out;
    if (r.scope >= 0) {
        Thread& t = stopped_thread(lock, r.frame_id / kFramesPerThread);
        const size_t index = t.ctx->frames().size() - 1 - r.frame_id % kFramesPerThread;
        for (auto& [sym, slot] : scope_slots(*t.ctx, index, r.scope))
            out.push_back(describe(program_->symbol_names[sym], *slot));
    } else if (r.value.is(vm::Tag::List)) {
        const auto& items = r.value.as_list();
        const size_t end = count ? std::min(items.size(), start + count) : items.size();
        for (size_t i = start; i < end; ++i) out.push_back(describe("[" + std::to_string(i) + "]", items[i]));
    } else if (r.value.is(vm::Tag::Closure)) {
        auto* c = static_cast<const vm::ClosureObject*>(r.value.as_object());
        std::vector<vm::ClosureField> fields;
        {
            std::lock_guard env_lock(c->env->mutex);
            fields = c->env->fields;
        }
        for (const vm::ClosureField& field : fields) out.push_back(describe(program_->symbol_names[field.name], field.value));
    } else if (r.value.is(vm::Tag::UserType)) {
        auto* object = static_cast<vm::UserTypeObject*>(r.value.as_object());
        VariableInfo state;
        state.name = "state";
        state.type = "String";
        if (auto* future = dynamic_cast<vm::FutureObject*>(object)) state.value = future->state_name();
        else if (auto* held = dynamic_cast<vm::LockObject*>(object)) state.value = held->is_held() ? "held" : "free";
        else state.value = "?";
        out.push_back(state);
    }
    return out;
}

EvalResult Debugger::set_variable(int reference, const std::string& name, const std::string& value_expression) {
    std::unique_lock lock(mutex_);
    if (reference <= 0 || static_cast<size_t>(reference) > references_.size())
        throw DebugError("no variables reference " + std::to_string(reference));
    const Reference r = references_[reference - 1];
    if (r.scope < 0) throw DebugError("only the variables of a frame can be set");
    Thread& t = stopped_thread(lock, r.frame_id / kFramesPerThread);
    const size_t index = t.ctx->frames().size() - 1 - r.frame_id % kFramesPerThread;
    vm::Value result;
    std::exception_ptr failure;
    run_on(lock, t, [&] {
        try {
            vm::Value value = evaluate_in_frame(*t.ctx, index, value_expression);
            bool found = false;
            for (auto& [sym, slot] : scope_slots(*t.ctx, index, r.scope)) {
                if (program_->symbol_names[sym] != name) continue;
                *slot = value;  // where this frame reads it
                found = true;
            }
            if (!found) throw DebugError("no variable " + name + " in this scope");
            result = value;
        } catch (...) {
            failure = std::current_exception();
        }
    });
    if (failure) std::rethrow_exception(failure);
    VariableInfo v = describe(name, result);
    return {v.value, v.type, v.reference, v.indexed, v.named};
}

EvalResult Debugger::evaluate(const std::string& expression, std::optional<int> frame_id, EvalContext context) {
    if (context != EvalContext::Repl && !is_side_effect_free(expression))
        throw DebugError("not evaluated: only names, literals and pure operators are evaluated in watch and hover");
    std::unique_lock lock(mutex_);
    int thread, index = 0;
    if (frame_id) {
        thread = *frame_id / kFramesPerThread;
        index = *frame_id % kFramesPerThread;
        if (index == kWaitFrame) index = 0;
    } else {
        // No frame: the first stopped thread's innermost frame.
        auto it = std::find_if(threads_.begin(), threads_.end(), [](auto& e) { return e.second->state == State::Paused; });
        if (it == threads_.end()) throw DebugError("the program is not stopped");
        thread = it->first;
    }
    Thread& t = stopped_thread(lock, thread);
    if (static_cast<size_t>(index) >= t.ctx->frames().size()) throw DebugError("no frame " + std::to_string(index));
    const size_t from_bottom = t.ctx->frames().size() - 1 - index;
    vm::Value result;
    std::exception_ptr failure;
    run_on(lock, t, [&] {
        try {
            result = evaluate_in_frame(*t.ctx, from_bottom, expression);
        } catch (...) {
            failure = std::current_exception();
        }
    });
    if (failure) std::rethrow_exception(failure);
    VariableInfo v = describe("", result);
    return {v.value, v.type, v.reference, v.indexed, v.named};
}

ExceptionInfo Debugger::exception_info(int thread) {
    std::unique_lock lock(mutex_);
    Thread& t = stopped_thread(lock, thread);
    if (!t.exception) throw DebugError("thread " + std::to_string(thread) + " did not stop on an error");
    return *t.exception;
}

}  // namespace ark::debugger
