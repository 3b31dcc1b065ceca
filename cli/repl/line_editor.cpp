#include "repl/line_editor.hpp"

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#ifdef ARK_HAVE_READLINE
#include <readline/history.h>
#include <readline/readline.h>
#endif

namespace ark::cli::repl {

namespace {

constexpr int kHistoryLines = 1000;

// The editor whose vocabulary readline's completion callback asks (one per process).
const Vocabulary* active_vocabulary = nullptr;

}  // namespace

std::vector<std::string> complete(const std::string& line_before_word, const std::string& prefix, const Vocabulary& vocabulary) {
    // After "(import " (any spacing) the word is a package name.
    std::string before = line_before_word;
    while (!before.empty() && (before.back() == ' ' || before.back() == '\t')) before.pop_back();
    const bool package = before.ends_with("(import") && before.size() < line_before_word.size();
    std::vector<std::string> matches;
    const auto& source = package ? vocabulary.packages : vocabulary.words;
    if (!source) return matches;
    for (std::string& word : source())
        if (word.starts_with(prefix)) matches.push_back(std::move(word));
    return matches;
}

#ifdef ARK_HAVE_READLINE
namespace {

std::vector<std::string> pending_matches;

// Ctrl-C at the prompt. readline's own handler would end the process (it
// re-raises the signal), so readline catches no signal and the REPL's handler
// calls LineEditor::note_interrupt(); the key reader below then gives up the
// line. SIGINT stays blocked during readline() except while the reader waits
// for a key (ppoll unblocks it atomically), so a Ctrl-C is never lost between
// the reader's look at the flag and its wait.
volatile sig_atomic_t prompt_interrupted = 0;
sigset_t mask_while_waiting;  // the caller's mask, SIGINT unblocked

int read_key(FILE* stream) {
    for (;;) {
        if (prompt_interrupted) {
            rl_replace_line("", 0);
            return '\n';
        }
        pollfd wait_for{fileno(stream), POLLIN, 0};
        if (ppoll(&wait_for, 1, nullptr, &mask_while_waiting) < 0) {
            if (errno == EINTR) continue;
            return EOF;
        }
        unsigned char c;
        const ssize_t n = ::read(fileno(stream), &c, 1);
        if (n == 1) return c;
        if (n == 0 || errno != EINTR) return EOF;
    }
}

char* next_match(const char*, int state) {
    static size_t next = 0;
    if (state == 0) next = 0;
    if (next >= pending_matches.size()) return nullptr;
    return strdup(pending_matches[next++].c_str());
}

char** attempt_completion(const char* text, int start, int) {
    rl_attempted_completion_over = 1;  // never fall back to file names
    if (!active_vocabulary) return nullptr;
    pending_matches = complete(std::string(rl_line_buffer, static_cast<size_t>(start)), text, *active_vocabulary);
    return rl_completion_matches(text, next_match);
}

}  // namespace
#endif

std::string LineEditor::history_path() {
    namespace fs = std::filesystem;
    fs::path folder;
    if (const char* data = std::getenv("XDG_DATA_HOME"); data && *data) folder = fs::path(data) / "ark";
    else if (const char* home = std::getenv("HOME"); home && *home) folder = fs::path(home) / ".local" / "share" / "ark";
    else return {};
    return (folder / "repl_history").string();
}

LineEditor::LineEditor(bool interactive, Vocabulary vocabulary) : interactive_(interactive) {
#ifdef ARK_HAVE_READLINE
    if (interactive_) {
        static Vocabulary kept;  // readline's callbacks are plain functions
        kept = std::move(vocabulary);
        active_vocabulary = &kept;
        readline_ = true;
        rl_readline_name = "ark";
        // Names may hold : . ? ! - and the like: only brackets, quotes and blanks end a word.
        static char breaks[] = " \t\n()[]{}\"'";
        rl_basic_word_break_characters = breaks;
        rl_completer_word_break_characters = breaks;
        rl_attempted_completion_function = attempt_completion;
        rl_catch_signals = 0;
        rl_getc_function = read_key;
        using_history();
        history_file_ = history_path();
        if (!history_file_.empty()) {
            std::error_code ec;
            std::filesystem::create_directories(std::filesystem::path(history_file_).parent_path(), ec);
            read_history(history_file_.c_str());
        }
    }
#else
    (void)vocabulary;
#endif
}

LineEditor::~LineEditor() { save(); }

void LineEditor::note_interrupt() noexcept {
#ifdef ARK_HAVE_READLINE
    prompt_interrupted = 1;
#endif
}

void LineEditor::save() {
#ifdef ARK_HAVE_READLINE
    if (readline_ && !history_file_.empty()) {
        write_history(history_file_.c_str());
        history_truncate_file(history_file_.c_str(), kHistoryLines);
    }
#endif
}

std::optional<std::string> LineEditor::read(const char* prompt) {
#ifdef ARK_HAVE_READLINE
    if (readline_) {
        interrupted_ = false;
        prompt_interrupted = 0;
        sigset_t only_interrupt, caller_mask;
        sigemptyset(&only_interrupt);
        sigaddset(&only_interrupt, SIGINT);
        sigprocmask(SIG_BLOCK, &only_interrupt, &caller_mask);
        mask_while_waiting = caller_mask;
        sigdelset(&mask_while_waiting, SIGINT);
        char* raw = readline(prompt);
        // A Ctrl-C that came after the last key counts for this line.
        sigprocmask(SIG_SETMASK, &caller_mask, nullptr);
        interrupted_ = prompt_interrupted != 0;
        if (!raw) return std::nullopt;
        std::string line = interrupted_ ? std::string() : std::string(raw);
        std::free(raw);
        return line;
    }
#endif
    if (interactive_) std::cout << prompt << std::flush;
    std::string line;
    if (!std::getline(std::cin, line)) return std::nullopt;
    return line;
}

void LineEditor::remember(const std::string& input) {
#ifdef ARK_HAVE_READLINE
    std::string entry = input;
    while (!entry.empty() && entry.back() == '\n') entry.pop_back();
    if (readline_ && !entry.empty()) add_history(entry.c_str());
#else
    (void)input;
#endif
}

}  // namespace ark::cli::repl
