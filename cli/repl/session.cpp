#include "repl/session.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include "analysis/analysis.hpp"
#include "context.hpp"
#include "expand/expand.hpp"
#include "printer.hpp"
#include "syntax/tree.hpp"
#include "vocabulary.hpp"

namespace ark::cli::repl {

namespace {

// The REPL's own functions (upstream 4.1.2), declared to the front end as
// globals of the session so that calls of them compile (and `ark run`, which
// has no such declaration, rejects them as unbound names). The placeholders
// give their parameters to the analysis; the machine binds the real
// functions over them once this prelude has run (Session::start_machine).
constexpr std::string_view kPrelude =
    "(let repl:history (fun () nil)) (let repl:save (fun (file) nil)) (let repl:load (fun (file) nil))\n";
constexpr std::string_view kPath = "<repl>";

size_t count_lines(std::string_view text) { return static_cast<size_t>(std::count(text.begin(), text.end(), '\n')); }

void expect_arguments(std::string_view name, std::span<vm::Value> args, size_t n) {
    if (args.size() != n)
        vm::raise("ArityError", std::string(name) + " needs " + std::to_string(n) + " argument" + (n == 1 ? "" : "s") +
                                    ", but it received " + std::to_string(args.size()));
}

// "LINE:COLUMN: error[CODE]: message" for the first error; lines count from
// the input's first line, so a mistake on the line just typed is at 1.
// `shifted`: the input was compiled inside a `{`, one column to the right.
std::string one_line(const Diagnostic& d, const analysis::Analysis& a, size_t lines_before, bool shifted) {
    std::string where;
    if (d.where.file < a.sources.size()) {
        const SourceFile& file = a.sources.file(d.where.file);
        const LineColumn at = file.lines.to_line_column(d.where.range.begin, PositionEncoding::Utf32);
        const bool in_input = d.where.file == a.main_file && at.line >= lines_before;
        const size_t line = in_input ? at.line - lines_before : at.line;
        const size_t column = in_input && shifted && line == 0 && at.column > 0 ? at.column - 1 : at.column;
        where = (in_input ? std::string() : file.path + ":") + std::to_string(line + 1) + ":" + std::to_string(column + 1) + ": ";
    }
    return where + d.kind + "[" + d.code + "]: " + d.message;
}

// ArkScript allows only forms at the top level, but a lone value typed at the
// prompt (a name, a number, a string) is a question: the REPL compiles it as
// the block `{value}`, which gives that value. The closing brace goes on a
// line of its own, after any comment. `shift` is set to the column the brace adds.
std::string as_compiled(const std::string& input, bool& shifted) {
    const syntax::ParseResult parsed = syntax::parse(input, 0);
    const syntax::SyntaxNode& root = parsed.tree.root();
    shifted = root.children.size() == 1 && parsed.tree.node(root.children[0]).kind == syntax::NodeKind::Atom &&
              parsed.diagnostics.empty();
    if (!shifted) return input;
    std::string body = input;
    while (!body.empty() && body.back() == '\n') body.pop_back();
    return "{" + body + "\n}\n";
}

}  // namespace

Session::Session(const CommonOptions& options) : options_(options) { start_machine(); }

Session::~Session() {
    // Tasks the session started run to their end, as in `ark run`.
    if (machine_) machine_->finish_tasks();
}

void Session::start_machine() {
    machine_ = std::make_unique<vm::Machine>(machine_options(options_));
    source_ = kPrelude;
    history_.clear();
    forms_run_ = 0;
    evaluate("");  // runs the prelude: it only defines the placeholders
    bind_repl_functions();
}

void Session::bind_repl_functions() {
    auto history = [this](vm::ExecutionContext&, std::span<vm::Value> args) {
        expect_arguments("repl:history", args, 0);
        return vm::Value::string(history_);
    };
    auto save = [this](vm::ExecutionContext&, std::span<vm::Value> args) {
        expect_arguments("repl:save", args, 1);
        if (!args[0].is(vm::Tag::String))
            vm::raise("TypeError", std::string("repl:save: expected the name of a file (a String), got a ") +
                                       vm::type_name(args[0]));
        const std::string& path = args[0].as_string();
        if (!write_text_file(path, history_)) vm::raise("IOError", "repl:save: could not write `" + path + "'");
        return vm::Value();
    };
    // Code can not be compiled into the program that is running: the file is
    // read now and runs as the next input, once the current one has ended.
    auto load = [this](vm::ExecutionContext&, std::span<vm::Value> args) {
        expect_arguments("repl:load", args, 1);
        if (!args[0].is(vm::Tag::String))
            vm::raise("TypeError", std::string("repl:load: expected the name of a file (a String), got a ") +
                                       vm::type_name(args[0]));
        const std::string& path = args[0].as_string();
        FileRead read = read_regular_file(path);
        if (!read.text) vm::raise("IOError", "repl:load: can not read `" + path + "': " + describe(read.problem));
        pending_loads_.push_back(std::move(*read.text));
        return vm::Value();
    };
    machine_->set_global("repl:history", vm::make_host_function("repl:history", history));
    machine_->set_global("repl:save", vm::make_host_function("repl:save", save));
    machine_->set_global("repl:load", vm::make_host_function("repl:load", load));
}

void Session::reset() {
    machine_->finish_tasks();
    machine_.reset();
    start_machine();
}

Evaluation Session::evaluate(const std::string& input) {
    Evaluation out;
    bool shifted = false;
    const std::string compiled_input = as_compiled(input, shifted);
    Compiled compiled = compile_source(std::string(kPath), source_ + compiled_input, options_, {.keep_last_value = true});
    const analysis::Analysis& analysis = *compiled.analysis;
    if (!compiled.program) {
        out.status = Evaluation::Status::CompileError;
        const auto first = std::find_if(compiled.diagnostics.begin(), compiled.diagnostics.end(),
                                        [](const Diagnostic& d) { return d.severity == Severity::Error; });
        out.error = first == compiled.diagnostics.end() ? "error: the input could not be compiled"
                                                       : one_line(*first, analysis, count_lines(source_), shifted);
        return out;
    }
    globals_.clear();
    for (const analysis::Symbol& symbol : analysis.symbols.symbols)
        if (symbol.kind == analysis::SymbolKind::Global) globals_.emplace_back(symbol.name);

    machine_->load(compiled.program);
    const std::vector<syntax::Sexp>& forms = analysis.expanded.program;
    const size_t first_form = forms_run_;
    const vm::RunResult result = machine_->run(first_form);
    const bool interrupted = machine_->cancelled();
    if (interrupted) {
        // Ctrl-C: the input's tasks stop too; then the machine may run again.
        machine_->finish_tasks();
        machine_->clear_cancel();
    }
    // The input stays in the history even when it failed at run time: the
    // definitions it made before failing stand, and the next program must
    // extend this one.
    source_ += compiled_input;
    history_ += input;
    forms_run_ = forms.size();
    switch (result.status) {
        case vm::RunResult::Status::Exited:
            out.status = Evaluation::Status::Exit;
            out.exit_status = result.exit_status;
            break;
        case vm::RunResult::Status::Failed:
            out.status = Evaluation::Status::RuntimeError;
            out.error = interrupted && result.error->kind == vm::ErrorKind::Cancelled
                            ? "interrupted (Ctrl-C)"
                            : result.error->kind_name() + ": " + result.error->message;
            break;
        case vm::RunResult::Status::Finished: {
            // Echo rule: the value of the input's last form, when it has one
            // (the front end's produces_value: not while, del, import, an empty
            // begin...), is not nil, and the form is not a binding (let, mut,
            // set give their value in 4.8, but that value was just typed).
            using language::Keyword;
            const bool new_form = forms.size() > first_form;
            const syntax::Sexp* last = new_form ? &forms.back() : nullptr;
            const bool binding = last && (last->is_form(Keyword::Let) || last->is_form(Keyword::Mut) || last->is_form(Keyword::Set));
            if (last && !binding && !result.value.is(vm::Tag::Nil)) out.echo = vm::to_repr(result.value, machine_->program());
            break;
        }
    }
    return out;
}

std::vector<std::string> Session::completion_words() const {
    std::vector<std::string> words;
    std::set<std::string> seen;
    auto add = [&](std::string_view word) {
        if (!word.empty() && seen.insert(std::string(word)).second) words.emplace_back(word);
    };
    for (const std::string& name : globals_) add(name);
    for (const auto& keyword : language::keywords()) add(keyword.name);
    for (const auto& op : language::operators()) add(op.name);
    for (const auto& builtin : language::builtins()) add(builtin.name);
    for (const auto& constant : language::constants()) add(constant.name);
    return words;
}

std::vector<std::string> Session::package_names() const {
    std::set<std::string> names;
    for (const std::string& folder : library_paths(options_))
        for (std::string& name : expand::packages_in(folder)) names.insert(std::move(name));
    return {names.begin(), names.end()};
}

}  // namespace ark::cli::repl
