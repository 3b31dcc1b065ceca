// The dispatch loop and nothing else: each opcode body is a few lines, the
// fast path (numbers) inline, everything else a named call (operators.cpp,
// context.cpp). Threaded dispatch (computed goto) when the compiler has it;
// switch dispatch otherwise — the opcode bodies are the same.
#include <cmath>
#include <new>

#include "async/future.hpp"
#include "compare.hpp"
#include "context.hpp"
#include "debug_hook.hpp"
#include "builtins/registry.hpp"
#include "opcodes.hpp"
#include "operators.hpp"
#include "printer.hpp"

namespace ark::vm {

namespace {

[[noreturn]] void raise_unbound(const Program& program, uint32_t sym) {
    raise("ScopeError", "Unbound variable `" + program.symbol_names[sym] + "'");
}

Value get_field(const Value& holder, uint32_t sym, const Program& program, uint32_t holder_name) {
    if (!holder.is(Tag::Closure)) {
        std::string name = holder_name != kNoSymbol ? program.symbol_names[holder_name] : to_display(holder, program);
        raise("TypeError", "`" + name + "' is a " + type_name(holder) + ", not a Closure, can not get the field `" +
                               program.symbol_names[sym] + "' from it");
    }
    auto* c = static_cast<ClosureObject*>(holder.as_object());
    {
        std::lock_guard lock(c->env->mutex);
        for (const ClosureField& field : c->env->fields)
            if (field.name == sym) return field.value;
    }
    raise("ScopeError", "`" + program.symbol_names[sym] + "' isn't in the closure environment: " + to_display(holder, program));
}

}  // namespace

// Computed-goto dispatch (GCC and clang) unless ARK_SWITCH_DISPATCH is
// defined. `goto *label` out of an opcode body does not run the destructors of
// that body's locals, so no opcode body may reach NEXT() while a local with a
// destructor is in scope: such locals live in an inner block that closes
// before NEXT(). GCC accepts a violation silently (and leaks); clang refuses
// to compile it, and CI compiles this file with clang to keep it that way.
#if defined(__GNUC__) && !defined(ARK_SWITCH_DISPATCH)
#define ARK_THREADED 1
#endif

template <bool Debug>
Value ExecutionContext::execute_loop() {
    const Program& prog = program();
    const Value* constants = prog.constants.data();
    Value* cells = cells_.data();
    const CodePage* page = &prog.pages[frames_.back().page];
    const Instr* code = page->code.data();
    // The next instruction: one pointer register, not a page base and an
    // index (the dispatch function is large and register pressure moved the
    // index to memory). The current instruction is INS, its index PC() - 1.
    const Instr* ip = code + pc_;
    uint32_t ticks = 0;
#define INS (ip[-1])
#define PC() static_cast<uint32_t>(ip - code)
    // Pushes a value onto the slot at sp by constructing over it, without
    // releasing what the slot held: one tag test less per push. Sound
    // because the slots at and above sp hold no heap value while this loop
    // runs: every pop clears its slot (or leaves a number there), RET clears
    // a frame's temporaries, the stack grows with empty slots, and the
    // values an error leaves above its entry frame are cleared by the next
    // run_program before any push (the context of a failed task is dropped).
#define PUSH(VALUE) (::new (static_cast<void*>(sp++)) Value(VALUE))
    // The top of the stack lives in a register: sp_ is written back (SAVE_SP)
    // before anything out of line that reads it or may move the stack (calls,
    // builtins, async), and read back (LOAD_SP) after.
    Value* sp = stack_.data() + sp_;
    // The end of the stack's storage, for the call fast path's room check.
    Value* stack_end = stack_.data() + stack_.size();
    const CodePage* pages = prog.pages.data();
    const size_t max_depth = frames_allowed();
    // Debug loop only: the breakpoint flags of the current page.
    std::atomic<uint8_t>* bp_flags = nullptr;
    if constexpr (Debug) bp_flags = debugger_->pc_flags(frames_.back().page);

    // Whether no task has started in this run (Runtime::tasks_started): a
    // closure's count and environment then need no atomic operation or lock
    // (value.hpp, env_lock_for). Only this thread can start the first task,
    // and only through code that runs out of line and may move the stack, so
    // the flag is read again wherever the stack pointer is (LOAD_SP). Under
    // the debugger, which may start one from its own thread while this one
    // is stopped, LOAD_SP follows every stop too.
    bool confined = !runtime_.tasks_started.load(std::memory_order_relaxed);
#define SAVE_SP() (sp_ = static_cast<uint32_t>(sp - stack_.data()))
#define LOAD_SP()                                                         \
    do {                                                                  \
        sp = stack_.data() + sp_;                                         \
        stack_end = stack_.data() + stack_.size();                        \
        confined = !runtime_.tasks_started.load(std::memory_order_relaxed); \
    } while (0)
    // Registers are reloaded after anything that may change frames.
#define RELOAD()                                                                     \
    do {                                                                             \
        page = &prog.pages[frames_.back().page];                                     \
        code = page->code.data();                                                    \
        ip = code + pc_;                                                             \
        if constexpr (Debug) bp_flags = debugger_->pc_flags(frames_.back().page);    \
    } while (0)
    // Debug loop only: hands control to the debugger at a safe point (pc_ and
    // sp_ written back), then reloads what it may have changed.
#define DEBUG_STOP(CALL)         \
    do {                         \
        pc_ = PC();                \
        SAVE_SP();               \
        debugger_->CALL(*this);  \
        cells = cells_.data();   \
        LOAD_SP();               \
    } while (0)
#define DEBUG_CHECK()                                                                              \
    do {                                                                                           \
        if constexpr (Debug) {                                                                     \
            if (bp_flags[PC() - 1].load(std::memory_order_relaxed) |                               \
                debug_poll_.load(std::memory_order_relaxed)) [[unlikely]]                          \
                DEBUG_STOP(before_instruction);                                                    \
        }                                                                                          \
    } while (0)
#define TICK()                          \
    do {                                \
        if (++ticks >= 4096) {          \
            ticks = 0;                  \
            pc_ = PC();                   \
            check_limits();             \
        }                               \
    } while (0)

#ifdef ARK_THREADED
    static void* const labels[] = {
#define ARK_OP(NAME, MEANING) &&ark_label_##NAME,
#include "opcodes.def"
#undef ARK_OP
    };
#define CASE(NAME) ark_label_##NAME:
#define NEXT()                   \
    do {                         \
        ++ip;                    \
        DEBUG_CHECK();           \
        goto* labels[INS.op];    \
    } while (0)
#define DISPATCH() NEXT();
#else
#define CASE(NAME) case OP_##NAME:
#define NEXT() goto dispatch
#define DISPATCH()           \
    dispatch:                \
    ++ip;                    \
    DEBUG_CHECK();           \
    switch (INS.op)
#endif

    try {
        DISPATCH() {
            CASE(NOP) { NEXT(); }
            CASE(BREAKPOINT) {
                // Under `ark run` a breakpoint only evaluates its condition
                // (LANGUAGE-4.8 §3.11); a debugger pauses here.
                if constexpr (Debug) {
                    bool stop = true;
                    if (INS.a) {
                        stop = sp[-1].truthy();
                        *--sp = Value();
                    }
                    if (stop) DEBUG_STOP(breakpoint_form);
                } else {
                    if (INS.a) *--sp = Value();
                }
                NEXT();
            }
            CASE(CONST) {
                PUSH(constants[INS.a]);
                NEXT();
            }
            CASE(NIL) { PUSH(Value()); NEXT(); }
            CASE(TRUE) { PUSH(Value::boolean(true)); NEXT(); }
            CASE(FALSE) { PUSH(Value::boolean(false)); NEXT(); }
            CASE(SYS_ARGS) {
                {
                    std::vector<Value> items;
                    for (const auto& a : runtime_.args) items.push_back(Value::string(a));
                    *sp++ = Value::list(std::move(items));
                }
                NEXT();
            }
            CASE(LOAD) {
                const Value& v = cells[INS.a];
                if (v.is(Tag::Unbound)) [[unlikely]] {
                    pc_ = PC();
                    raise_unbound(prog, INS.a);
                }
                // A closure about to be called, usually: while the run has
                // one thread its count needs no atomic operation (value.hpp).
                if (v.is(Tag::Closure) && confined)
                    PUSH(Value::copy_confined(v));
                else
                    PUSH(v);
                NEXT();
            }
            CASE(STORE) {
                cells[INS.a] = std::move(*--sp);
                NEXT();
            }
            CASE(SET) {
                Value& cell = cells[INS.a];
                if (cell.is(Tag::Unbound)) [[unlikely]]
                    raise("ScopeError", "Unbound variable `" + prog.symbol_names[INS.a] +
                                            "', can not change its value to " + to_repr(sp[-1], prog));
                cell = std::move(*--sp);
                NEXT();
            }
            CASE(INC_CONST) {
                Value& cell = cells[INS.a];
                if (cell.is_number()) [[likely]] {
                    cell = Value::number(cell.as_number() + constants[INS.b].as_number());
                    NEXT();
                }
                pc_ = PC();
                if (cell.is(Tag::Unbound)) raise_unbound(prog, INS.a);
                cell = INS.c ? op_add(constants[INS.b], cell) : op_add(cell, constants[INS.b]);
                NEXT();
            }
            CASE(ADD_TO) {
                Value& cell = cells[INS.a];
                Value& operand = sp[-1];
                if (cell.is_number() && operand.is_number()) {
                    cell = Value::number(cell.as_number() + operand.as_number());
                } else if (cell.is(Tag::String) && operand.is(Tag::String) &&
                           cell.as_object()->refs.load(std::memory_order_acquire) == 1) {
                    // Sole owner: growing in place is invisible to everyone else.
                    static_cast<StringObject*>(cell.as_object())->append(operand.as_string());
                } else {
                    pc_ = PC();
                    if (cell.is(Tag::Unbound)) raise_unbound(prog, INS.a);
                    cell = op_add(cell, operand);
                }
                *--sp = Value();
                NEXT();
            }
            CASE(DEL) {
                Value& cell = cells[INS.a];
                if (cell.is(Tag::Unbound))
                    raise("ScopeError", "Can not delete unbound variable `" + prog.symbol_names[INS.a] + "'");
                if (cell.is(Tag::UserType)) static_cast<UserTypeObject*>(cell.as_object())->release_resource();
                cell = Value::undefined();
                NEXT();
            }
            CASE(SAVE_CELLS) {
                cells[INS.c] = Value::number(static_cast<double>(sp - stack_.data()));
                for (uint32_t i = 0; i < INS.b; ++i) {
                    *sp++ = Value();
                    *sp++ = Value::boolean(false);
                }
                NEXT();
            }
            CASE(STORE_LOOP_LOCAL) {
                Value* pair = stack_.data() + static_cast<size_t>(cells[INS.b].as_number()) + 2 * static_cast<size_t>(INS.c);
                if (pair[1].is(Tag::False)) {
                    pair[0] = std::move(cells[INS.a]);
                    pair[1] = Value::boolean(true);
                }
                cells[INS.a] = std::move(*--sp);
                NEXT();
            }
            CASE(RESTORE_CELLS) {
                const uint32_t* which = page->scope_cells.data() + INS.a;
                Value* pairs = sp - 2 * static_cast<size_t>(INS.b);
                for (uint32_t i = INS.b; i-- > 0;) {
                    if (pairs[2 * i + 1].is(Tag::True)) cells[which[i]] = std::move(pairs[2 * i]);
                    pairs[2 * i] = Value();
                }
                sp = pairs;
                NEXT();
            }
            CASE(POP) {
                *--sp = Value();
                NEXT();
            }
            CASE(JUMP) {
                if (code + INS.a < ip) TICK();
                ip = code + INS.a;
                NEXT();
            }
            CASE(JUMP_IF_FALSE) {
                if (!sp[-1].truthy()) ip = code + INS.a;
                *--sp = Value();
                NEXT();
            }
            CASE(AND_JUMP) {
                if (!sp[-1].truthy()) ip = code + INS.a;
                else *--sp = Value();
                NEXT();
            }
            CASE(OR_JUMP) {
                if (sp[-1].truthy()) ip = code + INS.a;
                else *--sp = Value();
                NEXT();
            }
            CASE(LT_JUMP_IF_FALSE) {
                Value& a = sp[-2];
                Value& b = sp[-1];
                bool less = a.is_number() && b.is_number() ? a.as_number() < b.as_number() : ordered_less(a, b);
                *--sp = Value();
                *--sp = Value();
                if (!less) ip = code + INS.a;
                NEXT();
            }
            CASE(LT_CONST_JUMP_IF_FALSE) {
                Value& a = sp[-1];
                const Value& b = constants[INS.b];
                bool less = a.is_number() ? a.as_number() < b.as_number() : ordered_less(a, b);
                *--sp = Value();
                if (!less) ip = code + INS.a;
                NEXT();
            }
            CASE(LOAD_LT_CONST_JUMP_IF_FALSE) {
                const Value& x = cells[INS.b];
                const Value& k = constants[INS.c];
                if (x.is_number()) [[likely]] {
                    if (!(x.as_number() < k.as_number())) ip = code + INS.a;
                    NEXT();
                }
                pc_ = PC();
                if (x.is(Tag::Unbound)) raise_unbound(prog, INS.b);
                if (!ordered_less(x, k)) ip = code + INS.a;
                NEXT();
            }
            CASE(FUNC) {
                PUSH(Value::function(INS.a));
                NEXT();
            }
            CASE(CLOSURE) {
                {
                    const CodePage& target = prog.pages[INS.a];
                    auto env = std::make_shared<ClosureEnv>();
                    const uint32_t* names = target.capture_names.data();
                    for (uint32_t i = 0; i < target.n_captures; ++i) {
                        const uint32_t sym = target.captures[i];
                        if (cells[sym].is(Tag::Unbound))
                            raise("ScopeError", "Couldn't capture `" + prog.symbol_names[sym] + "' as it is currently unbound");
                        env->fields.push_back({sym, names[i], cells[sym]});
                    }
                    *sp++ = Value::adopt(Tag::Closure, new ClosureObject(INS.a, std::move(env)));
                }
                NEXT();
            }
            CASE(CALL) {
                TICK();
                uint32_t n = INS.a;
                Value* callee = sp - n - 1;
                // Fast path, all in registers: a plain function (no closure
                // environment) with the right arity, below the depth limit,
                // with room on the stack. Anything else takes enter_call.
                if (callee->is(Tag::Function)) [[likely]] {
                    const uint32_t target = callee->as_id();
                    const CodePage& callee_page = pages[target];
                    Value* slots = callee + 1;
                    if (n == callee_page.n_params && frames_.size() < max_depth &&
                        static_cast<size_t>(stack_end - slots) >= callee_page.max_stack) [[likely]] {
                        push_frame(target, PC(), static_cast<uint32_t>(slots - stack_.data()), INS.b);
                        if constexpr (Debug) bp_flags = debugger_->pc_flags(target);
                        save_and_bind(callee_page, slots, cells);
                        sp = slots + callee_page.n_bound;
                        page = &callee_page;
                        code = page->code.data();
                        ip = code;
                        NEXT();
                    }
                } else if (callee->is(Tag::Closure)) {
                    // The same for a closure, plus its environment (enter_call
                    // does the same in general): the captured names' cells are
                    // saved with the others and take the environment's values,
                    // which RET writes back (leave_frame). The closure in the
                    // callee slot keeps `env` alive until the frame returns.
                    auto* closure = static_cast<ClosureObject*>(callee->as_object());
                    const uint32_t target = closure->page;
                    const CodePage& callee_page = pages[target];
                    Value* slots = callee + 1;
                    ClosureEnv* env = closure->env.get();
                    if (n == callee_page.n_params && env && frames_.size() < max_depth &&
                        static_cast<size_t>(stack_end - slots) >= callee_page.max_stack) [[likely]] {
                        push_frame(target, PC(), static_cast<uint32_t>(slots - stack_.data()), INS.b).env = env;
                        if constexpr (Debug) bp_flags = debugger_->pc_flags(target);
                        {
                            MaybeEnvLock lock(confined ? nullptr : &env->mutex);
                            save_and_bind_closure(callee_page, slots, cells, *env);
                        }
                        sp = slots + callee_page.n_bound;
                        page = &callee_page;
                        code = page->code.data();
                        ip = code;
                        NEXT();
                    }
                }
                pc_ = PC();
                SAVE_SP();
                if (enter_call(*callee, n, INS.b, nullptr)) {
                    cells = cells_.data();
                    RELOAD();
                }
                LOAD_SP();
                NEXT();
            }
            CASE(METHOD) {
                TICK();
                pc_ = PC();
                uint32_t n = INS.a;
                bool entered;
                {
                    Value* holder = sp - n - 2;  // the closure holding the field
                    Value callee = std::move(holder[1]);
                    // Shift the arguments down over the callee slot.
                    for (uint32_t i = 0; i < n; ++i) holder[1 + i] = std::move(holder[2 + i]);
                    *--sp = Value();
                    SAVE_SP();
                    if (callee.is(Tag::Closure)) {
                        // A closure stored in a field is called as itself: it
                        // takes the holder's slot, where it stays alive (and
                        // its environment with it) for the call.
                        *holder = std::move(callee);
                        entered = enter_call(*holder, n, INS.b, nullptr);
                    } else {
                        // The holder stays in its slot and keeps its environment alive.
                        ClosureEnv* env = static_cast<ClosureObject*>(holder->as_object())->env.get();
                        entered = enter_call(callee, n, INS.b, env);
                    }
                }
                if (entered) RELOAD();
                LOAD_SP();
                NEXT();
            }
            CASE(TAIL_SELF) {
                TICK();
                uint32_t n = INS.a;
                Value* args = sp - n;
                for (uint32_t i = 0; i < n; ++i) cells[page->params[i]] = std::move(args[i]);
                sp = args;
                ip = code;
                NEXT();
            }
            CASE(BUILTIN) {
                pc_ = PC();
                uint32_t n = INS.b;
                SAVE_SP();
                {
                    Value result = builtin_table()[INS.a].fn(*this, std::span<Value>(sp - n, n));
                    LOAD_SP();  // a builtin that calls back into the VM may have moved the stack
                    for (Value* arg = sp - n; arg < sp; ++arg) *arg = Value();
                    sp -= n;
                    *sp++ = std::move(result);
                }
                NEXT();
            }
            CASE(ASYNC) {
                pc_ = PC();
                uint32_t n = INS.a;
                SAVE_SP();
                {
                    Value future = spawn_future(*this, std::span<Value>(sp - n, n), INS.b);
                    LOAD_SP();
                    for (Value* arg = sp - n; arg < sp; ++arg) *arg = Value();
                    sp -= n;
                    *sp++ = std::move(future);
                }
                NEXT();
            }
            CASE(RETURN_LOAD) {
                {
                    const Value& v = cells[INS.a];
                    if (v.is(Tag::Unbound)) [[unlikely]] {
                        pc_ = PC();
                        raise_unbound(prog, INS.a);
                    }
                    PUSH(v);
                }
                // The debugger's loop stops on the RET as it did before the
                // fusion (a step, a breakpoint on the function's end).
                if constexpr (Debug) NEXT();
                ++ip;
                goto return_top;
            }
            CASE(RET) {
            return_top:
                {
                    const Frame& frame = frames_.back();
                    // Fast path: an ordinary call of a function or a closure
                    // (not a method call, whose frame also saved the fields
                    // of the environment it reads): write the closure's
                    // environment back, restore the saved cells, put the
                    // result where the callee was, back to the caller.
                    if (frame.exit == FrameExit::ToCaller && frame.env_saved == 0) [[likely]] {
                        if (frame.env) write_back_environment(*frame.env, cells, confined ? nullptr : &frame.env->mutex);
                        Value* slots = stack_.data() + frame.base;
                        Value* result = sp - 1;  // at or above slots + n_bound
                        const uint32_t n_bound = page->n_bound;
                        for (Value* t = slots + n_bound; t < result; ++t) *t = Value();
                        const uint32_t* bound = page->bound.data();
                        for (uint32_t i = n_bound; i-- > 0;) cells[bound[i]] = std::move(slots[i]);
                        // The callee's slot takes the result; the callee goes
                        // where the result was and is released there (a
                        // closure: after the write-back, which its
                        // environment had to outlive).
                        slots[-1].swap(*result);
                        if (result->is(Tag::Closure) && confined)
                            result->release_confined();  // as LOAD copied it (value.hpp)
                        else
                            *result = Value();
                        sp = slots;
                        const uint32_t return_pc = frame.return_pc;
                        frames_.pop_back();
                        const uint32_t caller = frames_.back().page;
                        page = &pages[caller];
                        code = page->code.data();
                        ip = code + return_pc;
                        if constexpr (Debug) bp_flags = debugger_->pc_flags(caller);
                        NEXT();
                    }
                    if (frame.exit == FrameExit::TopLevel) [[unlikely]] {
                        Value result = std::move(*--sp);
                        frames_.pop_back();
                        pc_ = 0;
                        SAVE_SP();
                        return result;
                    }
                    const FrameExit exit = frame.exit;
                    Value* stack = stack_.data();
                    Value* result_slot = stack + frame.base - 1;
                    Value result = std::move(*--sp);
                    // Temporaries left above the saved cells (leave_frame empties those).
                    for (Value* t = stack + frame.base + page->n_bound + frame.env_saved; t < sp; ++t) *t = Value();
                    // Before the callee slot is overwritten: it keeps the
                    // environment leave_frame writes back alive.
                    leave_frame(*page);
                    if (exit == FrameExit::ToHost) [[unlikely]] {
                        *result_slot = Value();
                        sp = result_slot;
                        SAVE_SP();
                        return result;
                    }
                    *result_slot = std::move(result);
                    sp = result_slot + 1;
                }
                RELOAD();
                NEXT();
            }
            CASE(FIELD) {
                pc_ = PC();
                sp[-1] = get_field(sp[-1], INS.a, prog, ip[-2].op == OP_LOAD ? ip[-2].a : kNoSymbol);
                NEXT();
            }
            CASE(FIELD_KEEP) {
                pc_ = PC();
                *sp = get_field(sp[-1], INS.a, prog, ip[-2].op == OP_LOAD ? ip[-2].a : kNoSymbol);
                ++sp;
                NEXT();
            }
#define ARITH(NAME, EXPR, FN)                                                        \
    CASE(NAME) {                                                                     \
        uint32_t n = INS.a;                                                         \
        Value* args = sp - n;                                                       \
        if (n == 2 && args[0].is_number() && args[1].is_number()) [[likely]] {       \
            double x = args[0].as_number(), y = args[1].as_number();                 \
            args[0] = Value::number(EXPR);                                           \
            --sp;                                                                    \
            NEXT();                                                                  \
        }                                                                            \
        pc_ = PC();                                                                    \
        {                                                                            \
            Value r = FN(std::span<const Value>(args, n));                           \
            for (uint32_t i = 0; i < n; ++i) args[i] = Value();                      \
            sp -= n;                                                                 \
            *sp++ = std::move(r);                                                    \
        }                                                                            \
        NEXT();                                                                      \
    }
            ARITH(ADD, x + y, op_add)
            ARITH(SUB, x - y, op_sub)
            ARITH(MUL, x * y, op_mul)
#define ARITH_CONST(NAME, EXPR, FN)                                                  \
    CASE(NAME) {                                                                     \
        Value* args = sp - 1;                                                       \
        const Value& k = constants[INS.b];                                          \
        if (args[0].is_number()) [[likely]] {                                        \
            double x = args[0].as_number(), y = k.as_number();                       \
            args[0] = Value::number(EXPR);                                           \
            NEXT();                                                                  \
        }                                                                            \
        pc_ = PC();                                                                    \
        args[0] = FN(args[0], k);                                                    \
        NEXT();                                                                      \
    }
            ARITH_CONST(ADD_CONST, x + y, op_add)
            ARITH_CONST(SUB_CONST, x - y, op_sub)
#define LOAD_ARITH_CONST(NAME, EXPR, FN)                                             \
    CASE(NAME) {                                                                     \
        const Value& v = cells[INS.a];                                              \
        const Value& k = constants[INS.b];                                          \
        if (v.is_number()) [[likely]] {                                              \
            double x = v.as_number(), y = k.as_number();                             \
            PUSH(Value::number(EXPR));                                               \
            NEXT();                                                                  \
        }                                                                            \
        pc_ = PC();                                                                    \
        if (v.is(Tag::Unbound)) raise_unbound(prog, INS.a);                         \
        *sp++ = FN(v, k);                                                            \
        NEXT();                                                                      \
    }
            LOAD_ARITH_CONST(LOAD_ADD_CONST, x + y, op_add)
            LOAD_ARITH_CONST(LOAD_SUB_CONST, x - y, op_sub)
            CASE(DIV) {
                uint32_t n = INS.a;
                Value* args = sp - n;
                if (n == 2 && args[0].is_number() && args[1].is_number() && args[1].as_number() != 0) [[likely]] {
                    args[0] = Value::number(args[0].as_number() / args[1].as_number());
                    --sp;
                    NEXT();
                }
                pc_ = PC();
                {
                    Value r = op_div(std::span<const Value>(args, n));
                    for (uint32_t i = 0; i < n; ++i) args[i] = Value();
                    sp -= n;
                    *sp++ = std::move(r);
                }
                NEXT();
            }
            CASE(MOD) {
                uint32_t n = INS.a;
                Value* args = sp - n;
                if (n == 2 && args[0].is_number() && args[1].is_number()) [[likely]] {
                    // Integers below 2^53 (exact doubles): the remainder of
                    // int64 division is fmod's result exactly (both take the
                    // dividend's sign), at a fraction of a libm call; a zero
                    // keeps the dividend's sign as fmod's does (-4 mod 2 = -0).
                    const double x = args[0].as_number(), y = args[1].as_number();
                    constexpr double kExact = 9007199254740992.0;  // 2^53
                    if (x > -kExact && x < kExact && y > -kExact && y < kExact && y != 0) {
                        const auto xi = static_cast<int64_t>(x), yi = static_cast<int64_t>(y);
                        if (static_cast<double>(xi) == x && static_cast<double>(yi) == y) {
                            const double r = static_cast<double>(xi % yi);
                            args[0] = Value::number(r != 0 ? r : std::copysign(0.0, x));
                            --sp;
                            NEXT();
                        }
                    }
                }
                pc_ = PC();
                {
                    Value r = op_mod(std::span<const Value>(args, n));
                    for (uint32_t i = 0; i < n; ++i) args[i] = Value();
                    sp -= n;
                    *sp++ = std::move(r);
                }
                NEXT();
            }
#define COMPARE(NAME, NUMEXPR, FN)                                      \
    CASE(NAME) {                                                        \
        Value& a = sp[-2];                                      \
        Value& b = sp[-1];                                      \
        if (a.is_number() && b.is_number()) {                           \
            bool r = NUMEXPR(a.as_number(), b.as_number());             \
            *--sp = Value();                                     \
            sp[-1] = Value::boolean(r);                                 \
        } else {                                                        \
            Value r = FN(a, b);                                         \
            *--sp = Value();                                     \
            sp[-1] = std::move(r);                                      \
        }                                                               \
        NEXT();                                                         \
    }
#define NUM_EQ(x, y) ((x) == (y))
#define NUM_NE(x, y) ((x) != (y))
#define NUM_LT(x, y) ((x) < (y))
#define NUM_LE(x, y) ((x) < (y) || (x) == (y))
#define NUM_GT(x, y) ((x) != (y) && !((x) < (y)))
#define NUM_GE(x, y) (!((x) < (y)))
            COMPARE(EQ, NUM_EQ, op_eq)
            COMPARE(NEQ, NUM_NE, op_ne)
            COMPARE(LT, NUM_LT, op_lt)
            COMPARE(LE, NUM_LE, op_le)
            COMPARE(GT, NUM_GT, op_gt)
            COMPARE(GE, NUM_GE, op_ge)
#define UNARY(NAME, CALL)                       \
    CASE(NAME) {                                \
        pc_ = PC();                               \
        Value& v = sp[-1];                      \
        v = CALL;                               \
        NEXT();                                 \
    }
            UNARY(NOT, Value::boolean(!v.truthy()))
            UNARY(LEN, op_len(v))
            UNARY(EMPTY, op_empty(v))
            UNARY(HEAD, op_head(v))
            UNARY(TAIL, op_tail(v))
            UNARY(IS_NIL, Value::boolean(v.is(Tag::Nil)))
            UNARY(TO_NUMBER, op_to_number(v))
            UNARY(TO_STRING, op_to_string(v, prog))
            UNARY(TYPE, op_type(v))
            CASE(AT) {
                // A list and an index in range (NaN fails the test): a copy
                // of the element. Anything else: op_at (strings, dicts,
                // negative indices, errors).
                if (sp[-2].is(Tag::List) && sp[-1].is_number()) [[likely]] {
                    const std::vector<Value>& items = sp[-2].as_list();
                    const double i = sp[-1].as_number();
                    if (i >= 0 && i < static_cast<double>(items.size())) {
                        {
                            Value element = items[static_cast<size_t>(i)];
                            sp[-1] = Value();
                            --sp;
                            sp[-1] = std::move(element);
                        }
                        NEXT();
                    }
                }
                pc_ = PC();
                {
                    Value r = op_at(sp[-2], sp[-1], prog);
                    *--sp = Value();
                    sp[-1] = std::move(r);
                }
                NEXT();
            }
            CASE(AT_AT) {
                pc_ = PC();
                {
                    Value r = op_at_at(sp[-3], sp[-2], sp[-1], prog);
                    *--sp = Value();
                    *--sp = Value();
                    sp[-1] = std::move(r);
                }
                NEXT();
            }
            CASE(HAS_FIELD) {
                pc_ = PC();
                {
                    Value r = op_has_field(sp[-2], sp[-1], prog);
                    *--sp = Value();
                    sp[-1] = std::move(r);
                }
                NEXT();
            }
            CASE(ASSERT) {
                pc_ = PC();
                op_assert(sp[-2], sp[-1]);
                *--sp = Value();
                sp[-1] = Value();
                NEXT();
            }
#define LIST_OP(NAME, FN)                                          \
    CASE(NAME) {                                                   \
        pc_ = PC();                                                  \
        uint32_t n = INS.a;                                       \
        Value* args = sp - n;                                     \
        {                                                          \
            Value r = FN(std::span<Value>(args, n));               \
            for (uint32_t i = 0; i < n; ++i) args[i] = Value();    \
            sp -= n;                                               \
            *sp++ = std::move(r);                                  \
        }                                                          \
        NEXT();                                                    \
    }
            LIST_OP(LIST, op_list)
            LIST_OP(APPEND, op_append)
            LIST_OP(CONCAT, op_concat)
            LIST_OP(POP_LIST, op_pop)
            CASE(APPEND_IN) {
                pc_ = PC();
                uint32_t n = INS.b;
                Value& cell = cells[INS.a];
                if (cell.is(Tag::Unbound)) raise_unbound(prog, INS.a);
                append_in_place(cell, std::span<Value>(sp - n, n));
                for (uint32_t i = 0; i < n; ++i) *--sp = Value();
                NEXT();
            }
            CASE(CONCAT_IN) {
                pc_ = PC();
                uint32_t n = INS.b;
                Value& cell = cells[INS.a];
                if (cell.is(Tag::Unbound)) raise_unbound(prog, INS.a);
                concat_in_place(cell, std::span<Value>(sp - n, n));
                for (uint32_t i = 0; i < n; ++i) *--sp = Value();
                NEXT();
            }
            CASE(POP_IN) {
                pc_ = PC();
                Value& cell = cells[INS.a];
                if (cell.is(Tag::Unbound)) raise_unbound(prog, INS.a);
                sp[-1] = pop_in_place(cell, sp[-1]);
                NEXT();
            }
            CASE(SET_AT_IN) {
                pc_ = PC();
                Value& cell = cells[INS.a];
                if (cell.is(Tag::Unbound)) raise_unbound(prog, INS.a);
                {
                    Value stored = set_at_in_place(cell, sp[-2], std::move(sp[-1]), prog);
                    *--sp = Value();
                    sp[-1] = std::move(stored);
                }
                NEXT();
            }
            CASE(SET_AT_AT_IN) {
                pc_ = PC();
                Value& cell = cells[INS.a];
                if (cell.is(Tag::Unbound)) raise_unbound(prog, INS.a);
                {
                    Value stored = set_at_at_in_place(cell, sp[-3], sp[-2], std::move(sp[-1]), prog);
                    *--sp = Value();
                    *--sp = Value();
                    sp[-1] = std::move(stored);
                }
                NEXT();
            }
#ifndef ARK_THREADED
            default:
                raise("VMError", "invalid opcode " + std::to_string(INS.op));
#endif
        }
    } catch (ArkError& error) {
        // Values left above the entry frame's slot stay on the stack until
        // the next run_program clears it or the context goes.
        pc_ = PC();
        if constexpr (Debug) {
            // The innermost catch of this error: its frames are still there.
            if (!error.traced) {
                SAVE_SP();
                debugger_->error_raised(*this, error);
            }
        }
        fill_traceback(error);
        unwind_after_error();
        throw;
    } catch (const std::bad_alloc&) {
        // Out of memory (or refused by a memory cap): a clean MemoryError, not a
        // std::terminate in whichever client runs the program.
        pc_ = PC();
        ArkError error("MemoryError", "out of memory");
        fill_traceback(error);
        unwind_after_error();
        throw error;
    }
#ifndef ARK_THREADED
    return Value();
#endif
}

#ifndef ARK_DEBUG_LOOP
// One branch per entry, none per instruction: a run with no debugger runs
// execute_loop<false>, the loop with every debugger line compiled out by
// `if constexpr` (debug_hook.hpp says why the hook is per instruction). The
// debug instantiation lives in its own translation unit
// (interpreter_debug.cpp): in this one, the compiler's inlining budget goes
// to this loop alone, as it did before the debugger existed.
extern template Value ExecutionContext::execute_loop<true>();
Value ExecutionContext::execute() {
    if (debugger_) [[unlikely]]
        return execute_loop<true>();
    return execute_loop<false>();
}

template Value ExecutionContext::execute_loop<false>();
#else
template Value ExecutionContext::execute_loop<true>();
#endif

}  // namespace ark::vm
