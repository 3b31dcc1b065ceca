// `ark repl`: multi-line input (a form continues until its brackets balance),
// state kept between inputs. Each accepted input is appended to the history;
// the history is recompiled with the new input and only the new forms run.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "async/future.hpp"
#include "commands.hpp"
#include "context.hpp"
#include "render/render.hpp"
#include "syntax/tree.hpp"
#ifdef ARK_HAVE_READLINE
#include <readline/history.h>
#include <readline/readline.h>
#endif

namespace ark::cli {

namespace {
bool read_line(const char* prompt, std::string& line) {
#ifdef ARK_HAVE_READLINE
    if (isatty(0)) {
        char* raw = readline(prompt);
        if (!raw) return false;
        line = raw;
        if (!line.empty()) add_history(raw);
        free(raw);
        return true;
    }
#endif
    if (isatty(0)) std::cout << prompt << std::flush;
    return static_cast<bool>(std::getline(std::cin, line));
}

// True while some bracket of `text` is still open (ignoring strings/comments).
bool needs_more(const std::string& text) {
    auto parsed = syntax::parse(text, 0);
    for (const auto& d : parsed.diagnostics)
        if (d.code == "E0004" || (d.code == "E0001")) return true;
    return false;
}
}  // namespace

int cmd_repl(const CommonOptions& options) {
    if (isatty(0)) std::cout << "ArkScript REPL — (sys:exit 0) or Ctrl-D to quit\n";
    std::string history;
    vm::StdoutSink out;
    vm::Runtime runtime;
    runtime.out = &out;
    vm::TaskPool pool(runtime, options.threads ? options.threads : vm::TaskPool::default_threads());
    runtime.pool = &pool;
    std::unique_ptr<vm::ExecutionContext> context;
    size_t forms_run = 0;
    std::string input, line;
    while (read_line(input.empty() ? "ark> " : "...> ", line)) {
        input += line + "\n";
        if (needs_more(input)) continue;
        Compiled compiled = compile_source("<repl>", history + input, options);
        if (!compiled.program) {
            print_diagnostics(compiled.diagnostics, compiled.analysis->sources, options, false);
            input.clear();
            continue;
        }
        runtime.program = compiled.program;
        if (!context) context = std::make_unique<vm::ExecutionContext>(runtime);
        else context->extend_to_program();
        const auto& starts = compiled.program->top_level_starts;
        uint32_t start = forms_run < starts.size() ? starts[forms_run] : starts.back();
        try {
            context->run_program(start);
        } catch (vm::ArkError& error) {
            std::cerr << render::runtime_error_text(error, isatty(2) && !std::getenv("NO_COLOR"));
        } catch (vm::ExitRequest& exit) {
            std::fflush(stdout);
            std::_Exit(exit.status);
        }
        history += input;
        forms_run = starts.size() - 1;
        input.clear();
    }
    pool.wait_all();
    return 0;
}

}  // namespace ark::cli
