// Evaluating an expression in a frame of a stopped context, on that
// context's own thread.
//
// The expression is compiled with the program (so it sees the same symbol
// ids, functions and imports) as one more top-level form:
//     (let __ark_debug_eval__ (fun ((mut a) (mut b)...) (list EXPR a b...)))
// where a, b... are the names the frame binds (its locals and captures), so
// the front end resolves them; the function's result carries the value and
// what the expression left in those names. It runs in a separate context
// (with its own Runtime, an instruction budget, and no debugger) whose cells
// are the frame's view (saved_slots.hpp); afterwards every cell is written
// back where the frame reads it, so `(set x 5)` changes what the frame sees
// and nothing else.
#include <algorithm>

#include "analysis/analysis.hpp"
#include "async/future.hpp"
#include "codegen/compile.hpp"
#include "debugger.hpp"
#include "saved_slots.hpp"

namespace ark::debugger {

namespace {

constexpr const char* kEvalName = "__ark_debug_eval__";
constexpr uint64_t kEvalBudget = 20'000'000;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Whether the brackets of the expression balance (outside strings and
// comments): an expression can not close the wrapper it is put in.
bool balanced(const std::string& e) {
    int depth = 0;
    for (size_t i = 0; i < e.size(); ++i) {
        char c = e[i];
        if (c == '"') {
            for (++i; i < e.size() && e[i] != '"'; ++i)
                if (e[i] == '\\') ++i;
            if (i >= e.size()) return false;
        } else if (c == '#') {
            while (i < e.size() && e[i] != '\n') ++i;
        } else if (c == '(' || c == '[' || c == '{') {
            ++depth;
        } else if (c == ')' || c == ']' || c == '}') {
            if (--depth < 0) return false;
        }
    }
    return depth == 0;
}

}  // namespace

bool is_side_effect_free(const std::string& e) {
    static const std::vector<std::string> pure = {
#define ARK_OPERATOR(name, opcode, min, max, doc) name,
#include "vocabulary.def"
#undef ARK_OPERATOR
        "if", "and", "or"};
    if (!balanced(e)) return false;
    for (size_t i = 0; i < e.size(); ++i) {
        char c = e[i];
        if (c == '"') {
            for (++i; i < e.size() && e[i] != '"'; ++i)
                if (e[i] == '\\') ++i;
        } else if (c == '{') {
            return false;  // a block may hold anything
        } else if (c == '(') {
            size_t start = i + 1;
            while (start < e.size() && is_space(e[start])) ++start;
            size_t end = start;
            while (end < e.size() && !is_space(e[end]) && e[end] != '(' && e[end] != ')' && e[end] != '[' && e[end] != ']')
                ++end;
            const std::string head = e.substr(start, end - start);
            if (std::find(pure.begin(), pure.end(), head) == pure.end()) return false;
        }
    }
    return true;
}

std::vector<uint32_t> Debugger::visible_names(vm::ExecutionContext& ctx, size_t index) const {
    const vm::Frame& frame = ctx.frames()[index];
    const vm::CodePage& page = program_->pages[frame.page];
    std::vector<uint32_t> names;
    if (frame.page != 0) {
        names = page.bound;
        if (frame.env && frame.env_saved) {
            std::lock_guard lock(frame.env->mutex);
            for (uint32_t m = 0; m < frame.env_saved && m < frame.env->fields.size(); ++m) names.push_back(frame.env->fields[m].symbol);
        }
        std::sort(names.begin(), names.end());
        names.erase(std::unique(names.begin(), names.end()), names.end());
    }
    // Only the names bound now: a `let` the frame has not run yet stays
    // unknown to the expression (an error, as it would be in the program).
    SavedSlots view_of(ctx, *program_, index);
    names.erase(std::remove_if(names.begin(), names.end(), [&](uint32_t sym) { return view_of.where(sym)->is(vm::Tag::Unbound); }),
                names.end());
    return names;
}

std::string Debugger::wrapper_head(const std::vector<uint32_t>& names) const {
    std::string params;
    for (uint32_t sym : names) params += "(mut " + program_->symbol_names[sym] + ") ";
    return "\n(let " + std::string(kEvalName) + " (fun (" + params + ") (list ";
}

ConsoleAnalysis Debugger::analyze_console_text(const std::string& text, std::optional<int> frame_id) {
    std::vector<uint32_t> names;
    if (frame_id) {
        std::unique_lock lock(mutex_);
        Thread& t = stopped_thread(lock, *frame_id / kFramesPerThread);
        const size_t from_top = static_cast<size_t>(*frame_id % kFramesPerThread);
        if (from_top < t.ctx->frames().size()) names = visible_names(*t.ctx, t.ctx->frames().size() - 1 - from_top);
    }
    const std::string head = wrapper_head(names);
    analysis::AnalysisOptions analysis_options;
    analysis_options.library_paths = options_.library_paths;
    ConsoleAnalysis out;
    out.text_offset = static_cast<uint32_t>(source_text_.size() + head.size());
    out.analysis = analysis::analyze(options_.program, source_text_ + head + text + "\n)))\n", analysis_options);
    out.hidden_name = kEvalName;
    return out;
}

struct Debugger::CompiledEval {
    std::shared_ptr<const vm::Program> program;
    uint32_t function_symbol = 0;
    uint32_t start_pc = 0;
};

vm::Value Debugger::evaluate_in_frame(vm::ExecutionContext& ctx, size_t index, const std::string& expression) {
    if (expression.find_first_not_of(" \t\r\n") == std::string::npos) throw DebugError("nothing to evaluate");
    if (!balanced(expression)) throw DebugError("the expression's brackets do not balance");
    const std::vector<uint32_t> names = visible_names(ctx, index);
    std::string reads;
    for (uint32_t sym : names) reads += " " + program_->symbol_names[sym];
    const std::string wrapper = wrapper_head(names) + expression + "\n" + reads + ")))\n";

    std::shared_ptr<CompiledEval> compiled;
    {
        std::lock_guard lock(eval_mutex_);
        auto it = eval_cache_.find(wrapper);
        if (it != eval_cache_.end()) compiled = it->second;
    }
    if (!compiled) {
        analysis::AnalysisOptions analysis_options;
        analysis_options.library_paths = options_.library_paths;
        auto analysis = analysis::analyze(options_.program, source_text_ + wrapper, analysis_options);
        std::string errors;
        for (const auto& d : analysis->diagnostics)
            if (d.severity == Severity::Error) errors += (errors.empty() ? "" : "\n") + d.message;
        if (!errors.empty()) throw DebugError(errors);
        auto result = codegen::compile_program(analysis->expanded.program, analysis->sources);
        if (!result.program) {
            for (const auto& d : result.diagnostics) errors += (errors.empty() ? "" : "\n") + d.message;
            throw DebugError(errors.empty() ? "can not compile the expression" : errors);
        }
        const vm::Program& p = *result.program;
        // The program with one more form extends the running one (same ids).
        if (p.pages.size() < program_->pages.size() || p.symbol_names.size() < program_->symbol_names.size() ||
            !std::equal(program_->symbol_names.begin(), program_->symbol_names.end(), p.symbol_names.begin()) ||
            p.top_level_starts.size() < 2)
            throw DebugError("can not evaluate here: the program does not compile the same way again");
        compiled = std::make_shared<CompiledEval>();
        compiled->program = result.program;
        compiled->function_symbol = static_cast<uint32_t>(
            std::find(p.symbol_names.begin(), p.symbol_names.end(), kEvalName) - p.symbol_names.begin());
        compiled->start_pc = p.top_level_starts[p.top_level_starts.size() - 2];
        std::lock_guard lock(eval_mutex_);
        eval_cache_[wrapper] = compiled;
    }

    // The frame's view of every cell.
    SavedSlots saved(ctx, *program_, index);
    std::vector<vm::Value> view = ctx.cells();
    for (auto& [sym, slot] : saved.saved()) view[sym] = *slot;
    view.resize(compiled->program->symbol_names.size(), vm::Value::unbound());

    vm::Runtime runtime;
    runtime.program = compiled->program;
    runtime.out = ctx.runtime().out;
    runtime.args = ctx.runtime().args;
    runtime.allow_input = false;
    runtime.limits.max_call_depth = ctx.runtime().limits.max_call_depth;
    runtime.limits.instruction_budget = kEvalBudget;
    // Its values are the debuggee's, which the debuggee's tasks may hold too.
    runtime.tasks_started.store(true, std::memory_order_relaxed);
    vm::TaskPool pool(runtime, 2);
    runtime.pool = &pool;
    vm::Value result;
    std::vector<vm::Value> after;
    try {
        vm::ExecutionContext eval(runtime, std::move(view));
        eval.run_program(compiled->start_pc);
        std::vector<vm::Value> args;
        for (uint32_t sym : names) args.push_back(eval.cells()[sym]);
        vm::Value function = eval.cells()[compiled->function_symbol];
        vm::Value list = eval.call(function, std::span<vm::Value>(args));
        const auto& items = list.as_list();
        result = items[0];
        after = eval.cells();
        for (size_t i = 0; i < names.size(); ++i) after[names[i]] = items[i + 1];
    } catch (const vm::ArkError& e) {
        runtime.cancelled.store(true);
        pool.wait_all();
        throw DebugError(e.kind_name() + ": " + e.message);
    } catch (const vm::ExitRequest&) {
        runtime.cancelled.store(true);
        pool.wait_all();
        throw DebugError("sys:exit does not end the program from an evaluation");
    }
    pool.wait_all();
    // Write back where the frame reads each name.
    for (uint32_t sym = 0; sym < program_->symbol_names.size(); ++sym) {
        vm::Value* slot = saved.where(sym);
        *slot = std::move(after[sym]);
    }
    return result;
}

}  // namespace ark::debugger
