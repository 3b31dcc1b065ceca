// Name resolution and compile-time checks through the Analysis API.
#include <catch2/catch.hpp>

#include "fixture.hpp"

using namespace ark;
using analysis::ReferenceKind;

namespace {
std::vector<std::string> error_codes(const std::string& src) { return test::codes(test::analyze_snippet(src)->diagnostics); }
}  // namespace

TEST_CASE("unbound names get a suggestion", "[resolve]") {
    auto a = test::analyze_snippet("(let total 3)\n(print totl)");
    REQUIRE(test::codes(a->diagnostics) == std::vector<std::string>{"E0101"});
    CHECK(a->diagnostics[0].hint == std::optional<std::string>("did you mean `total`?"));
    REQUIRE(a->diagnostics[0].fixes.size() == 1);
    CHECK(a->diagnostics[0].fixes[0].edits[0].new_text == "total");
}

TEST_CASE("mutability checks", "[resolve]") {
    CHECK(error_codes("(let x 1)\n(set x 2)") == std::vector<std::string>{"E0107"});
    CHECK(error_codes("(let x 1)\n(let x 2)") == std::vector<std::string>{"E0108"});
    CHECK(error_codes("(let x 1)\n(mut x 2)\n(set x 3)").empty());
    CHECK(error_codes("(let f (fun (a) { (let a 2) a }))") == std::vector<std::string>{"E0108"});
    CHECK(error_codes("(let xs [])\n(append! xs 1)") == std::vector<std::string>{"E0109"});
    CHECK(error_codes("(mut xs [])\n(append! xs xs)") == std::vector<std::string>{"E0110"});
    CHECK(error_codes("(let print 1)") == std::vector<std::string>{"E0102"});
    CHECK(error_codes("(let f (fun (len) len))") == std::vector<std::string>{"E0102"});
}

TEST_CASE("set of an immutable global offers let -> mut", "[resolve]") {
    auto a = test::analyze_snippet("(let fixed 1)\n(set fixed 2)");
    REQUIRE(a->diagnostics.size() == 1);
    REQUIRE(a->diagnostics[0].fixes.size() == 1);
    CHECK(a->diagnostics[0].fixes[0].edits[0].new_text == "mut");
    CHECK(a->diagnostics[0].fixes[0].edits[0].where.range.begin == 1);
}

TEST_CASE("captures", "[resolve]") {
    CHECK(error_codes("(let f (fun (&zz) zz))") == std::vector<std::string>{"E0103"});
    CHECK(error_codes("(let g (fun () { (let inner 1) inner }))\n(let f (fun (&inner) inner))") ==
          std::vector<std::string>{"E0103"});
    CHECK(error_codes("(let v 1)\n(let f (fun (&v) v))").empty());
}

TEST_CASE("references resolve lexically, then dynamically", "[resolve]") {
    auto a = test::analyze_snippet(
        "(let show (fun () unit))\n(let m (fun () { (let unit \"m\") (show) }))\n(let g 1)\n(print g)");
    const auto& refs = a->symbols.references;
    auto find = [&](const std::string& name) {
        for (const auto& r : refs)
            if (r.name == name) return &r;
        return static_cast<const analysis::Reference*>(nullptr);
    };
    REQUIRE(find("unit"));
    CHECK(find("unit")->kind == ReferenceKind::Dynamic);
    REQUIRE(find("g"));
    CHECK(find("g")->kind == ReferenceKind::Resolved);
    CHECK(a->symbols.symbols[find("g")->symbol].name == "g");
    REQUIRE(find("print"));
    CHECK(find("print")->kind == ReferenceKind::Builtin);
}

TEST_CASE("arity of calls to known functions is a warning", "[resolve]") {
    auto a = test::analyze_snippet("(let pair (fun (a b) [a b]))\n(print (pair 1))");
    REQUIRE(test::codes(a->diagnostics) == std::vector<std::string>{"W0301"});
    CHECK(a->diagnostics[0].severity == Severity::Warning);
    CHECK_FALSE(a->has_errors());
}

TEST_CASE("scopes and visible symbols", "[resolve]") {
    auto a = test::analyze_snippet("(let g 1)\n(let f (fun (p) { (let loc 2) (+ p loc) }))");
    int scope = a->symbols.scope_at(a->main_file, 30);
    CHECK(scope > 0);
    std::vector<std::string> names;
    for (int s : a->symbols.visible_symbols(scope)) names.push_back(a->symbols.symbols[s].name);
    CHECK(names == std::vector<std::string>{"p", "loc", "g", "f"});
}

TEST_CASE("arity of calls to builtins is a warning, read from their signatures", "[resolve]") {
    auto a = test::analyze_snippet("(print (math:floor 1 2))\n(print (list:sort))\n(print (input \"a\" \"b\"))");
    REQUIRE(test::codes(a->diagnostics) == std::vector<std::string>{"W0302", "W0302", "W0302"});
    CHECK(a->diagnostics[0].message == "Builtin `math:floor' takes 1 argument, but this call passes 2");
    CHECK(a->diagnostics[2].message == "Builtin `input' takes 0 or 1 arguments, but this call passes 2");
    CHECK_FALSE(a->has_errors());
    // Optional and variadic parameters, and the string: aliases of str: builtins.
    auto fine = test::analyze_snippet("(print)\n(print 1 2 3)\n(input)\n(str:format \"{}\" 1 2)\n(string:find \"ab\" \"b\")");
    CHECK(fine->diagnostics.empty());
    auto few = test::analyze_snippet("(str:format)");
    REQUIRE(test::codes(few->diagnostics) == std::vector<std::string>{"W0302"});
    CHECK(few->diagnostics[0].message == "Builtin `str:format' takes at least 1 argument, but this call passes 0");
}
