// build_snapshot() as the scheduler calls it while a user types: each build
// gets the document's previous snapshot, and recycles its analysis when it
// can. A `"` typed and closed again must not cost two full builds: while the
// string is open, the snapshot keeps the last analysis before it
// (Snapshot::recycle_base), and closing the string recycles that one.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>

#include "analysis/incremental.hpp"
#include "same_analysis.hpp"
#include "server/preamble_stamps.hpp"
#include "server/snapshot.hpp"

using namespace ark;

namespace {

struct Typing {
    std::string uri;
    lsp::BuildConfig config;
    std::shared_ptr<const lsp::Snapshot> current;
    int64_t version = 0;

    // One build of `text`, handed the previous snapshot as the scheduler
    // does (when it holds the only reference); the previous one is then
    // freed. The result lives until the next call.
    const lsp::Snapshot* type(const std::string& text) {
        lsp::BuildInput input;
        input.uri = uri;
        input.version = ++version;
        input.text = std::make_shared<const std::string>(text);
        std::shared_ptr<const lsp::Snapshot> previous = std::move(current);
        if (previous.use_count() != 1)
            previous.reset();  // as the scheduler: only a snapshot no one else reads
        current = lsp::build_snapshot(input, config, {}, &previous);
        return current.get();
    }
};

std::string body(const std::string& inner) {
    std::string text;
    for (int i = 0; i < 40; ++i)
        text += "(let f" + std::to_string(i) + " (fun (a b) (+ a b " + std::to_string(i) + ")))\n";
    return text + "(let g (fun (x) (print " + inner + " x)))\n(print (g 1) (f3 1 2))\n";
}

// How the snapshot's analysis differs from a full analysis of its text.
std::string difference_from_full(const lsp::Snapshot& snapshot, const std::string& path) {
    std::shared_ptr<analysis::Analysis> full = analysis::analyze(path, *snapshot.text, {});
    return test::first_difference(*full, *snapshot.analysis);
}

}  // namespace

TEST_CASE("closing a string recycles the analysis from before it was opened", "[snapshot]") {
    Typing typing{"file:///virtual/typed.ark", {}, nullptr};
    const std::string path = "/virtual/typed.ark";
    typing.type(body("1"));
    const analysis::Analysis* before_quote = typing.current->analysis.get();
    REQUIRE(analysis::parse_allows_recycling(*before_quote));

    // `"` opened: the rest of the file is a string, a lexer error.
    const lsp::Snapshot* opened = typing.type(body("\"1"));
    CHECK_FALSE(opened->recycled);
    CHECK_FALSE(analysis::parse_allows_recycling(*opened->analysis));
    CHECK(opened->recycle_base.get() == before_quote);

    // Typing inside the open string: still no start, the base carries on.
    const lsp::Snapshot* inside = typing.type(body("\"ab1"));
    CHECK_FALSE(inside->recycled);
    CHECK(inside->recycle_base.get() == before_quote);
    CHECK(difference_from_full(*inside, path) == "");

    // Closed: the base is recycled, and equals a full build.
    const lsp::Snapshot* closed = typing.type(body("\"ab\" 1"));
    CHECK(closed->recycled);
    CHECK_FALSE(closed->recycle_base);
    CHECK(difference_from_full(*closed, path) == "");

    // From there on, typing recycles the previous snapshot as before.
    const lsp::Snapshot* next = typing.type(body("\"abc\" 1"));
    CHECK(next->recycled);
    CHECK(difference_from_full(*next, path) == "");
}

TEST_CASE("a base still read elsewhere is carried on but not recycled, and dropped once the text is clean", "[snapshot]") {
    Typing typing{"file:///virtual/typed.ark", {}, nullptr};
    const std::string path = "/virtual/typed.ark";
    typing.type(body("1"));
    // A request still reads the analysis from before the quote.
    std::shared_ptr<const analysis::Analysis> reader = typing.current->analysis;
    const lsp::Snapshot* opened = typing.type(body("\"1"));
    CHECK(opened->recycle_base == reader);
    const lsp::Snapshot* closed = typing.type(body("\"a\" 1"));
    CHECK_FALSE(closed->recycled);
    CHECK_FALSE(closed->recycle_base);
    CHECK(difference_from_full(*closed, path) == "");
    reader.reset();

    // A snapshot a request holds is not handed to the next build at all.
    const std::shared_ptr<const lsp::Snapshot> held = typing.current;
    const lsp::Snapshot* reopened = typing.type(body("\"a\" \"1"));
    CHECK_FALSE(reopened->recycled);
    CHECK_FALSE(reopened->recycle_base);
}

TEST_CASE("a file with imports recycles the base over the same preamble", "[snapshot]") {
    const std::filesystem::path folder = std::filesystem::temp_directory_path() /
                                          ("ark-snapshot-test-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(folder);
    std::ofstream(folder / "helper.ark") << "(let helper (fun (x) (* 2 x)))\n";
    const std::string path = (folder / "main.ark").string();
    Typing typing{"file://" + path, {}, nullptr};
    const auto with_import = [](const std::string& inner) { return "(import helper)\n" + body("(helper " + inner + ")"); };
    typing.type(with_import("1"));
    REQUIRE(typing.current->analysis->preamble);
    const analysis::Analysis* before_quote = typing.current->analysis.get();
    typing.type(with_import("\"1"));
    CHECK(typing.current->recycle_base.get() == before_quote);
    const lsp::Snapshot* closed = typing.type(with_import("\"a\" 1"));
    CHECK(closed->recycled);
    CHECK(closed->analysis->preamble == closed->preamble->preamble);
    std::filesystem::remove_all(folder);
}
