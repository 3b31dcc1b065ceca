// File builtins (io:*): reading and writing whole files with POSIX calls that
// never block (a run reading a FIFO can still be stopped), the rest on
// std::filesystem. Every failure is an IOError naming the builtin and the
// path; nothing here throws a C++ filesystem_error.
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "../context.hpp"
#include "../errors.hpp"
#include "../printer.hpp"
#include "family.hpp"
#include "waiting.hpp"

namespace ark::vm {

namespace fs = std::filesystem;

namespace {

std::string quoted(const std::string& path) { return "\"" + path + "\""; }

// An open file descriptor, closed when the reading or writing ends (also by an error).
struct ClosedAtScopeEnd {
    int fd;
    ~ClosedAtScopeEnd() { ::close(fd); }
};

// The whole content of `path` for io:readFile and io:readLinesFile. A FIFO, a
// terminal or a device may keep a plain read() waiting forever (a FIFO with no
// writer) or never reach an end (/dev/zero), and a run in the editor's lens or
// under a time limit must still stop. So the file is opened without blocking
// and read in slices that look at the run's cancel flag, each chunk checked
// against the run's memory budget (read_to_end, waiting.hpp): a run with a
// budget meets a MemoryError, not the host's memory running out.
std::string read_whole_file(ExecutionContext& ctx, const char* builtin, const std::string& path) {
    const auto fail = [&](const char* why) {
        raise("IOError", std::string(builtin) + ": couldn't read file " + quoted(path) + " because " + why);
    };
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) fail(errno == ENOENT || errno == ENOTDIR ? "it doesn't exist" : "it can not be opened");
    const ClosedAtScopeEnd closer{fd};
    struct stat info {};
    if (::fstat(fd, &info) != 0) fail("it can not be opened");
    if (S_ISDIR(info.st_mode)) fail("it is a directory");
    // A regular file never makes a read wait; the others are polled first.
    std::string text;
    if (!read_to_end(ctx, fd, S_ISREG(info.st_mode),
                     std::string(builtin) + ": the run was cancelled while reading " + quoted(path), text))
        fail("it can not be read");
    return text;
}

Value builtin_read_file(ExecutionContext& ctx, std::span<Value> args) {
    require_system_access(ctx, "io:readFile");
    expect_shape("io:readFile", "(String)", args, {Tag::String});
    return Value::string(read_whole_file(ctx, "io:readFile", args[0].as_string()));
}

// io:readLinesFile (4.1): the file's lines without their "\n" (or "\r\n");
// a final line end does not start another line.
Value builtin_read_lines_file(ExecutionContext& ctx, std::span<Value> args) {
    require_system_access(ctx, "io:readLinesFile");
    expect_shape("io:readLinesFile", "(String)", args, {Tag::String});
    const std::string text = read_whole_file(ctx, "io:readLinesFile", args[0].as_string());
    std::vector<Value> lines;
    for (size_t at = 0; at < text.size();) {
        size_t end = text.find('\n', at);
        if (end == std::string::npos) end = text.size();
        size_t stop = end;
        if (stop > at && text[stop - 1] == '\r') --stop;
        lines.push_back(Value::string(text.substr(at, stop - at)));
        at = end + 1;
    }
    return Value::list(std::move(lines));
}

// What io:writeFile and io:appendToFile do, without blocking for the same
// reasons as read_whole_file: a FIFO's open waits for a reader, and its
// writes for room. Each wait is a slice that looks at the run's cancel flag.
void write_whole_file(ExecutionContext& ctx, const char* builtin, const std::string& path, const std::string& text,
                      bool append) {
    const auto fail = [&] { raise("IOError", std::string(builtin) + ": couldn't write file " + quoted(path)); };
    const std::string cancelled = std::string(builtin) + ": the run was cancelled while writing " + quoted(path);
    const int flags = O_WRONLY | O_CREAT | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | (append ? O_APPEND : O_TRUNC);
    int fd = -1;
    for (;;) {
        fd = ::open(path.c_str(), flags, 0666);
        if (fd >= 0) break;
        if (errno == ENXIO) wait_one_slice(ctx, -1, 0, cancelled);  // a FIFO no one reads yet
        else if (errno != EINTR) fail();
    }
    const ClosedAtScopeEnd closer{fd};
    for (size_t written = 0; written < text.size();) {
        const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n > 0) written += static_cast<size_t>(n);
        else if (n < 0 && errno == EAGAIN) wait_one_slice(ctx, fd, POLLOUT, cancelled);
        else if (n < 0 && errno == EINTR) continue;
        else fail();
    }
}

Value write_file(ExecutionContext& ctx, std::span<Value> args, const char* name, bool append) {
    require_system_access(ctx, name);
    expect_shape(name, "(String, any)", args, {Tag::String, kAny});
    write_whole_file(ctx, name, args[0].as_string(), to_display(args[1], ctx.program()), append);
    return Value::nil();
}

Value builtin_write_file(ExecutionContext& ctx, std::span<Value> args) {
    return write_file(ctx, args, "io:writeFile", false);
}

Value builtin_append_to_file(ExecutionContext& ctx, std::span<Value> args) {
    return write_file(ctx, args, "io:appendToFile", true);
}

Value builtin_file_exists(ExecutionContext& ctx, std::span<Value> args) {
    require_system_access(ctx, "io:fileExists?");
    expect_shape("io:fileExists?", "(String)", args, {Tag::String});
    std::error_code ec;
    return Value::boolean(fs::exists(args[0].as_string(), ec));
}

Value builtin_is_dir(ExecutionContext& ctx, std::span<Value> args) {
    require_system_access(ctx, "io:dir?");
    expect_shape("io:dir?", "(String)", args, {Tag::String});
    std::error_code ec;
    return Value::boolean(fs::is_directory(args[0].as_string(), ec));
}

Value builtin_list_files(ExecutionContext& ctx, std::span<Value> args) {
    require_system_access(ctx, "io:listFiles");
    expect_shape("io:listFiles", "(String)", args, {Tag::String});
    const std::string& dir = args[0].as_string();
    std::error_code ec;
    if (!fs::exists(dir, ec)) raise("IOError", "io:listFiles: couldn't list " + quoted(dir) + " because it doesn't exist");
    if (!fs::is_directory(dir, ec)) raise("IOError", "io:listFiles: couldn't list " + quoted(dir) + " because it is not a directory");
    std::vector<std::string> names;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) names.push_back(it->path().string());
    if (ec) raise("IOError", "io:listFiles: couldn't list " + quoted(dir) + ": " + ec.message());
    std::sort(names.begin(), names.end());  // order is unspecified; sorted keeps runs reproducible
    std::vector<Value> items;
    items.reserve(names.size());
    for (auto& name : names) items.push_back(Value::string(std::move(name)));
    return Value::list(std::move(items));
}

Value builtin_make_dir(ExecutionContext& ctx, std::span<Value> args) {
    require_system_access(ctx, "io:makeDir");
    expect_shape("io:makeDir", "(String)", args, {Tag::String});
    const std::string& path = args[0].as_string();
    std::error_code ec;
    fs::create_directories(path, ec);
    if (ec) raise("IOError", "io:makeDir: couldn't create directory " + quoted(path) + ": " + ec.message());
    return Value::nil();
}

// ArkScript 4.0 replaced the variadic io:removeFiles with io:removeFile (one path).
Value builtin_remove_file(ExecutionContext& ctx, std::span<Value> args) {
    require_system_access(ctx, "io:removeFile");
    expect_shape("io:removeFile", "(String)", args, {Tag::String});
    std::error_code ec;
    fs::remove_all(args[0].as_string(), ec);
    if (ec) raise("IOError", "io:removeFile: couldn't remove " + quoted(args[0].as_string()) + ": " + ec.message());
    return Value::nil();
}

}  // namespace

void require_system_access(const ExecutionContext& ctx, std::string_view builtin) {
    if (!ctx.runtime().allow_system)
        raise("IOError", std::string(builtin) + ": access to files and processes is refused in this run (untrusted workspace)");
}

void register_io(BuiltinList& table) {
    table.push_back({"builtin__io:readFile", builtin_read_file});
    table.push_back({"builtin__io:readLinesFile", builtin_read_lines_file});
    table.push_back({"builtin__io:writeFile", builtin_write_file});
    table.push_back({"builtin__io:appendToFile", builtin_append_to_file});
    table.push_back({"builtin__io:fileExists?", builtin_file_exists});
    table.push_back({"builtin__io:dir?", builtin_is_dir});
    table.push_back({"builtin__io:listFiles", builtin_list_files});
    table.push_back({"builtin__io:makeDir", builtin_make_dir});
    table.push_back({"builtin__io:removeFile", builtin_remove_file});
}

}  // namespace ark::vm
