// Reading files a workspace controls (see files.hpp).
#include "base/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

namespace ark {

namespace {

FileProblem problem_of_errno(int error) {
    return error == ENOENT || error == ENOTDIR ? FileProblem::Missing : FileProblem::Unreadable;
}

struct Descriptor {
    int fd = -1;
    ~Descriptor() {
        if (fd >= 0)
            ::close(fd);
    }
};

}  // namespace

FileProblem regular_file_problem(const std::string& path, size_t max_bytes) {
    struct stat target {};
    if (::stat(path.c_str(), &target) != 0)
        return problem_of_errno(errno);
    if (!S_ISREG(target.st_mode))
        return FileProblem::NotRegular;
    if (static_cast<unsigned long long>(target.st_size) > max_bytes)
        return FileProblem::TooLarge;
    return FileProblem::None;
}

namespace {

// Opens the regular file `path` for reading (see read_regular_file): the
// descriptor and its fstat(), or the problem.
FileProblem open_regular(const std::string& path, size_t max_bytes, Descriptor& file, struct stat& opened) {
    // The target, before opening it: opening a device can have effects of its
    // own, and opening a FIFO for reading waits for a writer.
    if (const FileProblem problem = regular_file_problem(path, max_bytes); problem != FileProblem::None)
        return problem;
    // O_NONBLOCK: if a FIFO replaced the file since stat(), open() returns at
    // once instead of waiting for a writer; fstat() below then refuses it.
    file.fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (file.fd < 0)
        return problem_of_errno(errno);
    if (::fstat(file.fd, &opened) != 0)
        return FileProblem::Unreadable;
    if (!S_ISREG(opened.st_mode))
        return FileProblem::NotRegular;
    return FileProblem::None;
}

// Reads an opened regular file to the end, but never past the limit: a file
// may grow, and some regular files (under /proc) report a size of 0.
FileRead read_opened(const Descriptor& file, const struct stat& opened, size_t max_bytes) {
    std::string text;
    text.reserve(static_cast<size_t>(opened.st_size));
    char chunk[65536];
    for (;;) {
        const ssize_t n = ::read(file.fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return FileProblem::Unreadable;
        if (n == 0)
            break;
        if (text.size() + static_cast<size_t>(n) > max_bytes)
            return FileProblem::TooLarge;
        text.append(chunk, static_cast<size_t>(n));
    }
    return FileRead(std::move(text));
}

}  // namespace

FileRead read_regular_file(const std::string& path, size_t max_bytes) {
    Descriptor file;
    struct stat opened {};
    if (const FileProblem problem = open_regular(path, max_bytes, file, opened); problem != FileProblem::None)
        return problem;
    return read_opened(file, opened, max_bytes);
}

std::string describe(FileProblem problem, size_t max_bytes) {
    switch (problem) {
    case FileProblem::None:
        return "read";
    case FileProblem::Missing:
        return "no such file";
    case FileProblem::NotRegular:
        return "not a regular file (a folder, FIFO, socket or device)";
    case FileProblem::TooLarge:
        return "larger than " + std::to_string(max_bytes >> 20) + " MiB";
    case FileProblem::Outside:
        return "outside the folders it may be read from";
    case FileProblem::Unreadable:
        break;
    }
    return "cannot be read";
}

std::string real_path(const std::string& path) {
    std::error_code error;
    const std::filesystem::path absolute = std::filesystem::absolute(path, error);
    if (error)
        return std::string();
    const std::filesystem::path resolved = std::filesystem::weakly_canonical(absolute, error);
    return error ? std::string() : resolved.lexically_normal().string();
}

bool is_within(std::string_view path, std::string_view root) {
    while (root.size() > 1 && root.back() == '/')
        root.remove_suffix(1);
    if (root.empty() || !path.starts_with(root))
        return false;
    return path.size() == root.size() || root == "/" || path[root.size()] == '/';
}

std::vector<std::string> real_paths(const std::vector<std::string>& paths) {
    std::vector<std::string> real;
    for (const std::string& path : paths)
        if (std::string resolved = real_path(path); !resolved.empty())
            real.push_back(std::move(resolved));
    return real;
}

namespace {

// Whether `real` (a real path, empty when it could not be resolved) is inside one of `real_roots`.
bool real_path_within_any(const std::string& real, const std::vector<std::string>& real_roots) {
    if (real.empty())
        return false;
    for (const std::string& root : real_roots)
        if (is_within(real, root))
            return true;
    return false;
}

}  // namespace

bool is_within_any(const std::string& path, const std::vector<std::string>& real_roots) {
    return real_path_within_any(real_path(path), real_roots);
}

namespace detail {

FileRead read_file_within(const std::string& path, const std::vector<std::string>& real_roots, size_t max_bytes,
                          const WithinHooks& hooks) {
    // What the file is comes first (it says more about a FIFO or /dev/zero
    // than where it is); nothing is opened before both checks pass.
    if (const FileProblem problem = regular_file_problem(path, max_bytes);
        problem != FileProblem::None && problem != FileProblem::Missing)
        return problem;
    if (!is_within_any(path, real_roots)) {
        std::error_code error;
        const bool exists = std::filesystem::exists(std::filesystem::symlink_status(path, error));
        return exists ? FileProblem::Outside : FileProblem::Missing;
    }
    if (hooks.before_open) hooks.before_open();
    Descriptor file;
    struct stat opened {};
    if (const FileProblem problem = open_regular(path, max_bytes, file, opened); problem != FileProblem::None)
        return problem;
    if (hooks.after_open) hooks.after_open();
    // The path was checked before it was opened: a symlink on it may have
    // been pointed elsewhere in between. So the file opened must be the one
    // the path leads to now, and that must still be inside: a swap before the
    // open is caught here, and one after it no longer matters.
    const std::string real = real_path(path);
    struct stat now {};
    if (!real_path_within_any(real, real_roots) || ::stat(real.c_str(), &now) != 0 || now.st_dev != opened.st_dev ||
        now.st_ino != opened.st_ino)
        return FileProblem::Outside;
    return read_opened(file, opened, max_bytes);
}

}  // namespace detail

FileRead read_file_within(const std::string& path, const std::vector<std::string>& real_roots, size_t max_bytes) {
    return detail::read_file_within(path, real_roots, max_bytes, {});
}

}  // namespace ark
