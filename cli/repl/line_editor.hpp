// Reading the REPL's input: GNU readline on a terminal (editing, persistent
// history, tab completion), plain lines from a pipe or a file.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ark::cli::repl {

// What tab completes: the words for a prefix typed in code, and the package
// names after `(import `. Asked afresh at every tab, so new definitions count.
struct Vocabulary {
    std::function<std::vector<std::string>()> words;
    std::function<std::vector<std::string>()> packages;
};

class LineEditor {
public:
    // `interactive`: standard input is a terminal (prompts, readline, history file).
    LineEditor(bool interactive, Vocabulary vocabulary);
    // Writes the history file (a session that ends with sys:exit calls save() first).
    ~LineEditor();
    LineEditor(const LineEditor&) = delete;
    LineEditor& operator=(const LineEditor&) = delete;

    // One line without its newline, or nullopt at the end of the input. On a
    // terminal, Ctrl-C abandons the line: read() gives "" and interrupted() is true.
    std::optional<std::string> read(const char* prompt);
    // Whether the last read() was abandoned with Ctrl-C.
    bool interrupted() const { return interrupted_; }
    // Ctrl-C while reading: the host's SIGINT handler calls it (async-signal-safe).
    static void note_interrupt() noexcept;
    // Adds an input (possibly several lines) to the history.
    void remember(const std::string& input);
    void save();
    bool interactive() const { return interactive_; }

    // $XDG_DATA_HOME/ark/repl_history, else ~/.local/share/ark/repl_history;
    // empty if neither variable is set.
    static std::string history_path();

private:
    bool interactive_;
    bool readline_ = false;  // reading through readline (a terminal, and built with it)
    bool interrupted_ = false;
    std::string history_file_;
};

// Words of `candidates` that start with `prefix`, for completing `line` up to
// the cursor: package names right after "(import ", the vocabulary otherwise.
std::vector<std::string> complete(const std::string& line_before_word, const std::string& prefix, const Vocabulary& vocabulary);

}  // namespace ark::cli::repl
