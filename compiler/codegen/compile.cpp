// The code generator. One pass over the expanded S-expressions; each function
// literal becomes a code page. Variables are symbol ids (shallow binding, see
// DESIGN.md): the page records which symbols a call binds so the VM can save
// and restore them.
#include "codegen/compile.hpp"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "analysis/check_forms.hpp"
#include "base/diagnostic_codes.hpp"
#include "builtins/registry.hpp"
#include "codegen/fold.hpp"
#include "codegen/forms.hpp"
#include "opcodes.hpp"
#include "operator_values.hpp"
#include "vocabulary.hpp"

namespace ark::codegen {
namespace {

using syntax::Sexp;
using syntax::SexpKind;
using namespace vm;
using analysis::produces_value;
using language::is_in_place_list_op;
using language::is_keyword;
using language::Keyword;

// A loop body being compiled (4.0+: a scope of its own).
struct LoopScope {
    uint32_t where_cell;          // the hidden cell SAVE_CELLS sets (vm/program.hpp, scope_cells)
    std::vector<uint32_t> names;  // the names its let/mut bind
};

// Per function being compiled.
struct FunctionState {
    uint32_t page;
    std::string self_name;  // the name the enclosing let/mut/set binds this function to
    std::unordered_set<std::string> bound;
    uint32_t n_params = 0;
    std::vector<LoopScope> loops;  // the loop bodies around the code being compiled, innermost last
};

class Compiler {
public:
    explicit Compiler(const SourceMap& sources) : sources_(sources), program_(std::make_shared<Program>()) {
        for (size_t i = 0; i < sources.size(); ++i) program_->files.push_back(sources.file(static_cast<FileId>(i)).path);
    }

    CompileResult run(const std::vector<Sexp>& forms, CompileOptions options) {
        program_->pages.emplace_back();
        program_->pages[0].name = "<global>";
        functions_.push_back(FunctionState{0, "", {}, 0, {}});
        for (size_t i = 0; i < forms.size(); ++i) {
            program_->top_level_starts.push_back(here());
            // The kept value returns from the form's own RET, so a run that
            // starts after it (at the NIL RET below) returns nil.
            const bool keep = options.keep_last_value && i + 1 == forms.size() && produces_value(forms[i]);
            compile(forms[i], keep, false);
            if (keep) emit(OP_RET, forms[i].where);
        }
        program_->top_level_starts.push_back(here());
        SourceRange end = forms.empty() ? SourceRange{} : forms.back().where;
        emit(OP_NIL, end);
        emit(OP_RET, end);
        finish_page(0);
        CompileResult result;
        result.diagnostics = std::move(diags_);
        bool failed = false;
        for (const auto& d : result.diagnostics)
            if (d.severity == Severity::Error) failed = true;
        if (!failed) result.program = program_;
        return result;
    }

private:
    // ----- emission helpers -------------------------------------------------
    CodePage& page() { return program_->pages[functions_.back().page]; }

    uint32_t emit(uint32_t op, const SourceRange& where, uint32_t a = 0, uint32_t b = 0, uint32_t c = 0) {
        CodePage& p = page();
        p.code.push_back(Instr{op, a, b, c});
        p.positions.push_back(position(where));
        return static_cast<uint32_t>(p.code.size() - 1);
    }
    uint32_t here() { return static_cast<uint32_t>(page().code.size()); }
    // If the code emitted since `start` is a single LOAD (the operand was a
    // plain variable), removes it and returns its symbol, so that the caller
    // can emit a superinstruction that reads the variable itself. No jump can
    // target the removed instruction: it was a whole operand's code.
    std::optional<uint32_t> take_lone_load(uint32_t start) {
        CodePage& p = page();
        if (p.code.size() != start + 1 || p.code.back().op != OP_LOAD) return std::nullopt;
        uint32_t variable = p.code.back().a;
        p.code.pop_back();
        p.positions.pop_back();
        return variable;
    }
    void patch(uint32_t at, uint32_t target) { page().code[at].a = target; }

    SourcePos position(const SourceRange& where) {
        if (where.file >= sources_.size()) return {};
        const SourceFile& f = sources_.file(where.file);
        LineColumn lc = f.lines.to_line_column(where.range.begin, PositionEncoding::Utf32);
        return SourcePos{where.file, lc.line + 1, lc.column + 1};
    }

    uint32_t symbol(const std::string& name) {
        auto it = symbols_.find(name);
        if (it != symbols_.end()) return it->second;
        auto id = static_cast<uint32_t>(program_->symbol_names.size());
        program_->symbol_names.push_back(name);
        symbols_.emplace(name, id);
        return id;
    }

    uint32_t constant_number(double d) {
        uint64_t bits;
        std::memcpy(&bits, &d, sizeof bits);
        auto it = number_constants_.find(bits);
        if (it != number_constants_.end()) return it->second;
        auto id = static_cast<uint32_t>(program_->constants.size());
        program_->constants.push_back(Value::number(d));
        number_constants_.emplace(bits, id);
        return id;
    }
    uint32_t constant_string(const std::string& s) {
        auto it = string_constants_.find(s);
        if (it != string_constants_.end()) return it->second;
        auto id = static_cast<uint32_t>(program_->constants.size());
        program_->constants.push_back(Value::string(s));
        string_constants_.emplace(s, id);
        return id;
    }
    uint32_t constant_value(Value v) {
        auto id = static_cast<uint32_t>(program_->constants.size());
        program_->constants.push_back(std::move(v));
        return id;
    }

    // Analysis (analysis/check_forms.cpp) rejects every program that reaches
    // here: a hit is a bug in that pass. Debug builds stop on it; release
    // builds refuse to compile rather than emit wrong code.
    void unchecked(std::string_view code, const SourceRange& where, const std::string& what) {
        assert(false && "analysis accepted a program codegen can not compile");
        diags_.push_back(make_diagnostic("E0901", where,
                                         "internal error: analysis accepted a program with " + std::string(code) + " (" + what + ")"));
    }

    void finish_page(uint32_t index) {
        CodePage& p = program_->pages[index];
        // A jump to a return is the return itself (the branches of an `if`
        // in tail position).
        for (Instr& ins : p.code)
            if (ins.op == OP_JUMP && ins.a < p.code.size() && p.code[ins.a].op == OP_RET) ins = Instr{OP_RET, 0, 0};
        if (index != 0) fuse_return_load(p);
        p.n_captures = static_cast<uint32_t>(p.captures.size());
        p.n_bound = static_cast<uint32_t>(p.bound.size());
        // Each instruction pushes at most one value; the saved cells of a
        // call live in its frame's slots too (vm/context.hpp).
        // A loop's SAVE_CELLS pushes two values per name of its run.
        p.max_stack = static_cast<uint32_t>(p.code.size() + p.bound.size() + 2 * p.scope_cells.size()) + 8;
    }

    // A function whose value is a variable (`n` in fib's base case, the
    // counter a closure returns) ends `LOAD x; RET`: the LOAD becomes
    // RETURN_LOAD, one dispatch instead of two. Not when something jumps to
    // that RET (it would skip the LOAD); the RET stays in place, so no jump
    // target moves. Not on page 0, whose RET ends the program and whose
    // forms the REPL enters one by one.
    static void fuse_return_load(CodePage& p) {
        std::vector<bool> jumped_to(p.code.size() + 1, false);
        for (const Instr& ins : p.code) {
            switch (ins.op) {
                case OP_JUMP: case OP_JUMP_IF_FALSE: case OP_AND_JUMP: case OP_OR_JUMP:
                case OP_LT_JUMP_IF_FALSE: case OP_LT_CONST_JUMP_IF_FALSE: case OP_LOAD_LT_CONST_JUMP_IF_FALSE:
                    if (ins.a < jumped_to.size()) jumped_to[ins.a] = true;
                    break;
                default: break;
            }
        }
        for (size_t i = 0; i + 1 < p.code.size(); ++i)
            if (p.code[i].op == OP_LOAD && p.code[i + 1].op == OP_RET && !jumped_to[i + 1]) p.code[i].op = OP_RETURN_LOAD;
    }

    // A no-value form directly as an argument is a compile error (§2),
    // reported by analysis; the in-place list instructions give nil.
    void compile_operand(const Sexp& e, std::string_view context) {
        if (!produces_value(e)) {
            unchecked("E0202", e.where, "no value inside a call to `" + std::string(context) + "`");
            return;
        }
        compile(e, true, false);
    }

    // ----- expressions ------------------------------------------------------
    void compile(const Sexp& e, bool want_value, bool tail) {
        switch (e.kind) {
            case SexpKind::Number:
                if (want_value) emit(OP_CONST, e.where, constant_number(e.number()));
                return;
            case SexpKind::String:
                if (want_value) emit(OP_CONST, e.where, constant_string(e.text));
                return;
            case SexpKind::Symbol:
                compile_symbol(e);
                if (!want_value) emit(OP_POP, e.where);
                return;
            case SexpKind::Field:
                emit(OP_LOAD, e.where, symbol(e.path[0]));
                for (size_t i = 1; i < e.path.size(); ++i) emit(OP_FIELD, e.where, symbol(e.path[i]));
                if (!want_value) emit(OP_POP, e.where);
                return;
            case SexpKind::Capture:
            case SexpKind::Spread:
                unchecked("E0008", e.where, "capture or spread outside a parameter list");
                return;
            case SexpKind::Bracket:
                for (const Sexp& c : e.children) compile_operand(c, "list");
                emit(OP_LIST, e.where, static_cast<uint32_t>(e.children.size()));
                if (!want_value) emit(OP_POP, e.where);
                return;
            case SexpKind::Brace:
                compile_begin(e, 0, want_value, tail);
                return;
            case SexpKind::List:
                compile_list(e, want_value, tail);
                return;
        }
    }

    void compile_symbol(const Sexp& e) {
        const std::string& name = e.text;
        // Most names are the program's own: one lookup, then a plain load.
        if (!language::is_reserved(name)) { emit(OP_LOAD, e.where, symbol(name)); return; }
        if (name == "true") { emit(OP_TRUE, e.where); return; }
        if (name == "false") { emit(OP_FALSE, e.where); return; }
        if (name == "nil") { emit(OP_NIL, e.where); return; }
        if (name == "builtin__sys:args") { emit(OP_SYS_ARGS, e.where); return; }
        if (auto c = builtin_constant(name)) { emit(OP_CONST, e.where, constant_value(*c)); return; }
        if (auto id = find_builtin(name)) { emit(OP_CONST, e.where, builtin_value(*id)); return; }
        // An operator read as a value is its function (4.3+).
        if (auto id = operator_value_id(name)) { emit(OP_CONST, e.where, builtin_value(*id)); return; }
        if (is_keyword(name) || is_in_place_list_op(name)) {
            unchecked("E0201", e.where, "`" + name + "` as a value");
            return;
        }
        emit(OP_LOAD, e.where, symbol(name));
    }

    uint32_t builtin_value(uint32_t id) {
        auto it = builtin_constants_.find(id);
        if (it != builtin_constants_.end()) return it->second;
        uint32_t k = constant_value(Value::cproc(id));
        builtin_constants_.emplace(id, k);
        return k;
    }

    void compile_begin(const Sexp& e, size_t first, bool want_value, bool tail) {
        size_t n = e.children.size();
        if (n <= first) {
            if (want_value) emit(OP_NIL, e.where);
            return;
        }
        for (size_t i = first; i + 1 < n; ++i) compile(e.children[i], false, false);
        const Sexp& last = e.children[n - 1];
        compile(last, want_value, tail);
    }

    bool expect_arity(const Sexp& e, size_t min, size_t max, const char* shape) {
        size_t n = e.children.size() - 1;
        if (n < min || n > max) {
            unchecked("E0008", e.where, std::string("malformed `") + std::string(e.head_name()) + "`: expected " + shape);
            return false;
        }
        return true;
    }

    void compile_list(const Sexp& e, bool want_value, bool tail) {
        if (e.children.empty()) {
            if (want_value) emit(OP_NIL, e.where);
            return;
        }
        const auto form = e.form;
        const std::string_view h = e.head_name();
        if (form == Keyword::Let || form == Keyword::Mut || form == Keyword::Set) return compile_binding(e, want_value);
        if (form == Keyword::Fun) return compile_fun(e, "", want_value);
        if (form == Keyword::If) return compile_if(e, want_value, tail);
        if (form == Keyword::While) return compile_while(e, want_value);
        if (form == Keyword::Begin) return compile_begin(e, 1, want_value, tail);
        if (form == Keyword::Del) return compile_del(e, want_value);
        if (form == Keyword::Breakpoint) return compile_breakpoint(e, want_value);
        if (form == Keyword::Import) {
            if (want_value) emit(OP_NIL, e.where);
            return;
        }
        if (form == Keyword::And || form == Keyword::Or) return compile_and_or(e, form == Keyword::And, want_value);
        if (is_in_place_list_op(h)) return compile_in_place(e, want_value);
        if (auto op = find_operator(h)) return compile_operator(e, *op, want_value);
        compile_call(e, want_value, tail);
    }

    void compile_binding(const Sexp& e, bool want_value) {
        const std::string_view h = e.head_name();
        const bool is_set = e.is_form(Keyword::Set);
        if (!expect_arity(e, 2, 2, "(NAME value)")) return;
        const Sexp& name = e.children[1];
        if (!name.is_symbol()) {
            unchecked("E0008", name.where, std::string("`") + std::string(h) + "` without a name");
            return;
        }
        const Sexp& value = e.children[2];
        uint32_t sym = symbol(name.text);
        if (is_set && try_increment(name, value, sym)) {
            if (want_value) emit(OP_LOAD, e.where, sym);  // a binding gives the value bound (4.4+)
            return;
        }
        if (!produces_value(value)) {
            compile(value, false, false);
            emit(OP_NIL, value.where);
        } else if (value.is_form(Keyword::Fun)) {
            compile_fun(value, name.text, true);
        } else {
            compile(value, true, false);
        }
        if (is_set) emit(OP_SET, e.where, sym);
        else {
            store_binding(sym, e.where);
            if (functions_.size() > 1) functions_.back().bound.insert(name.text);
        }
        if (want_value) emit(OP_LOAD, e.where, sym);  // a binding gives the value bound (4.4+)
    }

    // A let/mut: inside a loop body, of a name of that body's scope.
    void store_binding(uint32_t sym, const SourceRange& where) {
        const std::vector<LoopScope>& loops = functions_.back().loops;
        if (!loops.empty()) {
            const std::vector<uint32_t>& names = loops.back().names;
            const auto at = std::find(names.begin(), names.end(), sym);
            if (at != names.end()) {
                emit(OP_STORE_LOOP_LOCAL, where, sym, loops.back().where_cell, static_cast<uint32_t>(at - names.begin()));
                return;
            }
        }
        emit(OP_STORE, where, sym);
    }

    // (set x (+ x K)) or (set x (+ K x)) with a numeric literal K: one
    // instruction (c = 1: K is the left operand, for the error message).
    bool try_increment(const Sexp& name, const Sexp& value, uint32_t sym) {
        if (value.head_name() != "+" || value.children.size() != 3) return false;
        const Sexp& a = value.children[1];
        const Sexp& b = value.children[2];
        if (a.kind == SexpKind::Number && b.is_symbol(name.text)) {
            emit(OP_INC_CONST, value.where, sym, constant_number(a.number()), 1);
            return true;
        }
        if (!a.is_symbol(name.text)) return false;
        if (b.kind == SexpKind::Number) {
            emit(OP_INC_CONST, value.where, sym, constant_number(b.number()));
            return true;
        }
        // Only operands whose evaluation cannot change x, so reading x after
        // them is the same as reading it first.
        bool simple = b.kind == SexpKind::String || (b.is_symbol() && b.text != name.text && !find_builtin(b.text) &&
                                                     !find_operator(b.text) && !is_keyword(b.text));
        if (!simple) return false;
        compile(b, true, false);
        emit(OP_ADD_TO, value.where, sym);
        return true;
    }

    void compile_fun(const Sexp& e, const std::string& self_name, bool want_value) {
        if (!expect_arity(e, 2, 2, "(fun (params) body)")) return;
        const Sexp& params = e.children[1];
        if (params.kind != SexpKind::List) {
            unchecked("E0008", params.where, "a function without a parameter list");
            return;
        }
        auto index = static_cast<uint32_t>(program_->pages.size());
        program_->pages.emplace_back();
        CodePage& p = program_->pages[index];
        p.name = self_name.empty() ? "<lambda>" : self_name;
        FunctionState fn{index, self_name, {}, 0, {}};
        bool seen_capture = false;
        std::unordered_set<std::string> seen;
        for (const Sexp& param : params.children) {
            // `(mut x)` and `(ref x)` compile as `x`: values are shared until
            // written (copy on write), so a mutable copy costs nothing until
            // the function changes it, and analysis keeps the others unchanged.
            const auto declared = syntax::parameter_of(param);
            if (declared && !seen_capture) {
                const std::string& name = declared->name->text;
                if (!seen.insert(name).second) {
                    unchecked("E0009", param.where, "duplicate parameter `" + name + "`");
                    continue;
                }
                program_->pages[index].params.push_back(symbol(name));
                fn.bound.insert(name);
            } else if (param.kind == SexpKind::Capture) {
                seen_capture = true;
                if (!seen.insert(param.text).second) {
                    unchecked("E0009", param.where, "duplicate capture `&" + param.text + "`");
                    continue;
                }
                program_->pages[index].captures.push_back(symbol(param.text));
                program_->pages[index].capture_names.push_back(symbol(syntax::capture_field(param)));
                fn.bound.insert(param.text);
            } else if (declared) {
                unchecked("E0008", param.where, "parameter `" + declared->name->text + "` after the captures");
            } else {
                unchecked("E0008", param.where, "invalid parameter `" + syntax::repr(param) + "`");
            }
        }
        fn.n_params = static_cast<uint32_t>(program_->pages[index].params.size());
        program_->pages[index].n_params = fn.n_params;
        // A self tail call is only sound when the self name is not rebound inside.
        if (fn.bound.count(self_name)) fn.self_name.clear();
        functions_.push_back(std::move(fn));
        if (e.children.size() == 3) {
            const Sexp& body = e.children[2];
            if (produces_value(body)) compile(body, true, true);
            else {
                compile(body, false, false);
                emit(OP_NIL, body.where);
            }
        } else {
            emit(OP_NIL, e.where);
        }
        emit(OP_RET, e.where);
        FunctionState done = std::move(functions_.back());
        functions_.pop_back();
        CodePage& page_ref = program_->pages[index];
        // Parameters and captures first (in order), then the let/mut names.
        page_ref.bound = page_ref.params;
        page_ref.bound.insert(page_ref.bound.end(), page_ref.captures.begin(), page_ref.captures.end());
        for (const std::string& name : done.bound) {
            uint32_t s = symbol(name);
            bool present = false;
            for (uint32_t b : page_ref.bound) present |= b == s;
            if (!present) page_ref.bound.push_back(s);
        }
        finish_page(index);
        if (!want_value) return;
        emit(page_ref.captures.empty() ? OP_FUNC : OP_CLOSURE, e.where, index);
    }

    void compile_if(const Sexp& e, bool want_value, bool tail) {
        if (!expect_arity(e, 2, 3, "(if condition then [else])")) return;
        const Sexp& cond = e.children[1];
        uint32_t jump_else;
        jump_else = compile_condition(cond, "if");
        compile_branch(e.children[2], want_value, tail);
        uint32_t jump_end = emit(OP_JUMP, e.where);
        patch(jump_else, here());
        if (e.children.size() == 4) compile_branch(e.children[3], want_value, tail);
        else if (want_value) emit(OP_NIL, e.where);
        patch(jump_end, here());
    }

    // Evaluates a condition and emits the jump taken when it is false; returns
    // the jump to patch. (< x y) fuses with the jump, (< x K) also with K.
    uint32_t compile_condition(const Sexp& cond, std::string_view context) {
        if (cond.head_name() == "<" && cond.children.size() == 3 && !fold_constant(cond)) {
            const uint32_t operand_start = here();
            compile_operand(cond.children[1], "<");
            const Sexp& right = cond.children[2];
            if (right.kind == SexpKind::Number) {
                uint32_t k = constant_number(right.number());
                if (auto variable = take_lone_load(operand_start))
                    return emit(OP_LOAD_LT_CONST_JUMP_IF_FALSE, cond.where, 0, *variable, k);
                return emit(OP_LT_CONST_JUMP_IF_FALSE, cond.where, 0, k);
            }
            compile_operand(right, "<");
            return emit(OP_LT_JUMP_IF_FALSE, cond.where);
        }
        compile_operand(cond, context);
        return emit(OP_JUMP_IF_FALSE, cond.where);
    }

    void compile_branch(const Sexp& branch, bool want_value, bool tail) {
        if (want_value && !produces_value(branch)) {
            compile(branch, false, false);
            emit(OP_NIL, branch.where);
        } else {
            compile(branch, want_value, tail);
        }
    }

    // 4.0+: a loop body is a scope, entered afresh on each iteration. The
    // names it binds are saved as an iteration starts and restored as it
    // ends (shallow binding, like a call's), so the condition, the next
    // iteration before its `let` and the code after the loop see the outer
    // values again.
    void compile_while(const Sexp& e, bool want_value) {
        if (!expect_arity(e, 2, 2, "(while condition body)")) return;
        uint32_t start = here();
        const Sexp& cond = e.children[1];
        const Sexp& body = e.children[2];
        uint32_t exit;
        exit = compile_condition(cond, "while");
        std::vector<uint32_t> names;
        collect_loop_bound(body, names);
        const auto first = static_cast<uint32_t>(page().scope_cells.size());
        const auto count = static_cast<uint32_t>(names.size());
        if (count) {
            page().scope_cells.insert(page().scope_cells.end(), names.begin(), names.end());
            // A name no program can spell; a call saves it like its other
            // cells, so a recursive call running the same loop keeps its own.
            const std::string cell_name = "(loop " + std::to_string(first) + ")";
            const uint32_t where_cell = symbol(cell_name);
            if (functions_.size() > 1) functions_.back().bound.insert(cell_name);
            emit(OP_SAVE_CELLS, body.where, first, count, where_cell);
            functions_.back().loops.push_back(LoopScope{where_cell, std::move(names)});
        }
        compile(body, false, false);
        if (count) {
            emit(OP_RESTORE_CELLS, body.where, first, count);
            functions_.back().loops.pop_back();
        }
        emit(OP_JUMP, e.where, start);
        patch(exit, here());
        if (want_value) emit(OP_NIL, e.where);
    }

    // The names a loop body binds with let/mut, in program order, once each:
    // those of its own scope, not of the functions or the loop bodies inside
    // it (the condition of an inner loop is in this body's scope).
    void collect_loop_bound(const Sexp& e, std::vector<uint32_t>& names) {
        if (e.is_form(Keyword::Fun)) return;
        if (e.is_form(Keyword::While) && e.children.size() == 3) return collect_loop_bound(e.children[1], names);
        if ((e.is_form(Keyword::Let) || e.is_form(Keyword::Mut)) && e.children.size() == 3 && e.children[1].is_symbol()) {
            const uint32_t sym = symbol(e.children[1].text);
            if (std::find(names.begin(), names.end(), sym) == names.end()) names.push_back(sym);
        }
        for (const Sexp& child : e.children) collect_loop_bound(child, names);
    }

    void compile_del(const Sexp& e, bool want_value) {
        if (!expect_arity(e, 1, 1, "(del NAME)")) return;
        const Sexp& name = e.children[1];
        if (!name.is_symbol()) {
            unchecked("E0008", name.where, "`del` without a variable name");
            return;
        }
        emit(OP_DEL, e.where, symbol(name.text));
        if (want_value) emit(OP_NIL, e.where);
    }

    void compile_breakpoint(const Sexp& e, bool want_value) {
        if (e.children.size() > 2) {
            unchecked("E0301", e.where, "`breakpoint` with " + std::to_string(e.children.size() - 1) + " arguments");
            return;
        }
        const bool has_condition = e.children.size() == 2;
        if (has_condition) compile_operand(e.children[1], "breakpoint");
        emit(OP_BREAKPOINT, e.where, has_condition ? 1 : 0);
        if (want_value) emit(OP_NIL, e.where);
    }

    void compile_and_or(const Sexp& e, bool is_and, bool want_value) {
        if (e.children.size() < 2) {
            unchecked("E0301", e.where, std::string("`") + (is_and ? "and" : "or") + "` without arguments");
            return;
        }
        std::vector<uint32_t> jumps;
        for (size_t i = 1; i < e.children.size(); ++i) {
            compile_operand(e.children[i], is_and ? "and" : "or");
            if (i + 1 < e.children.size()) jumps.push_back(emit(is_and ? OP_AND_JUMP : OP_OR_JUMP, e.children[i].where));
        }
        for (uint32_t j : jumps) patch(j, here());
        if (!want_value) emit(OP_POP, e.where);
    }

    void compile_in_place(const Sexp& e, bool want_value) {
        std::string_view h = e.head_name();
        const auto op = find_in_place_op(h);
        const auto n = static_cast<int>(e.children.size() - 1);
        if (!op || n < op->min_args || (op->max_args >= 0 && n > op->max_args)) {
            unchecked("E0301", e.where, "`" + std::string(h) + "` with " + std::to_string(n) + " arguments");
            return;
        }
        const Sexp& target = e.children[1];
        if (!target.is_symbol()) {
            unchecked("E0008", target.where, "`" + std::string(h) + "` without a variable name");
            return;
        }
        for (size_t i = 2; i < e.children.size(); ++i) compile_operand(e.children[i], h);
        uint32_t sym = symbol(target.text);
        // 4.4+: append! and concat! give the changed list (loaded after
        // them), pop! the removed element, @= and @@= the stored value (left
        // on the stack by the instruction).
        if (op->op == OP_APPEND_IN || op->op == OP_CONCAT_IN) {
            emit(op->op, e.where, sym, static_cast<uint32_t>(n - 1));
            if (want_value) emit(OP_LOAD, e.where, sym);
            return;
        }
        emit(op->op, e.where, sym);
        if (!want_value) emit(OP_POP, e.where);
    }

    void compile_operator(const Sexp& e, const OperatorInfo& op, bool want_value) {
        auto n = static_cast<int>(e.children.size() - 1);
        if (n < op.min_args || (op.max_args >= 0 && n > op.max_args)) {
            unchecked("E0301", e.where, "`" + std::string(op.name) + "` with " + std::to_string(n) + " arguments");
            return;
        }
        if (auto folded = fold_constant(e)) {
            if (want_value) emit_constant(*folded, e.where);
            return;
        }
        const Sexp& last = e.children.back();
        if ((op.op == OP_ADD || op.op == OP_SUB) && n == 2 && last.kind == SexpKind::Number) {
            // (+ x K) / (- x K): one instruction instead of a CONST and an ADD,
            // and one instead of three when x is a variable.
            const uint32_t operand_start = here();
            compile_operand(e.children[1], op.name);
            uint32_t k = constant_number(last.number());
            if (auto variable = take_lone_load(operand_start))
                emit(op.op == OP_ADD ? OP_LOAD_ADD_CONST : OP_LOAD_SUB_CONST, e.where, *variable, k);
            else
                emit(op.op == OP_ADD ? OP_ADD_CONST : OP_SUB_CONST, e.where, 2, k);
        } else {
            for (size_t i = 1; i < e.children.size(); ++i) compile_operand(e.children[i], op.name);
            emit(op.op, e.where, static_cast<uint32_t>(n));
        }
        if (!want_value) emit(OP_POP, e.where);
    }

    void emit_constant(const Value& value, const SourceRange& where) {
        if (value.is(Tag::True) || value.is(Tag::False)) emit(value.truthy() ? OP_TRUE : OP_FALSE, where);
        else if (value.is_number()) emit(OP_CONST, where, constant_number(value.as_number()));
        else if (value.is(Tag::String)) emit(OP_CONST, where, constant_string(value.as_string()));
        else emit(OP_CONST, where, constant_value(value));
    }

    void compile_call(const Sexp& e, bool want_value, bool tail) {
        const Sexp& head = e.children[0];
        auto n_args = static_cast<uint32_t>(e.children.size() - 1);
        std::string callee_name = head.is_symbol() ? head.text : std::string(head.kind == SexpKind::Field ? head.path.back() : "");
        if (head.is_symbol()) {
            if (head.text == "async" && n_args >= 1) {
                for (size_t i = 1; i < e.children.size(); ++i) compile_operand(e.children[i], head.text);
                const Sexp& f = e.children[1];
                emit(OP_ASYNC, e.where, n_args, f.is_symbol() ? symbol(f.text) : kNoSymbol);
                if (!want_value) emit(OP_POP, e.where);
                return;
            }
            if (auto id = find_builtin(head.text)) {
                for (size_t i = 1; i < e.children.size(); ++i) compile_operand(e.children[i], head.text);
                emit(OP_BUILTIN, e.where, *id, n_args);
                if (!want_value) emit(OP_POP, e.where);
                return;
            }
            const FunctionState& fn = functions_.back();
            if (tail && functions_.size() > 1 && !fn.self_name.empty() && head.text == fn.self_name && n_args == fn.n_params) {
                for (size_t i = 1; i < e.children.size(); ++i) compile_operand(e.children[i], head.text);
                emit(OP_TAIL_SELF, e.where, n_args);
                return;
            }
        }
        if (head.kind == SexpKind::Field) {
            emit(OP_LOAD, head.where, symbol(head.path[0]));
            for (size_t i = 1; i + 1 < head.path.size(); ++i) emit(OP_FIELD, head.where, symbol(head.path[i]));
            emit(OP_FIELD_KEEP, head.where, symbol(head.path.back()));
            for (size_t i = 1; i < e.children.size(); ++i) compile_operand(e.children[i], callee_name);
            emit(OP_METHOD, e.where, n_args, symbol(head.path.front()));
        } else {
            if (!produces_value(head)) {
                unchecked("E0202", head.where, "a call of something that produces no value");
                return;
            }
            compile(head, true, false);
            // Errors name the last variable read before the call (LANGUAGE.md §3.2): `fs` for ((@ fs 0) 1).
            uint32_t name_sym = last_loaded_symbol(functions_.back().page, head);
            for (size_t i = 1; i < e.children.size(); ++i) compile_operand(e.children[i], callee_name.empty() ? "function" : callee_name);
            emit(OP_CALL, e.where, n_args, name_sym);
        }
        if (!want_value) emit(OP_POP, e.where);
    }

    // The symbol of the last LOAD emitted for `head` (kNoSymbol if none).
    uint32_t last_loaded_symbol(uint32_t page_index, const Sexp& head) {
        if (head.is_symbol()) return symbol(head.text);
        const CodePage& p = program_->pages[page_index];
        SourcePos begin = position(head.where);
        for (size_t i = p.code.size(); i-- > 0;) {
            const SourcePos& at = p.positions[i];
            if (at.file != begin.file || at.line < begin.line || (at.line == begin.line && at.column < begin.column)) break;
            if (p.code[i].op == OP_LOAD) return p.code[i].a;
        }
        return kNoSymbol;
    }

    const SourceMap& sources_;
    std::shared_ptr<Program> program_;
    std::vector<FunctionState> functions_;
    std::unordered_map<std::string, uint32_t> symbols_;
    std::unordered_map<uint64_t, uint32_t> number_constants_;
    std::unordered_map<std::string, uint32_t> string_constants_;
    std::unordered_map<uint32_t, uint32_t> builtin_constants_;
    std::vector<Diagnostic> diags_;
};

}  // namespace

CompileResult compile_program(const std::vector<Sexp>& forms, const SourceMap& sources, CompileOptions options) {
    return Compiler(sources).run(forms, options);
}

}  // namespace ark::codegen
