// Differential test (DESIGN.md "One front end"): editors see tree-sitter's tree, every tool sees the
// front end's, so the two must cut every program into the same forms at the same byte spans.
// Both trees are reduced to one shape: kind class + [begin, end) + children, comments aside.
#include "ts_support.hpp"

#include <catch2/catch.hpp>

#include "syntax/tree.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <sstream>

namespace fs = std::filesystem;
using namespace ark::grammar_test;

namespace {

struct Form {
    std::string kind;  // list bracket block symbol number string field capture spread error:...
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    std::vector<Form> children;
};

struct Shape {
    std::vector<Form> forms;  // top-level forms
    std::vector<std::pair<std::uint32_t, std::uint32_t>> comments;
    bool has_error = false;
};

// ---- front end: the lossless tree already has the data shape ---------------------------------

const char *token_class(ark::syntax::TokenKind kind) {
    using ark::syntax::TokenKind;
    switch (kind) {
        case TokenKind::Number: return "number";
        case TokenKind::String: return "string";
        case TokenKind::Symbol: return "symbol";
        case TokenKind::Field: return "field";
        case TokenKind::Capture: return "capture";
        case TokenKind::Spread: return "spread";
        default: return "error:token";
    }
}

Form front_end_form(const ark::syntax::SyntaxTree &tree, std::uint32_t index) {
    using ark::syntax::NodeKind;
    const ark::syntax::SyntaxNode &node = tree.node(index);
    Form form{"", node.range.begin, node.range.end, {}};
    switch (node.kind) {
        case NodeKind::List: form.kind = "list"; break;
        case NodeKind::Bracket: form.kind = "bracket"; break;
        case NodeKind::Brace: form.kind = "block"; break;
        case NodeKind::Atom: form.kind = token_class(tree.tokens[node.token].kind); break;
        default: form.kind = "error:node"; break;
    }
    for (std::uint32_t child : node.children) form.children.push_back(front_end_form(tree, child));
    return form;
}

Shape front_end_shape(std::string_view source) {
    const ark::syntax::ParseResult parsed = ark::syntax::parse(source, ark::FileId{});
    Shape shape;
    // A bare top-level atom is reported by lower() (§2), tree-sitter reports it as an ERROR.
    shape.has_error = !parsed.diagnostics.empty();
    for (std::uint32_t child : parsed.tree.root().children) {
        shape.forms.push_back(front_end_form(parsed.tree, child));
        if (parsed.tree.node(child).kind != ark::syntax::NodeKind::List &&
            parsed.tree.node(child).kind != ark::syntax::NodeKind::Bracket &&
            parsed.tree.node(child).kind != ark::syntax::NodeKind::Brace)
            shape.has_error = true;
    }
    for (const ark::syntax::Token &token : parsed.tree.tokens)
        if (token.kind == ark::syntax::TokenKind::Comment) shape.comments.emplace_back(token.range.begin, token.range.end);
    return shape;
}

// ---- tree-sitter: keyword forms are lists again ------------------------------------------------

bool is_atom(std::string_view type) {
    return type == "number" || type == "string" || type == "symbol" || type == "field_access" ||
           type == "capture" || type == "spread" || type == "parameter" || type == "package_path" ||
           type == "attribute";
}

std::string atom_class(TSNode node) {
    const std::string_view type = ts_node_type(node);
    if (type == "field_access") return "field";
    if (type == "parameter" || type == "attribute") return "symbol";  // `(mut x)`: two symbols
    // The front end lexes `a.b.c` (and `a.b:*`) as one field token, `a` as a symbol.
    if (type == "package_path") {
        std::uint32_t n_segments = 0;
        for (std::uint32_t i = 0; i < ts_node_named_child_count(node); ++i)
            if (std::strcmp(ts_node_type(ts_node_named_child(node, i)), "path_segment") == 0) ++n_segments;
        return n_segments > 1 ? "field" : "symbol";
    }
    return std::string(type);
}

// The bracket kind of a tree-sitter form: every semantic node (let_form, parameter_list,
// macro_parameters, ...) is a `( ... )` list underneath.
std::string bracket_class(std::string_view type) {
    if (type == "bracket_list") return "bracket";
    if (type == "block") return "block";
    if (type == "ERROR") return "error:ERROR";
    return "list";
}

void collect_tree_sitter(TSNode node, std::vector<Form> &out, Shape &shape) {
    const std::string_view type = ts_node_type(node);
    if (type == "comment") {
        shape.comments.emplace_back(ts_node_start_byte(node), ts_node_end_byte(node));
        return;
    }
    if (ts_node_is_missing(node) || type == "ERROR") shape.has_error = true;
    Form form{"", ts_node_start_byte(node), ts_node_end_byte(node), {}};
    if (!ts_node_is_named(node)) {
        // Brackets delimit the form; any other anonymous token is a keyword in head position,
        // which the front end sees as an ordinary symbol.
        if (type == "(" || type == ")" || type == "[" || type == "]" || type == "{" || type == "}") return;
        form.kind = "symbol";
        out.push_back(std::move(form));
        return;
    }
    if (is_atom(type)) {
        form.kind = atom_class(node);
        out.push_back(std::move(form));
        return;
    }
    form.kind = bracket_class(type);
    for (std::uint32_t i = 0; i < ts_node_child_count(node); ++i)
        collect_tree_sitter(ts_node_child(node, i), form.children, shape);
    out.push_back(std::move(form));
}

Shape tree_sitter_shape(TSNode root) {
    Shape shape;
    shape.has_error = ts_node_has_error(root);
    for (std::uint32_t i = 0; i < ts_node_child_count(root); ++i)
        collect_tree_sitter(ts_node_child(root, i), shape.forms, shape);
    std::sort(shape.comments.begin(), shape.comments.end());
    return shape;
}

// ---- comparison ---------------------------------------------------------------------------------

std::string describe(const Form *form) {
    if (form == nullptr) return "nothing";
    return form->kind + " [" + std::to_string(form->begin) + ", " + std::to_string(form->end) + ")";
}

// The first difference in document order, as "path: front end ... / tree-sitter ...", or "".
std::string first_difference(const std::vector<Form> &ours, const std::vector<Form> &theirs,
                             const std::string &path, std::size_t &n_forms) {
    for (std::size_t i = 0; i < std::max(ours.size(), theirs.size()); ++i) {
        const std::string here = path + "/" + std::to_string(i);
        const Form *a = i < ours.size() ? &ours[i] : nullptr;
        const Form *b = i < theirs.size() ? &theirs[i] : nullptr;
        if (a == nullptr || b == nullptr || a->kind != b->kind || a->begin != b->begin || a->end != b->end)
            return here + ": front end " + describe(a) + ", tree-sitter " + describe(b);
        ++n_forms;
        std::string inner = first_difference(a->children, b->children, here, n_forms);
        if (!inner.empty()) return inner;
    }
    return "";
}

struct Outcome {
    std::size_t n_forms = 0;   // forms (and atoms) that matched
    bool compared = false;     // false when both sides reject the file
    std::string difference;    // empty when they agree
};

Outcome compare(std::string_view source) {
    Outcome outcome;
    const Shape ours = front_end_shape(source);
    const TreePtr tree = parse(source);
    const TSNode root = ts_tree_root_node(tree.get());
    const Shape theirs = tree_sitter_shape(root);
    if (ours.has_error || theirs.has_error) {
        // Error recovery is free to differ; whether there is an error is not. `1abc` and `1e400`
        // parse cleanly in tree-sitter (NODES.md "Known gaps"): find_syntax_error sees those.
        const bool theirs_rejects = theirs.has_error || find_syntax_error(root, source).has_value();
        if (ours.has_error != theirs_rejects)
            outcome.difference = std::string("only ") + (ours.has_error ? "the front end" : "tree-sitter") +
                                 " rejects the file" +
                                 (theirs.has_error ? " (" + node_sexp(root).substr(0, 400) + ")" : "");
        return outcome;
    }
    outcome.compared = true;
    outcome.difference = first_difference(ours.forms, theirs.forms, "", outcome.n_forms);
    if (outcome.difference.empty() && ours.comments != theirs.comments) {
        std::size_t i = 0;
        while (i < ours.comments.size() && i < theirs.comments.size() && ours.comments[i] == theirs.comments[i]) ++i;
        auto show = [i](const Shape &shape) {
            return i < shape.comments.size() ? "[" + std::to_string(shape.comments[i].first) + ", " +
                                                   std::to_string(shape.comments[i].second) + ")"
                                             : std::string("nothing");
        };
        outcome.difference = "comment " + std::to_string(i) + ": front end " + show(ours) + ", tree-sitter " + show(theirs);
    }
    return outcome;
}

void check_agrees(std::string_view source) {
    const Outcome outcome = compare(source);
    INFO(source);
    CHECK(outcome.difference == "");
    CHECK(outcome.compared);
}

}  // namespace

TEST_CASE("differential: every corpus program has the same forms in both parsers", "[differential]") {
    std::vector<fs::path> files;
    for (const fs::path &root : {fs::path(ARK_SOURCE_DIR) / "tests" / "programs",
                                fs::path(ARK_GRAMMAR_DIR) / "test" / "programs", fs::path(ARK_SOURCE_DIR) / "std"})
        for (const auto &entry : fs::recursive_directory_iterator(root))
            if (entry.is_regular_file() && entry.path().extension() == ".ark") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() > 100);

    std::size_t n_compared = 0, n_forms = 0;
    for (const fs::path &file : files) {
        const Outcome outcome = compare(read_file(file));
        if (!outcome.difference.empty()) FAIL_CHECK(file.string() << ": " << outcome.difference);
        n_compared += outcome.compared ? 1 : 0;
        n_forms += outcome.n_forms;
    }
    WARN(files.size() << " files, " << n_compared << " compared form by form (" << n_forms
                      << " forms), the rest rejected by both parsers");
}

TEST_CASE("differential: tricky snippets", "[differential]") {
    SECTION("nested brackets") {
        check_agrees("(a [b {c (d [])}] () {} [[]])\n{[(f)]}");
    }
    SECTION("field access") {
        check_agrees("(print a.b.c (f x.y) [p.q] {r.s})");
    }
    SECTION("strings with escapes") {
        check_agrees(R"((print "a\"b\\c\n\t\v\r\a\b\f" "\u00e9\U0001F600" "" "\\"))");
    }
    SECTION("raw strings, and names glued to strings") {
        check_agrees(R"((print r"C:\new\table" r"" r"a\"b" r"a\" x" r"b\\" y r"\\\"" r"\q\u0000
(not a form) # not a comment" r (let r 5) bar"x" &r"y" a.r"z" "v"r"w" rr"u"))");
    }
    SECTION("multi-line strings with brackets and # inside") {
        check_agrees("(print \"line one\n  (not a form) # not a comment\n\\\"end\\\"\" \"#\" \" \")");
    }
    SECTION("negative numbers and the symbol -") {
        check_agrees("(- -5 - -x 1. -1.5e-3 3E+2 007 +5 -> a-1 --1)");
    }
    SECTION("captures and spreads") {
        check_agrees("(let f (fun (a b &c &d) (+ a c)))\n(print &x)\n($ m (a ...rest) (g a ...rest))");
    }
    SECTION("unicode in strings and comments") {
        check_agrees("# ünïcödé 日本\n(print \"héllo 日本 😀\") # 😀\n");
    }
    SECTION("keyword forms, well and badly shaped") {
        check_agrees("(let x 1) (mut y 2) (set y 3) (if c a b) (while c {}) (begin) (begin 1 2)\n"
                     "(del x) (async f 1 2) (await fut) ($ N 1) ($ M (a b) (+ a b)) ($if c a)\n"
                     "(let x) (fun x 1) (fun (a &c b) a) (await a b) (f let fun)");
    }
    SECTION("imports") {
        check_agrees("(import std.List) (import a.b.c :x :y) (import a.b:*) (import single) (import)");
        // §3.7: a component may start with a digit, which no identifier may.
        check_agrees("(import 2d.vec) (import a.1b :x) (import 3d:*) (import 42)");
    }
    SECTION("comments between the parts of a form") {
        check_agrees("(let # name\n x # value\n 1) # end\n(fun (a # first\n b) a)#eof");
    }
    SECTION("errors on both sides") {
        for (const char *source : {"(let café 1)", "(print a\xc2\xa0" "b)", "(print \"\\q\")", "(print 1abc)",
                                   "(print (+ 1 2)", "1", "(print 1e400)", "(a .b)", "(print & x)",
                                   "(print \"\\uD800\" \"\\U0000DFFF\")", "(import a.)"}) {
            INFO(source);
            const Outcome outcome = compare(source);
            CHECK(outcome.difference == "");
            CHECK_FALSE(outcome.compared);
        }
    }
    SECTION("known gaps") {
        // FIXME: an import of anything but a package path is an ERROR in tree-sitter, while the
        // front end's parser keeps the list and the import resolver reports E0402. A plain-list
        // fallback for `import` (as for `let`) breaks `(import std.List)`: the GLR branch that
        // reads a list lexes `std` as a symbol, a token the import branch then reuses and rejects.
        for (const char *source : {"(import \"a.ark\")", "(import a.b 1)"}) {
            INFO(source);
            CHECK(compare(source).difference.starts_with("only tree-sitter rejects the file"));
        }
    }
}
