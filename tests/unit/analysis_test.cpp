// Name resolution and compile-time checks through the Analysis API.
#include <algorithm>
#include <optional>
#include <random>

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

TEST_CASE("suggest_name picks what the plain edit distance picks", "[resolve]") {
    // The whole Levenshtein table for every candidate, and the closest name
    // first in spelling order: what suggest_name's pruning must not change.
    const auto distance = [](const std::string& a, const std::string& b) {
        std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
        for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
        for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
        for (size_t i = 1; i <= a.size(); ++i)
            for (size_t j = 1; j <= b.size(); ++j)
                d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        return d[a.size()][b.size()];
    };
    const auto expected = [&](const std::string& name, const std::vector<std::string>& candidates) {
        std::optional<std::pair<size_t, std::string>> best;
        for (const std::string& c : candidates) {
            const size_t d = distance(name, c);
            if (c != name && d <= name.size() / 2 && (!best || std::make_pair(d, c) < *best)) best = std::make_pair(d, c);
        }
        return best ? std::optional<std::string>(best->second) : std::nullopt;
    };
    std::mt19937 random(7);
    const std::string alphabet = "abc-:1";  // few letters: many near misses and ties
    const auto random_name = [&](size_t longest) {
        std::string name(random() % (longest + 1), ' ');
        for (char& c : name) c = alphabet[random() % alphabet.size()];
        return name;
    };
    size_t found = 0;
    for (int round = 0; round < 3000; ++round) {
        const size_t longest = round % 10 == 0 ? 80 : 12;  // some past the 64 kept on the stack
        std::vector<std::string> candidates;
        for (int i = 0; i < 30; ++i) candidates.push_back(random_name(longest));
        const std::string name = round % 3 == 0 ? candidates[round % 30] + "b" : random_name(longest);
        const std::vector<std::string_view> views(candidates.begin(), candidates.end());
        const std::optional<std::string> want = expected(name, candidates);
        INFO("name: " << name);
        REQUIRE(analysis::suggest_name(name, views) == want);
        found += want.has_value();
    }
    CHECK(found > 1000);  // the rounds did exercise the picking, not only "none"
}

TEST_CASE("mutability checks", "[resolve]") {
    CHECK(error_codes("(let x 1)\n(set x 2)") == std::vector<std::string>{"E0107"});
    CHECK(error_codes("(let x 1)\n(let x 2)") == std::vector<std::string>{"E0108"});
    CHECK(error_codes("(let x 1)\n(mut x 2)\n(set x 3)").empty());
    CHECK(error_codes("(let f (fun (a) { (let a 2) a }))") == std::vector<std::string>{"E0108"});
    CHECK(error_codes("(let xs [])\n(append! xs 1)") == std::vector<std::string>{"E0109"});
    CHECK(error_codes("(mut xs [])\n(append! xs xs)") == std::vector<std::string>{"E0110"});
    // A dict is a shared mutable object: `@=` on a constant bound to a (dict ...) call changes
    // the object (LANGUAGE-4.8 §5.1); other in-place forms, and `@=` on any other constant, do not.
    CHECK(error_codes("(let d (dict))\n(@= d \"k\" 1)").empty());
    CHECK(error_codes("(let d (dict))\n(append! d 1)") == std::vector<std::string>{"E0109"});
    CHECK(error_codes("(let make (fun () (dict)))\n(let d (make))\n(@= d \"k\" 1)") == std::vector<std::string>{"E0109"});
    CHECK(error_codes("(let f (fun (d) (@= d \"k\" 1)))") == std::vector<std::string>{"E0109"});
    CHECK(error_codes("(let print 1)") == std::vector<std::string>{"E0102"});
    CHECK(error_codes("(let f (fun (len) len))") == std::vector<std::string>{"E0102"});
}

TEST_CASE("a let a macro builds is one definition; a macro that builds two says so", "[resolve]") {
    CHECK(error_codes("(macro define (form) form)\n(define (let a 12))\n(print a)").empty());
    CHECK(error_codes("(macro define (n v) { (let n v) })\n(define a 12)\n(print a)").empty());
    auto a = test::analyze_snippet("(macro twice (form) { form form })\n(twice (let a 12))");
    REQUIRE(test::codes(a->diagnostics) == std::vector<std::string>{"E0108"});
    CHECK(a->diagnostics[0].hint == std::optional<std::string>(
                                        "this macro call expands to two `let` of `a`: check how often the macro uses its argument"));
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

// LANGUAGE-4.8 §3.3 (4.0): a while body is a scope, entered afresh on each iteration.
TEST_CASE("loop bodies are scopes", "[resolve]") {
    using codes = std::vector<std::string>;
    // Not visible after the loop: at the top level, in a function, for set too.
    CHECK(error_codes("(mut i 0)\n(while (< i 1) { (let inner 5) (set i 1) })\n(print inner)") == codes{"E0101"});
    CHECK(error_codes("(let f (fun () { (while true (mut sq 1)) (set sq 2) }))") == codes{"E0101"});
    // One definition per iteration, and shadowing an outer name, are no redefinition.
    CHECK(error_codes("(mut i 0)\n(let x 0)\n(while (< i 3) { (let x i) (set i (+ i 1)) })").empty());
    // Captures from inside a loop, of the loop's variables and of outer ones.
    CHECK(error_codes("(let base 1)\n(while true { (let keep 2) (print (fun (&keep &base) keep)) })").empty());
    // A function outside the loop may read a loop-local dynamically (called from the body).
    auto a = test::analyze_snippet("(let show (fun () cur))\n(while true { (let cur 1) (show) })");
    CHECK(a->diagnostics.empty());
    const analysis::Reference* cur = nullptr;
    for (const auto& r : a->symbols.references)
        if (r.name == "cur" && !r.is_write) cur = &r;
    REQUIRE(cur);
    CHECK(cur->kind == ReferenceKind::Dynamic);
    // Before the body's own let, a name is the outer variable; after it, the loop's.
    auto b = test::analyze_snippet("(mut k 0)\n(while (< k 3) { (set k (+ k 1)) (mut k 5) (print k) })");
    CHECK(b->diagnostics.empty());
    std::vector<analysis::SymbolKind> targets;
    for (const auto& r : b->symbols.references)
        if (r.name == "k" && r.kind == ReferenceKind::Resolved) targets.push_back(b->symbols.symbols[r.symbol].kind);
    using K = analysis::SymbolKind;
    CHECK(targets == std::vector<K>{K::Global, K::Global, K::Global, K::Local});
    // A parameter stays a constant of its function inside the function's loops.
    CHECK(error_codes("(let f (fun (n) (while true (set n 1))))") == codes{"E0107"});
    // The loop's scope: its names are visible inside it only.
    auto c = test::analyze_snippet("(let g 1)\n(while true { (let in-loop 2) (print in-loop) })");
    const int scope = c->symbols.scope_at(c->main_file, 40);
    REQUIRE(scope > 0);
    CHECK(c->symbols.scopes[scope].is_loop);
    CHECK(c->symbols.function_scope(scope) == 0);
    std::vector<std::string> names;
    for (int s : c->symbols.visible_symbols(scope)) names.emplace_back(c->symbols.symbols[s].name);
    CHECK(names == std::vector<std::string>{"in-loop", "g"});
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
    for (int s : a->symbols.visible_symbols(scope)) names.emplace_back(a->symbols.symbols[s].name);
    CHECK(names == std::vector<std::string>{"p", "loc", "g", "f"});
}

TEST_CASE("arity of calls to builtins is a warning, read from their signatures", "[resolve]") {
    auto a = test::analyze_snippet("(print (builtin__math:floor 1 2))\n(print (builtin__list:sort))\n(print (input \"a\" \"b\"))");
    REQUIRE(test::codes(a->diagnostics) == std::vector<std::string>{"W0302", "W0302", "W0302"});
    CHECK(a->diagnostics[0].message == "Builtin `builtin__math:floor' takes 1 argument, but this call passes 2");
    CHECK(a->diagnostics[2].message == "Builtin `input' takes 0 or 1 arguments, but this call passes 2");
    CHECK_FALSE(a->has_errors());
    // Optional and variadic parameters.
    auto fine = test::analyze_snippet("(print)\n(print 1 2 3)\n(input)\n(format \"{}\" 1 2)\n(builtin__string:find \"ab\" \"b\" 1)");
    CHECK(fine->diagnostics.empty());
    auto few = test::analyze_snippet("(format)");
    REQUIRE(test::codes(few->diagnostics) == std::vector<std::string>{"W0302"});
    CHECK(few->diagnostics[0].message == "Builtin `format' takes at least 1 argument, but this call passes 0");
    // dict takes key value pairs (LANGUAGE-4.8 §5.1).
    CHECK(test::analyze_snippet("(print (dict) (dict 1 2) (dict 1 2 3 4))")->diagnostics.empty());
    auto odd = test::analyze_snippet("(print (dict \"a\" 1 \"b\"))");
    REQUIRE(test::codes(odd->diagnostics) == std::vector<std::string>{"W0302"});
    CHECK(odd->diagnostics[0].message == "Builtin `dict' takes key value pairs, but this call passes 3 arguments");
}

// The checks that used to live in the code generator: analysis reports them,
// so the server shows what `ark check` and `ark run` refuse.
TEST_CASE("special-form shapes, values and operator arity", "[check_forms]") {
    using codes = std::vector<std::string>;
    // E0008 malformed special forms
    CHECK(error_codes("(let x)") == codes{"E0008"});
    CHECK(error_codes("(mut x 1 2)") == codes{"E0008"});
    CHECK(error_codes("(let 1 2)") == codes{"E0008"});
    CHECK(error_codes("(let f (fun x x))") == codes{"E0008"});
    CHECK(error_codes("(let f (fun (a)))") == codes{"E0008"});
    CHECK(error_codes("(if true)") == codes{"E0008"});
    CHECK(error_codes("(if true 1 2 3)") == codes{"E0008"});
    CHECK(error_codes("(while true)") == codes{"E0008"});
    CHECK(error_codes("(del 1)") == codes{"E0008"});
    CHECK(error_codes("(let v 1)\n(let f (fun (&v a) a))") == codes{"E0008"});
    CHECK(error_codes("(let f (fun (1) 1))") == codes{"E0008"});
    CHECK(error_codes("(let v 1)\n(print &v)") == codes{"E0008"});
    CHECK(error_codes("(append! [1] 2)") == codes{"E0008"});
    // E0009 duplicate parameters and captures
    CHECK(error_codes("(let f (fun (a a) a))") == codes{"E0009"});
    CHECK(error_codes("(let v 1)\n(let f (fun (&v &v) v))") == codes{"E0009"});
    // E0201 an operator or keyword as a value, but not again after E0102
    CHECK(error_codes("(let both and)") == codes{"E0201"});
    CHECK(error_codes("(let f append!)") == codes{"E0201"});
    CHECK(error_codes("(let sum +)\n(let check assert)").empty());  // operators are values (4.3+)
    CHECK(error_codes("(print [if])") == codes{"E0201"});
    CHECK(error_codes("(let + 1)\n(print +)") == codes{"E0102"});
    // E0202 no value where one is needed
    CHECK(error_codes("(print [(while false 1)])") == codes{"E0202"});
    CHECK(error_codes("(print (del q))\n(mut q 1)") == codes{"E0202"});
    CHECK(error_codes("((begin) 1)") == codes{"E0202"});
    CHECK(error_codes("(let x (while false 1))").empty());  // a binding of no value binds nil
    // let, mut and set give the value bound (4.4+)
    CHECK(error_codes("(print (let y 1))").empty());
    CHECK(error_codes("(if (mut c 1) 1 2)").empty());
    CHECK(error_codes("(mut z 0)\n(let w (set z 13))").empty());
    // E0301 operator arity
    CHECK(error_codes("(print (not 1 2))") == codes{"E0301"});
    CHECK(error_codes("(print (and))") == codes{"E0301"});
    CHECK(error_codes("(mut xs [])\n(pop! xs)") == codes{"E0301"});
    // A malformed form defines nothing and reads nothing: one mistake, one diagnostic.
    CHECK(error_codes("(let f (fun x undefined-name))") == codes{"E0008"});
    // Every such program is refused by analysis, so codegen never sees one.
    CHECK(error_codes("(let f (fun (a b) (+ a b)))\n(print (f 1 2) [1 (list)] (and true false))").empty());
}

TEST_CASE("node ids are dense and carry what resolution learnt", "[resolve]") {
    // A macro call expands to two nodes with the same source range (the
    // call's): facts are per node, so each gets its own reference.
    auto a = test::analyze_snippet(
        "(let base 10)\n"
        "(macro twice (x) (+ x x))\n"
        "(let scale (fun (k &base) (* k (twice base))))\n"
        "(print (scale 2))");
    REQUIRE(!a->has_errors());
    const auto& table = a->symbols;
    std::vector<const syntax::Sexp*> by_id(table.nodes.size(), nullptr);
    std::vector<const syntax::Sexp*> work;
    for (const auto& form : a->expanded.program) work.push_back(&form);
    while (!work.empty()) {
        const syntax::Sexp* node = work.back();
        work.pop_back();
        REQUIRE(node->id < by_id.size());
        CHECK(by_id[node->id] == nullptr);  // each id once
        by_id[node->id] = node;
        for (const auto& child : node->children) work.push_back(&child);
    }
    CHECK(std::count(by_id.begin(), by_id.end(), nullptr) == 0);  // dense

    std::vector<int> seen_references;
    for (const syntax::Sexp* node : by_id) {
        const analysis::NodeFacts& facts = table.facts(*node);
        if (facts.reference >= 0) {
            const analysis::Reference& r = table.references[facts.reference];
            CHECK(r.range.range.begin == node->where.range.begin);
            CHECK(r.name == (node->kind == syntax::SexpKind::Field ? node->path[0] : node->text));
            seen_references.push_back(facts.reference);
        }
        if (facts.definition >= 0) CHECK(table.symbols[facts.definition].name == node->text);
        if (facts.scope >= 0) CHECK(node->is_form(language::Keyword::Fun));
    }
    // Every reference but those of field path members belongs to exactly one node.
    std::sort(seen_references.begin(), seen_references.end());
    CHECK(std::adjacent_find(seen_references.begin(), seen_references.end()) == seen_references.end());
    CHECK(seen_references.size() == table.references.size());
    // The two `base` reads the macro made share a range, not a reference.
    const auto base_reads = std::count_if(table.references.begin(), table.references.end(), [](const analysis::Reference& r) {
        return r.name == "base" && r.kind == ReferenceKind::Resolved;
    });
    CHECK(base_reads == 3);  // the capture and the two reads in the expansion
    syntax::Sexp outside;
    CHECK(table.facts(outside).reference == -1);
}

TEST_CASE("@deprecated in a doc comment: every read is a W0303 (4.4+)", "[resolve]") {
    auto a = test::analyze_snippet(
        "# Old API.\n# @deprecated use new-thing\n(let old-thing 1)\n(let new-thing 2)\n"
        "(print old-thing new-thing)\n(let f (fun () old-thing))\n");
    REQUIRE(test::codes(a->diagnostics) == std::vector<std::string>{"W0303", "W0303"});
    CHECK(a->diagnostics[0].message == "`old-thing' is deprecated: use new-thing");
    REQUIRE(a->diagnostics[0].related.size() == 1);
    CHECK(test::codes(test::analyze_snippet("# @deprecated\n(let x 1)\n(print x)")->diagnostics) == std::vector<std::string>{"W0303"});
    CHECK(test::analyze_snippet("# not deprecated\n(let x 1)\n(print x)")->diagnostics.empty());
}

TEST_CASE("4.8 fix-its: a parameter that is set, a renamed builtin, a bare name under a prefix", "[resolve]") {
    auto fix_text = [](const Diagnostic& d) { return d.fixes.empty() ? std::string() : d.fixes[0].edits[0].new_text; };
    // A plain parameter is a constant (4.1+): the fix declares it (mut x).
    auto a = test::analyze_snippet("(let f (fun (x) (set x 2)))");
    REQUIRE(a->diagnostics.size() == 1);
    CHECK(a->diagnostics[0].kind == "MutabilityError");
    CHECK(fix_text(a->diagnostics[0]) == "(mut x)");
    // A renamed builtin (E0112) is rewritten to its 4.x name.
    a = test::analyze_snippet("(print (str:format \"{}\" 1))\n(io:removeFiles \"a\")");
    REQUIRE(test::codes(a->diagnostics) == std::vector<std::string>{"E0112", "E0112"});
    CHECK(fix_text(a->diagnostics[0]) == "format");
    CHECK(fix_text(a->diagnostics[1]) == "io:removeFile");
    // A package's name used bare after (import pkg): E0101 with the namespace hint and the prefix as fix.
    analysis::AnalysisOptions options;
    options.read_file = [](const std::string& path) {
        return path.ends_with("mymod.ark") ? std::optional<std::string>("(let greet (fun (n) n))") : std::nullopt;
    };
    a = analysis::analyze("/virtual/main.ark", "(import mymod)\n(print (greet 1))", options);
    REQUIRE(test::codes(a->diagnostics) == std::vector<std::string>{"E0101"});
    REQUIRE(a->diagnostics[0].hint.has_value());
    CHECK(a->diagnostics[0].hint->find("it exists in a namespace as `mymod:greet`") != std::string::npos);
    CHECK(fix_text(a->diagnostics[0]) == "mymod:greet");
}
