// Unit tests for base/files: reading files a workspace controls.
#include <catch2/catch.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "base/files.hpp"

using ark::FileProblem;

namespace {

struct Scratch {
    std::filesystem::path root =
        std::filesystem::temp_directory_path() / ("ark_files_test_" + std::to_string(::getpid()));
    Scratch() {
        std::filesystem::remove_all(root);
        std::filesystem::create_directories(root);
    }
    ~Scratch() { std::filesystem::remove_all(root); }
    std::string path(const std::string& name) const { return (root / name).string(); }
};

}  // namespace

TEST_CASE("files: only regular files are read", "[files]") {
    Scratch scratch;
    std::ofstream(scratch.path("a.ark")) << "(print 1)";
    std::filesystem::create_symlink(scratch.path("a.ark"), scratch.path("link.ark"));
    REQUIRE(::mkfifo(scratch.path("pipe").c_str(), 0600) == 0);
    std::filesystem::create_symlink("/dev/zero", scratch.path("zero"));
    std::filesystem::create_symlink("/proc/self/fd/0", scratch.path("stdin"));
    std::filesystem::create_symlink(scratch.path("nowhere"), scratch.path("dangling"));

    CHECK(ark::read_regular_file(scratch.path("a.ark")).text == "(print 1)");
    CHECK(ark::read_regular_file(scratch.path("link.ark")).text == "(print 1)");
    for (const char* name : {"pipe", "zero", "stdin"}) {
        CAPTURE(name);
        const ark::FileRead read = ark::read_regular_file(scratch.path(name));
        CHECK_FALSE(read.text);
        CHECK(read.problem == FileProblem::NotRegular);
    }
    CHECK(ark::read_regular_file(scratch.root.string()).problem == FileProblem::NotRegular);
    CHECK(ark::read_regular_file(scratch.path("missing")).problem == FileProblem::Missing);
    CHECK(ark::read_regular_file(scratch.path("dangling")).problem == FileProblem::Missing);
}

TEST_CASE("files: the size limit", "[files]") {
    Scratch scratch;
    std::ofstream(scratch.path("ten")) << "0123456789";
    CHECK(ark::read_regular_file(scratch.path("ten"), 10).text == "0123456789");
    CHECK(ark::read_regular_file(scratch.path("ten"), 9).problem == FileProblem::TooLarge);
    CHECK(ark::describe(FileProblem::TooLarge) == "larger than 16 MiB");
}

TEST_CASE("files: real paths and roots", "[files]") {
    Scratch scratch;
    std::filesystem::create_directories(scratch.root / "ws" / "sub");
    std::filesystem::create_directories(scratch.root / "other");
    std::ofstream(scratch.path("other/x.ark")) << "(let x 1)";
    std::ofstream(scratch.path("ws/sub/y.ark")) << "(let y 1)";
    std::filesystem::create_symlink(scratch.path("other/x.ark"), scratch.path("ws/x.ark"));
    const std::vector<std::string> roots = ark::real_paths({scratch.path("ws")});

    CHECK(ark::is_within("/a/b", "/a"));
    CHECK(ark::is_within("/a", "/a/"));
    CHECK(ark::is_within("/a/b", "/"));
    CHECK_FALSE(ark::is_within("/ab", "/a"));
    CHECK_FALSE(ark::is_within("/a", "/a/b"));

    CHECK(ark::read_file_within(scratch.path("ws/sub/y.ark"), roots).text == "(let y 1)");
    CHECK(ark::read_file_within(scratch.path("ws/sub/../x.ark"), roots).problem == FileProblem::Outside);
    CHECK(ark::read_file_within(scratch.path("ws/missing.ark"), roots).problem == FileProblem::Missing);
    CHECK(ark::read_file_within(scratch.path("other/x.ark"), roots).problem == FileProblem::Outside);
    CHECK(ark::read_file_within(scratch.path("ws/sub/y.ark"), {}).problem == FileProblem::Outside);
}

TEST_CASE("files: a symlink pointed outside between the check and the open is not read", "[files]") {
    Scratch scratch;
    std::filesystem::create_directories(scratch.root / "ws");
    std::filesystem::create_directories(scratch.root / "other");
    std::ofstream(scratch.path("ws/inside.ark")) << "(let inside 1)";
    std::ofstream(scratch.path("other/secret.ark")) << "(let secret 1)";
    std::filesystem::create_symlink(scratch.path("ws/inside.ark"), scratch.path("ws/link.ark"));
    const std::vector<std::string> roots = ark::real_paths({scratch.path("ws")});
    const auto point_link_at = [&](const std::string& target) {
        std::filesystem::remove(scratch.path("ws/link.ark"));
        std::filesystem::create_symlink(target, scratch.path("ws/link.ark"));
    };
    const auto read_link = [&](ark::detail::WithinHooks hooks) {
        return ark::detail::read_file_within(scratch.path("ws/link.ark"), roots, ark::kMaxSourceFileBytes, hooks);
    };

    SECTION("left alone, the link leads inside and is read") {
        CHECK(read_link({}).text == "(let inside 1)");
    }
    SECTION("pointed outside before the open, and left there") {
        const ark::FileRead read = read_link({[&] { point_link_at(scratch.path("other/secret.ark")); }, nullptr});
        CHECK_FALSE(read.text);
        CHECK(read.problem == FileProblem::Outside);
    }
    SECTION("pointed outside for the open, then back inside: the file opened is not the one the path leads to") {
        const ark::FileRead read = read_link({[&] { point_link_at(scratch.path("other/secret.ark")); },
                                              [&] { point_link_at(scratch.path("ws/inside.ark")); }});
        CHECK_FALSE(read.text);
        CHECK(read.problem == FileProblem::Outside);
    }
    SECTION("pointed at another file inside: read") {
        std::ofstream(scratch.path("ws/other.ark")) << "(let other 1)";
        CHECK(read_link({[&] { point_link_at(scratch.path("ws/other.ark")); }, nullptr}).text == "(let other 1)");
    }
}
