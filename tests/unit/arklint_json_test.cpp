// Unit tests for config/arklint_json: parsing `.arklint.json`, the discovery
// rule `ark lint` and the server share, and reading under the server's limits.
#include <catch2/catch.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "arklint_json.hpp"

using ark::Severity;
using ark::config::LintConfigError;
using ark::config::LintConfigFile;
using ark::config::LintConfigFinder;
using ark::config::LintConfigSearch;

namespace fs = std::filesystem;

namespace {

struct Scratch {
    fs::path root = fs::temp_directory_path() / ("ark_arklint_test_" + std::to_string(::getpid()));
    Scratch() {
        fs::remove_all(root);
        fs::create_directories(root);
        root = fs::canonical(root);
    }
    ~Scratch() { fs::remove_all(root); }
    std::string path(const std::string& name) const { return (root / name).string(); }
    std::string write(const std::string& name, const std::string& text) const {
        fs::create_directories((root / name).parent_path());
        std::ofstream(path(name)) << text;
        return path(name);
    }
};

std::optional<ark::lints::LintConfig> parse(const std::string& text, LintConfigError& error) {
    return ark::config::parse_lint_config(text, "/p/.arklint.json", error);
}

}  // namespace

TEST_CASE("arklint.json: every form of a rule", "[arklint]") {
    LintConfigError error;
    const auto config = parse(R"({
        // comments are allowed
        "rules": {"A101": "off", "unused-parameter": "hint", "A301": {"severity": "error"},
                  "A302": false, "A303": {"enabled": true}, "all": "on"},
        "run_on_broken_code": true})",
                              error);
    REQUIRE(config);
    CHECK(config->run_on_broken_code);
    CHECK_FALSE(config->rules.at("A101").enabled);
    CHECK(config->rules.at("unused-parameter").severity == Severity::Hint);
    CHECK(config->rules.at("A301").severity == Severity::Error);
    CHECK_FALSE(config->rules.at("A302").enabled);
    CHECK(config->rules.at("A303").enabled);
    CHECK(config->rules.at("all").enabled);
}

TEST_CASE("arklint.json: errors say what and where", "[arklint]") {
    LintConfigError error;
    CHECK_FALSE(parse("{\n  \"rules\": {,}\n}", error));
    CHECK(error.message == "`/p/.arklint.json` is not a JSON object (syntax error at line 2, column 13)");
    CHECK(error.offset == 14u);

    CHECK_FALSE(parse("[1]", error));
    CHECK(error.message == "`/p/.arklint.json` is not a JSON object");
    CHECK(error.offset == 0u);

    const std::string unknown = "{\"rules\": {\"A101\": \"off\", \"A999\": \"off\"}}";
    CHECK_FALSE(parse(unknown, error));
    CHECK(error.message == "unknown lint `A999` in `/p/.arklint.json` (see `ark lint --explain CODE`)");
    CHECK(unknown.substr(*error.offset, error.length) == "\"A999\"");

    CHECK_FALSE(parse("{\"rules\": {\"A101\": \"loud\"}}", error));
    CHECK(error.message == "invalid setting for `A101` in `/p/.arklint.json`: use \"off\", \"on\", or a severity");

    CHECK_FALSE(parse("{\"rules\": []}", error));
    CHECK(error.message == "`rules` in `/p/.arklint.json` must be an object");
    CHECK(error.offset == 1u);
}

TEST_CASE("arklint.json: the nearest file upward, bounded by the roots", "[arklint]") {
    Scratch scratch;
    scratch.write(".arklint.json", "{}");
    scratch.write("ws/.arklint.json", "{}");
    scratch.write("ws/a/b/main.ark", "");
    scratch.write("ws/c/.arklint.json", "{}");
    scratch.write("other/main.ark", "");
    fs::create_symlink(scratch.path("nowhere"), scratch.path("ws/a/.arklint.json"));

    const LintConfigSearch unbounded{};
    CHECK(find_lint_config(scratch.path("ws/a/b/main.ark"), unbounded) == scratch.path("ws/.arklint.json"));
    CHECK(find_lint_config(scratch.path("ws/c/x.ark"), unbounded) == scratch.path("ws/c/.arklint.json"));
    CHECK(find_lint_config(scratch.path("other/main.ark"), unbounded) == scratch.path(".arklint.json"));
    CHECK(find_lint_config(scratch.path("other/main.ark"), LintConfigSearch{scratch.path("ws/c/.arklint.json"), std::nullopt, false}) ==
          scratch.path("ws/c/.arklint.json"));

    // The server: up to the workspace folder holding the file; outside them, its own folder only.
    const LintConfigSearch in_ws{{}, std::vector<std::string>{scratch.path("ws/a") + "/"}, true};
    CHECK(find_lint_config(scratch.path("ws/a/b/main.ark"), in_ws).empty());
    const LintConfigSearch in_root{{}, std::vector<std::string>{scratch.path("ws")}, true};
    CHECK(find_lint_config(scratch.path("ws/a/b/main.ark"), in_root) == scratch.path("ws/.arklint.json"));
    CHECK(find_lint_config(scratch.path("other/main.ark"), in_root).empty());
    CHECK(find_lint_config(scratch.path("main.ark"), in_root) == scratch.path(".arklint.json"));
}

TEST_CASE("arklint.json: reading refuses what is not a small regular file of the roots", "[arklint]") {
    Scratch scratch;
    const std::string outside = scratch.write("outside/lint.json", "{\"rules\": {\"all\": \"off\"}}");
    fs::create_directories(scratch.root / "ws");
    fs::create_symlink(outside, scratch.path("ws/.arklint.json"));
    const std::vector<std::string> roots{scratch.path("ws")};

    const LintConfigFile confined = ark::config::read_lint_config(scratch.path("ws/.arklint.json"), &roots);
    REQUIRE(confined.error);
    CHECK(confined.error->message.ends_with(": outside the folders it may be read from"));
    CHECK(confined.config->rules.empty());
    CHECK(confined.text.empty());
    const LintConfigFile followed = ark::config::read_lint_config(scratch.path("ws/.arklint.json"));
    CHECK_FALSE(followed.error);
    CHECK(followed.config->rules.size() == 1);

    REQUIRE(::mkfifo(scratch.path("pipe").c_str(), 0600) == 0);
    CHECK(ark::config::read_lint_config(scratch.path("pipe")).error->message.ends_with("not a regular file (a folder, FIFO, socket or device)"));
    scratch.write("huge", std::string(ark::config::kMaxLintConfigBytes + 1, ' '));
    CHECK(ark::config::read_lint_config(scratch.path("huge")).error->message.ends_with(": larger than 1 MiB"));
}

TEST_CASE("arklint.json: the finder reads a file once until told to forget", "[arklint]") {
    Scratch scratch;
    scratch.write("ws/.arklint.json", "{\"rules\": {\"A101\": \"off\"}}");
    LintConfigFinder finder(LintConfigSearch{{}, std::vector<std::string>{scratch.path("ws")}, true});
    std::vector<std::pair<std::string, uint64_t>> reads;
    finder.on_read([&](const LintConfigFile& file) { reads.emplace_back(file.path, file.sequence); });

    const auto first = finder.for_file(scratch.path("ws/a.ark"));
    CHECK(first->path == scratch.path("ws/.arklint.json"));
    CHECK(finder.for_file(scratch.path("ws/b.ark")) == first);
    CHECK(reads.size() == 1);

    scratch.write("ws/.arklint.json", "not json");
    CHECK(finder.for_file(scratch.path("ws/a.ark")) == first);
    finder.forget();
    const auto second = finder.for_file(scratch.path("ws/a.ark"));
    REQUIRE(second->error);
    CHECK(second->config->rules.empty());
    REQUIRE(reads.size() == 2);
    CHECK(reads[1].second > reads[0].second);

    scratch.write("ws/.arklint.json", "{}");
    CHECK_FALSE(finder.reread(scratch.path("ws/.arklint.json"))->error);
    CHECK(reads.size() == 3);

    // Outside the roots: its own folder, and the defaults when there is none.
    const auto none = finder.for_file(scratch.path("elsewhere/x.ark"));
    CHECK(none->path.empty());
    CHECK_FALSE(none->error);
}
