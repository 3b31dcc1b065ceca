// Reading a source or configuration file whose name a user or a workspace
// chose. The one helper for every such read (the CLI's files, imports, the
// language server's index, `.arklint.json`): a workspace may hold a FIFO, a
// symlink to /dev/zero or to /proc/self/fd/0, or a huge file, and none of them
// may block, exhaust memory or read someone else's input. So only regular
// files are read, never more than a size limit, and opening never blocks.
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ark {

// Larger sources are refused: a 16 MiB program is far beyond any real one
// (offsets are 32-bit, and the server analyses files as they are typed).
inline constexpr size_t kMaxSourceFileBytes = size_t{16} << 20;

enum class FileProblem {
    None,
    Missing,     // no such file (or a dangling symlink)
    NotRegular,  // a folder, FIFO, socket or device, also through a symlink
    TooLarge,    // over the limit
    Unreadable,  // permissions or an I/O error
    Outside,     // its real path leaves the folders it may be read from
};

struct FileRead {
    std::optional<std::string> text;  // set exactly when problem == None
    FileProblem problem = FileProblem::None;

    FileRead() = default;
    // Readers that only know "found or not" (tests, in-memory files) return
    // an optional: nullopt reads as Missing.
    FileRead(std::optional<std::string> found)
        : text(std::move(found)), problem(text ? FileProblem::None : FileProblem::Missing) {}
    FileRead(FileProblem failure) : problem(failure) {}
};

// Reads a whole regular file (following symlinks), at most `max_bytes`.
// Checks the target with stat() before opening it, opens it non-blocking (a
// FIFO swapped in after the check cannot block) and checks the opened file
// again with fstat(), so a race can only make it refuse.
FileRead read_regular_file(const std::string& path, size_t max_bytes = kMaxSourceFileBytes);

// What stat() says about the target of `path` (symlinks followed), without
// opening it: None for a regular file within the limit, else Missing,
// NotRegular, TooLarge or Unreadable.
FileProblem regular_file_problem(const std::string& path, size_t max_bytes = kMaxSourceFileBytes);
// Whether `path` is a regular file (or a symlink to one) that can be read.
inline bool is_regular_file(const std::string& path) { return regular_file_problem(path) == FileProblem::None; }

// "no such file", "not a regular file (...)", "larger than 16 MiB", ...: what
// follows "can not read `PATH': ".
std::string describe(FileProblem problem, size_t max_bytes = kMaxSourceFileBytes);

// The real path of `path` (symlinks resolved, absolute, normalised). For a
// path that does not exist, its existing prefix is resolved and the rest
// appended (std::filesystem::weakly_canonical). Empty on error.
std::string real_path(const std::string& path);

// Whether `path` is `root` or inside it, both real paths (no symlink, `..`).
bool is_within(std::string_view path, std::string_view root);

// The real paths of `paths`, leaving out those that cannot be resolved.
std::vector<std::string> real_paths(const std::vector<std::string>& paths);

// Whether the real path of `path` is inside one of `real_roots` (real paths).
bool is_within_any(const std::string& path, const std::vector<std::string>& real_roots);

// read_regular_file, for a file that may only be read if its real path is
// inside one of `real_roots` (else FileProblem::Outside, without opening it).
// Checked before opening, and again after: the opened file must be the one
// the path now leads to, inside the roots, so a symlink pointed outside
// between the check and the open is refused (Outside), not read.
FileRead read_file_within(const std::string& path, const std::vector<std::string>& real_roots,
                          size_t max_bytes = kMaxSourceFileBytes);

namespace detail {
// read_file_within, calling `before_open` between the first checks and the
// open, and `after_open` between the open and the second check (tests use
// them to change the folder at the worst moments).
struct WithinHooks {
    std::function<void()> before_open;
    std::function<void()> after_open;
};
FileRead read_file_within(const std::string& path, const std::vector<std::string>& real_roots, size_t max_bytes,
                          const WithinHooks& hooks);
}  // namespace detail

}  // namespace ark
