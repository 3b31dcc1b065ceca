// `.arklint.json`: which configuration file a source file is linted with, and
// what it says. The one place lint configuration meets JSON, shared by `ark
// lint` (cli/cmd_lint.cpp) and the language server (lsp/server), so both find
// the same file, read it under the same rules and report the same errors. What
// it produces is plain data (lints::LintConfig); this header knows no JSON.
//
// Format:
//   { "rules": { "A101": "off", "unused-parameter": "hint", "A301": {"severity": "error"}, "all": "on" },
//     "run_on_broken_code": false }
// A rule is "off" | "on" | a severity ("error", "warning", "info", "hint") |
// true/false | {"enabled": bool, "severity": "..."}, keyed by a lint's code, its
// slug or "all". Comments are allowed. An unknown lint, a rule that is none of
// these, or a file that is not a JSON object makes the whole file unusable:
// `ark lint` stops with the error (exit 2), the server reports it and lints
// with the defaults.
//
// Discovery: the nearest `.arklint.json` from the source file's folder upward
// (a name that does not exist, a dangling symlink included, is passed over;
// anything else there is the file, and if it can not be read that is its
// error). `ark lint` looks up to the filesystem root. The server looks no
// higher than the workspace folder holding the source (a file outside every
// workspace folder: only its own folder), and in an untrusted workspace reads
// a file only if its real path is inside the workspace folders (or that own
// folder): a symlink leaving them is an error, not a read.
//
// Reading: through base/files.hpp like every file a project controls (regular
// files only, opened without blocking), at most kMaxLintConfigBytes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lints/lint.hpp"

namespace ark::config {

inline constexpr std::string_view kLintConfigName = ".arklint.json";
// A configuration is a few lines; anything larger is refused unread.
inline constexpr size_t kMaxLintConfigBytes = size_t{1} << 20;

// Why a configuration file can not be used.
struct LintConfigError {
    std::string message;  // "`/p/.arklint.json` is not a JSON object", as `ark lint` prints it
    // Where in the file's text, when known (a syntax error, the key of a bad
    // rule): `length` bytes from `offset`.
    std::optional<uint32_t> offset;
    uint32_t length = 0;
};

// The settings of `text` (the contents of the file `path`, which messages name).
std::optional<lints::LintConfig> parse_lint_config(std::string_view text, const std::string& path,
                                                   LintConfigError& error);

// One configuration file as read.
struct LintConfigFile {
    std::string path;  // normalised; empty: no file applies, the defaults
    std::string text;  // as read (empty when it could not be read)
    // Its settings; the defaults when `error` is set.
    std::shared_ptr<const lints::LintConfig> config = std::make_shared<const lints::LintConfig>();
    std::optional<LintConfigError> error;
    // Which read of a LintConfigFinder this is (1, 2, ...): a later read of a
    // file knows better than an earlier one reported after it.
    uint64_t sequence = 0;
};

// Where the search looks and what it may read.
struct LintConfigSearch {
    // Used for every source instead of searching (`ark lint --config FILE`).
    std::string explicit_path;
    // The folders the search stays in (the server's workspace folders, maybe
    // none; see the discovery rule above). nullopt: up to the filesystem root.
    std::optional<std::vector<std::string>> roots;
    // Read a file only if its real path is inside `roots` (or, for a source
    // outside them, its own folder): the server in an untrusted workspace.
    bool confine_reads = false;
};

// The path of the configuration file that applies to `source` under the
// discovery rule, or "" when there is none.
std::string find_lint_config(const std::string& source, const LintConfigSearch& search);

// Reads and parses one configuration file. `real_roots` (real paths): when
// given, a file whose real path leaves them is an error, never read.
LintConfigFile read_lint_config(const std::string& path, const std::vector<std::string>* real_roots = nullptr);

// The configuration of each source file, cached: a file is read once, and
// the same object is returned for it until forget(). Thread-safe.
class LintConfigFinder {
public:
    explicit LintConfigFinder(LintConfigSearch search = {});

    // The configuration in force for `source` (never null; path "" when no
    // file applies).
    std::shared_ptr<const LintConfigFile> for_file(const std::string& source);
    // Reads `path` again now (a configuration that changed on disk), as the
    // file it would be for a source in its folder.
    std::shared_ptr<const LintConfigFile> reread(const std::string& path);
    // Drops everything cached: the next lookups search and read again.
    void forget();
    // New search settings (workspace folders changed); forgets everything.
    void reset(LintConfigSearch search);

    // Called after every read of a configuration file (outside the lock, on
    // the thread that read it): how a client of the server learns that a
    // file is broken, or fixed.
    using OnRead = std::function<void(const LintConfigFile&)>;
    void on_read(OnRead callback);

private:
    std::shared_ptr<const LintConfigFile> load(const std::string& path, const std::string& source_folder,
                                               std::vector<std::shared_ptr<const LintConfigFile>>& read);
    void report(const std::vector<std::shared_ptr<const LintConfigFile>>& read);

    mutable std::mutex mutex_;
    LintConfigSearch search_;
    OnRead on_read_;
    std::shared_ptr<const LintConfigFile> defaults_ = std::make_shared<const LintConfigFile>();
    uint64_t reads_ = 0;
    std::map<std::string, std::string> found_;                             // source folder -> config path ("": none)
    std::map<std::string, std::shared_ptr<const LintConfigFile>> files_;  // config path -> file
};

}  // namespace ark::config
