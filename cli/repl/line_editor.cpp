#include "repl/line_editor.hpp"

#include <unistd.h>

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
        char* raw = readline(prompt);
        if (!raw) return std::nullopt;
        std::string line = raw;
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
