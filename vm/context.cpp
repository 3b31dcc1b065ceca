// ExecutionContext: frames, calls with shallow binding, tracebacks.
#include "context.hpp"

#include "builtins/lock.hpp"
#include "builtins/registry.hpp"
#include "debug_hook.hpp"
#include "host.hpp"
#include "printer.hpp"
#include "stack_guard.hpp"

namespace ark::vm {

ExecutionContext::ExecutionContext(Runtime& runtime) : runtime_(runtime) {
    cells_.assign(program().symbol_names.size(), Value::unbound());
    stack_.resize(1024);
}

ExecutionContext::ExecutionContext(Runtime& runtime, std::vector<Value> cells)
    : runtime_(runtime), cells_(std::move(cells)) {
    // Small: most tasks are shallow, and a task's start and end pay for
    // every slot (ensure_stack grows it for deeper ones).
    stack_.resize(64);
}

ExecutionContext::~ExecutionContext() {
    if (debugger_) debugger_->context_finished(*this);
}

void ExecutionContext::attach_debugger(uint64_t spawn) {
    if (!runtime_.debugger) return;
    debugger_ = runtime_.debugger;
    debugger_->context_started(*this, spawn);
}

void ExecutionContext::grow_stack(uint32_t needed) {
    stack_.resize(std::max<size_t>(stack_.size() * 2, sp_ + needed + 64));
}

SourcePos ExecutionContext::current_position() const {
    if (frames_.empty()) return {};
    const CodePage& page = program().pages[frames_.back().page];
    uint32_t at = pc_ > 0 ? pc_ - 1 : 0;
    return at < page.positions.size() ? page.positions[at] : SourcePos{};
}

std::string ExecutionContext::frame_name(const Frame& frame) const {
    if (frame.callee_name != kNoSymbol) return program().symbol_names[frame.callee_name];
    return program().pages[frame.page].name;
}

std::vector<TraceFrame> ExecutionContext::traceback() const {
    std::vector<TraceFrame> out;
    uint32_t pc = pc_;
    for (size_t i = frames_.size(); i-- > 0;) {
        const Frame& f = frames_[i];
        const CodePage& page = program().pages[f.page];
        uint32_t at = pc > 0 ? pc - 1 : 0;
        std::string where = at < page.positions.size() ? program().location(page.positions[at]) : "";
        out.push_back(TraceFrame{f.page == 0 && i == 0 ? "<global>" : frame_name(f), where});
        pc = f.return_pc;
    }
    return out;
}

void ExecutionContext::fill_traceback(ArkError& error) const {
    if (error.traced) return;
    error.trace = traceback();
    error.traced = true;
}

// Called every 4096 ticks of one execute(). The budget is the run's, not the
// context's: every context draws its ticks from Runtime::ticks_used in chunks
// of 4096 (one relaxed atomic add per chunk), so fifty awaited tasks share one
// budget instead of getting one each. A chunk is charged once it is complete,
// so each execute() may leave fewer than 4096 ticks uncharged.
void ExecutionContext::check_limits() {
    if (runtime_.cancelled.load(std::memory_order_relaxed)) raise(ErrorKind::Cancelled, "the run was cancelled");
    const uint64_t budget = runtime_.limits.instruction_budget;
    if (budget && runtime_.ticks_used.fetch_add(4096, std::memory_order_relaxed) + 4096 > budget)
        raise(ErrorKind::Budget, "instruction budget exhausted (" + std::to_string(budget) + " instructions)");
}

void ExecutionContext::raise_not_callable(const Value& callee, uint32_t callee_name) {
    std::string name = callee_name != kNoSymbol ? program().symbol_names[callee_name] : to_display(callee, program());
    raise("TypeError", "`" + name + "' is not a Function but a " + type_name(callee));
}

void ExecutionContext::raise_too_deep(uint32_t page_index, uint32_t callee_name) const {
    std::string name = callee_name != kNoSymbol ? program().symbol_names[callee_name] : program().pages[page_index].name;
    raise(ErrorKind::RecursionDepth, "Maximum recursion depth exceeded. You could consider rewriting your function `" + name +
                         "' to make use of tail-call optimization.");
}

bool ExecutionContext::enter_call(const Value& callee, uint32_t n_args, uint32_t callee_name, ClosureEnv* method_env) {
    const uint32_t args_base = sp_ - n_args;
    const uint32_t result_slot = args_base - 1;
    uint32_t page_index;
    ClosureEnv* env;
    switch (callee.tag()) {
        case Tag::Function:
            page_index = callee.as_id();
            env = method_env;
            break;
        case Tag::Closure: {
            auto* c = static_cast<ClosureObject*>(callee.as_object());
            page_index = c->page;
            env = c->env.get();
            break;
        }
        case Tag::CProc: {
            const BuiltinSpec& spec = builtin_table()[callee.as_id()];
            Value result = spec.fn(*this, std::span<Value>(stack_.data() + args_base, n_args));
            for (uint32_t i = result_slot; i < sp_; ++i) stack_[i] = Value();
            stack_[result_slot] = std::move(result);
            sp_ = result_slot + 1;
            return false;
        }
        case Tag::UserType: {
            auto* object = static_cast<UserTypeObject*>(callee.as_object());
            auto* lock = dynamic_cast<LockObject*>(object);
            auto* host_function = lock ? nullptr : dynamic_cast<HostFunctionObject*>(object);
            if (lock || host_function) {
                const std::span<Value> args(stack_.data() + args_base, n_args);
                Value result = lock ? call_lock(*this, *lock, args) : host_function->call(*this, args);
                for (uint32_t i = result_slot; i < sp_; ++i) stack_[i] = Value();
                stack_[result_slot] = std::move(result);
                sp_ = result_slot + 1;
                return false;
            }
            raise_not_callable(callee, callee_name);
        }
        default:
            raise_not_callable(callee, callee_name);
    }
    const CodePage& page = program().pages[page_index];
    if (n_args != page.n_params) {
        std::string name = callee_name != kNoSymbol ? "Function `" + program().symbol_names[callee_name] + "'" : "Function";
        raise("ArityError", name + " needs " + std::to_string(page.n_params) + " argument" +
                                (page.n_params == 1 ? "" : "s") + ", but it received " + std::to_string(n_args));
    }
    if (frames_.size() >= frames_allowed()) raise_too_deep(page_index, callee_name);
    // A method call makes the fields of the closure it was read from visible.
    const bool method_call = callee.is(Tag::Function) && env;
    const uint32_t env_fields = method_call ? static_cast<uint32_t>(env->fields.size()) : 0;
    // `callee` may live on the stack, which this may move: not used below.
    ensure_stack(page.max_stack + env_fields);
    Frame& frame = push_frame(page_index, pc_, args_base, callee_name);
    save_and_bind(page, stack_.data() + args_base, cells_.data());
    if (env) {
        std::lock_guard lock(env->mutex);
        Value* env_slots = stack_.data() + args_base + page.n_bound;
        for (uint32_t j = 0; j < env_fields; ++j) env_slots[j] = cells_[env->fields[j].symbol];
        frame.env_saved = env_fields;
        // The environment's values, except that parameters win over fields
        // of the same name (the arguments are already in their cells).
        for (const ClosureField& field : env->fields) {
            bool is_param = false;
            for (uint32_t p : page.params) is_param |= p == field.symbol;
            if (!is_param) cells_[field.symbol] = field.value;
        }
        // Kept alive by the closure in slot base - 1 until the frame returns.
        frame.env = env;
    }
    sp_ = args_base + page.n_bound + env_fields;
    pc_ = 0;
    return true;
}

void ExecutionContext::leave_environment(const Frame& frame, const CodePage& page) {
    write_back_environment(*frame.env, cells_.data());
    if (frame.env_saved) {
        Value* env_slots = stack_.data() + frame.base + page.n_bound;
        for (size_t i = frame.env_saved; i-- > 0;) cells_[frame.env->fields[i].symbol] = std::move(env_slots[i]);
    }
}

void ExecutionContext::unwind_after_error() {
    while (!frames_.empty()) {
        const Frame& frame = frames_.back();
        const FrameExit exit = frame.exit;
        if (exit == FrameExit::TopLevel) {  // page 0 binds no cells
            frames_.pop_back();
            sp_ = 0;
            return;
        }
        const uint32_t result_slot = frame.base - 1;
        leave_frame(program().pages[frame.page]);
        if (exit == FrameExit::ToHost) {
            sp_ = result_slot;
            return;
        }
    }
}

void ExecutionContext::extend_to_program() {
    cells_.resize(program().symbol_names.size(), Value::unbound());
}

// The innermost context executing on this thread: a context that starts
// running while another one is suspended below it on the same thread (an
// await running a task inline) counts that one's frames as its own outer
// frames, so the call depth bound holds per OS thread.
class ActiveContextScope {
public:
    explicit ActiveContextScope(ExecutionContext& context)
        : context_(context), previous_(innermost), saved_outer_frames_(context.outer_frames_) {
        if (previous_ && previous_ != &context)
            context.outer_frames_ = previous_->outer_frames_ + previous_->frames_.size();
        innermost = &context;
    }
    ~ActiveContextScope() {
        innermost = previous_;
        context_.outer_frames_ = saved_outer_frames_;
    }
    ActiveContextScope(const ActiveContextScope&) = delete;
    ActiveContextScope& operator=(const ActiveContextScope&) = delete;

private:
    static thread_local ExecutionContext* innermost;
    ExecutionContext& context_;
    ExecutionContext* previous_;
    size_t saved_outer_frames_;
};

thread_local ExecutionContext* ActiveContextScope::innermost = nullptr;

Value ExecutionContext::run_program(uint32_t start_pc) {
    ActiveContextScope active(*this);
    frames_.clear();
    // A failed earlier run (REPL) may have left values above its entry slot:
    // release them now, not whenever a push happens to overwrite them.
    for (Value& slot : stack_) slot = Value();
    // Page 0 binds no cells: its temporaries start at slot 0.
    frames_.push_back(Frame{0, 0, 0, kNoSymbol, 0, FrameExit::TopLevel, nullptr});
    sp_ = 0;
    pc_ = start_pc;
    ensure_stack(program().pages[0].max_stack);
    return execute();
}

Value ExecutionContext::call(const Value& callee_ref, std::span<Value> args_span, uint32_t callee_name) {
    // The arguments may live on this very stack (a builtin's span), which
    // ensure_stack may reallocate: take them out first.
    ActiveContextScope active(*this);
    // A builtin running code nests execute() on the C++ stack (see stack_guard.hpp).
    if (stack_nearly_exhausted()) {
        uint32_t page = 0;
        if (callee_ref.is(Tag::Function)) page = callee_ref.as_id();
        else if (callee_ref.is(Tag::Closure)) page = static_cast<const ClosureObject*>(callee_ref.as_object())->page;
        raise_too_deep(page, callee_name);
    }
    Value callee = callee_ref;
    std::vector<Value> args(std::make_move_iterator(args_span.begin()), std::make_move_iterator(args_span.end()));
    ensure_stack(static_cast<uint32_t>(args.size()) + 2);
    uint32_t result_slot = sp_;
    stack_[sp_++] = std::move(callee);
    for (Value& a : args) stack_[sp_++] = std::move(a);
    uint32_t saved_pc = pc_;
    if (!enter_call(stack_[result_slot], static_cast<uint32_t>(args.size()), callee_name, nullptr)) {
        Value result = std::move(stack_[result_slot]);
        sp_ = result_slot;
        return result;
    }
    frames_.back().exit = FrameExit::ToHost;
    Value result = execute();
    pc_ = saved_pc;
    return result;
}

}  // namespace ark::vm
