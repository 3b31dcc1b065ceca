"""Language features through the real binary, one class per LSP method. Each
case is a small program with `$0` at the cursor and caret lines for the
expected ranges."""
import unittest

from fixture import as_tuple, caret_ranges, lsp_range, parse_cursor, position
from support import ServerTest, URI


class FeatureTest(ServerTest):
    def open_fixture(self, source):
        text, cursors = parse_cursor(source)
        self.server.open(URI, text)
        self.text = text
        return cursors

    def at(self, cursor):
        return {"textDocument": {"uri": URI}, "position": position(cursor)}

    def expected(self, label=None):
        return sorted((start, end) for start, end, text in caret_ranges(self.text)
                      if label is None or text == label)


class DiagnosticsTest(FeatureTest):
    def diagnostics(self, version=1):
        return self.server.wait_notification(
            "textDocument/publishDiagnostics", lambda p: p["uri"] == URI and p.get("version") == version)["diagnostics"]

    def test_unbound_name(self):
        self.open_fixture("""(let total 1)
(print totl)
#      ^^^^ E0101
""")
        diagnostics = self.diagnostics()
        self.assertEqual([(as_tuple(d["range"]), d["code"]) for d in diagnostics],
                         [(r, "E0101") for r in self.expected("E0101")])
        self.assertEqual(diagnostics[0]["severity"], 1)
        self.assertEqual(diagnostics[0]["source"], "ark")
        self.assertIn("total", diagnostics[0]["message"])  # the suggestion

    def test_missing_paren_gives_one_diagnostic_and_keeps_features(self):
        cursors = self.open_fixture("(let a 1)\n(print a$0\n")
        diagnostics = self.diagnostics()
        self.assertEqual(len(diagnostics), 1, diagnostics)
        self.assertEqual(diagnostics[0]["code"], "E0004")
        hover = self.server.result("textDocument/hover", self.at(cursors[0]))
        self.assertIn("let a 1", hover["contents"]["value"])

    def test_clean_program_has_none_and_edits_update_them(self):
        self.open_fixture("(let a 1)\n(print a)\n")
        self.assertEqual(self.diagnostics(), [])
        self.server.change(URI, 2, [{"range": lsp_range((1, 7), (1, 8)), "text": "b"}])
        self.assertEqual([d["code"] for d in self.diagnostics(version=2)], ["E0101"])

    def test_quick_fix_for_set_of_a_constant(self):
        self.open_fixture("(let a 1)\n(set a 2)\n")
        diagnostics = self.diagnostics()
        self.assertEqual([d["code"] for d in diagnostics], ["E0107"])
        actions = self.server.result("textDocument/codeAction", {
            "textDocument": {"uri": URI}, "range": diagnostics[0]["range"], "context": {"diagnostics": diagnostics}})
        self.assertTrue(actions, "expected a quick fix")
        edits = actions[0]["edit"]["changes"][URI]
        self.assertEqual([e["newText"] for e in edits], ["mut"])
        self.assertEqual(as_tuple(edits[0]["range"]), ((0, 1), (0, 4)))


class HoverTest(FeatureTest):
    def hover(self, source):
        cursors = self.open_fixture(source)
        return self.server.result("textDocument/hover", self.at(cursors[0]))

    def test_global_function_with_doc_comment(self):
        hover = self.hover("""# Adds two numbers.
(let add (fun (a b) (+ a b)))
(print (ad$0d 1 2))
""")
        value = hover["contents"]["value"]
        self.assertEqual(hover["contents"]["kind"], "markdown")
        self.assertIn("(let add (fun (a b)", value)
        self.assertIn("Adds two numbers.", value)
        self.assertEqual(as_tuple(hover["range"]), ((2, 8), (2, 11)))

    def test_constant_shows_its_value(self):
        value = self.hover('(let greeting "hi")\n(print greet$0ing)\n')["contents"]["value"]
        self.assertIn('(let greeting "hi")', value)

    def test_string_constant_shows_its_literal_as_written(self):
        # A raw string (4.8) re-printed between plain quotes would read as another string.
        value = self.hover('(let path r"C:\\new\\table")\n(print pa$0th)\n')["contents"]["value"]
        self.assertIn('(let path r"C:\\new\\table")', value)
        value = self.hover('(let line "a\\tb")\n(print li$0ne)\n')["contents"]["value"]
        self.assertIn('(let line "a\\tb")', value)

    def test_parameter(self):
        self.assertIn("parameter", self.hover("(let f (fun (x) (* x$0 2)))\n")["contents"]["value"])

    def test_builtin(self):
        self.assertIn("builtin", self.hover("(pri$0nt 1)\n")["contents"]["value"])

    def test_dict_and_its_primitives_show_the_vocabulary_doc(self):
        value = self.hover('(let d (di$0ct "a" 1))\n')["contents"]["value"]
        self.assertIn("(dict [key value]...)", value)
        self.assertIn("insertion order", value)
        value = self.hover('(let d (dict))\n(print (builtin__dict:k$0eys d))\n')["contents"]["value"]
        self.assertIn("(builtin__dict:keys dict)", value)
        self.assertIn("in the order they were added", value)

    def test_dynamically_resolved_name_names_its_binders(self):
        value = self.hover("""(let show (fun () (print colou$0r)))
(let paint (fun () {
  (let colour "red")
  (show) }))
(paint)
""")["contents"]["value"]
        self.assertIn("dynamically resolved", value)
        self.assertIn("`paint`", value)

    def test_macro_use_shows_the_macro(self):
        # Expansion removes the use from the program; hover still knows it.
        hover = self.hover("""# Squares at compile time.
(macro square (x) (* x x))
(print (squ$0are 4))
""")
        value = hover["contents"]["value"]
        self.assertIn("(macro square (x) …)", value)
        self.assertIn("macro function", value)
        self.assertIn("Squares at compile time.", value)
        self.assertEqual(as_tuple(hover["range"]), ((2, 8), (2, 14)))
        self.assertIn("(macro limit …)", self.hover("(macro limit 10)\n(print lim$0it)\n")["contents"]["value"])

    def test_macro_primitive_shows_its_doc(self):
        hover = self.hover("(macro count (...xs) ($l$0en xs))\n(print (count 1 2))\n")
        value = hover["contents"]["value"]
        self.assertIn("($len list)", value)
        self.assertIn("macro primitive", value)
        self.assertEqual(as_tuple(hover["range"]), ((0, 22), (0, 26)))

    def test_nothing_on_whitespace(self):
        self.assertIsNone(self.hover("(let a 1)\n$0\n(print a)\n"))


class DefinitionTest(FeatureTest):
    def test_global_and_local(self):
        cursors = self.open_fixture("""(let count 1)
#    ^^^^^ def
(let f (fun (count) (+ cou$0nt 1)))
(print cou$0nt)
""")
        inner = self.server.result("textDocument/definition", self.at(cursors[0]))
        self.assertEqual([as_tuple(l["range"]) for l in inner], [((2, 13), (2, 18))])
        outer = self.server.result("textDocument/definition", self.at(cursors[1]))
        self.assertEqual([as_tuple(l["range"]) for l in outer], self.expected("def"))
        self.assertEqual(outer[0]["uri"], URI)

    def test_macro_use_goes_to_the_macro_name(self):
        cursors = self.open_fixture("""(macro twice (e) (+ e e))
#      ^^^^^ def
(macro twice (e) (* 2 e))
#      ^^^^^ redef
(print (twi$0ce 3))
""")
        # The definition in force at the use: the later one.
        found = self.server.result("textDocument/definition", self.at(cursors[0]))
        self.assertEqual([as_tuple(l["range"]) for l in found], self.expected("redef"))

    def test_builtin_has_no_definition(self):
        cursors = self.open_fixture("(pri$0nt 1)\n")
        self.assertEqual(self.server.result("textDocument/definition", self.at(cursors[0])), [])


class ReferencesTest(FeatureTest):
    SOURCE = """(mut n$0 0)
#    ^ ref
(set n (+ n 1))
#    ^ ref
#         ^ ref
(let n2 n)
#       ^ ref
(print n n2)
#      ^ ref
"""

    def test_all_references_including_declaration(self):
        cursors = self.open_fixture(self.SOURCE)
        params = self.at(cursors[0])
        params["context"] = {"includeDeclaration": True}
        locations = self.server.result("textDocument/references", params)
        self.assertEqual(sorted(as_tuple(l["range"]) for l in locations), self.expected("ref"))

    def test_without_declaration(self):
        cursors = self.open_fixture(self.SOURCE)
        params = self.at(cursors[0])
        params["context"] = {"includeDeclaration": False}
        locations = self.server.result("textDocument/references", params)
        self.assertEqual(len(locations), len(self.expected("ref")) - 1)


class DocumentHighlightTest(FeatureTest):
    def test_reads_and_writes(self):
        cursors = self.open_fixture("""(mut total 0)
#    ^^^^^ write
(set total (+ tot$0al 1))
#    ^^^^^ write
#             ^^^^^ read
""")
        highlights = self.server.result("textDocument/documentHighlight", self.at(cursors[0]))
        got = sorted((as_tuple(h["range"]), "write" if h["kind"] == 3 else "read") for h in highlights)
        want = sorted((r, label) for label in ("read", "write") for r in self.expected(label))
        self.assertEqual(got, want)


class DocumentSymbolTest(FeatureTest):
    def test_globals_with_nested_locals(self):
        self.open_fixture("""(let pi 3.14)
(mut counter 0)
(let area (fun (r) {
  (let squared (* r r))
  (* pi squared) }))
""")
        symbols = self.server.result("textDocument/documentSymbol", {"textDocument": {"uri": URI}})
        self.assertEqual([(s["name"], s["kind"]) for s in symbols], [("pi", 14), ("counter", 13), ("area", 12)])
        self.assertEqual([c["name"] for c in symbols[2]["children"]], ["squared"])
        self.assertEqual(as_tuple(symbols[2]["selectionRange"]), ((2, 5), (2, 9)))

    def test_constant_detail_is_its_literal(self):
        self.open_fixture('(let pattern r"\\d+\\.\\d+")\n(let n 2.50)\n')
        symbols = self.server.result("textDocument/documentSymbol", {"textDocument": {"uri": URI}})
        self.assertEqual([(s["name"], s["detail"]) for s in symbols], [("pattern", 'r"\\d+\\.\\d+"'), ("n", "2.5")])


class CompletionTest(FeatureTest):
    def labels(self, source):
        cursors = self.open_fixture(source)
        result = self.server.result("textDocument/completion", self.at(cursors[0]))
        self.result = result
        return {item["label"]: item for item in result["items"]}

    def test_visible_names_keywords_and_builtins(self):
        items = self.labels("""(let total 10)
(let f (fun (amount) (+ am$0 total)))
""")
        for name in ("amount", "total", "f", "let", "print"):
            self.assertIn(name, items)
        self.assertEqual(as_tuple(items["amount"]["textEdit"]["range"]), ((1, 24), (1, 26)))
        self.assertEqual(items["f"]["kind"], 3)
        self.assertLess(items["amount"]["sortText"], items["print"]["sortText"])

    def test_dict_builtins_are_offered_with_their_signatures(self):
        items = self.labels("(let d (dict))\n(builtin__dict:$0 d)\n")
        for name in ("builtin__dict:get", "builtin__dict:add", "builtin__dict:contains", "builtin__dict:remove",
                     "builtin__dict:keys"):
            self.assertIn(name, items)
        resolved = self.server.result("completionItem/resolve", items["builtin__dict:add"])
        self.assertIn("dict key value", str(resolved))

    def test_locals_of_other_functions_are_not_offered(self):
        items = self.labels("""(let f (fun (secret) secret))
(print $0)
""")
        self.assertNotIn("secret", items)
        self.assertIn("f", items)

    def test_nothing_inside_strings_and_comments(self):
        self.assertEqual(self.labels('(print "hel$0lo")\n'), {})
        self.assertEqual(self.labels("# a comm$0ent\n"), {})
        # `\q` would make an ordinary string an error token; a raw one is text to the end.
        self.assertEqual(self.labels('(print r"C:\\q hel$0lo")\n'), {})
        self.assertEqual(self.labels('(print r"a\\"hel$0lo")\n'), {})
        self.assertIn("print", self.labels(r'(print r"C:\\" pr$0)' + "\n"))  # `\\` pairs: the string ends
        self.assertEqual(self.labels('(let path r"C:\\q")\n(print pa$0)\n')["path"]["detail"], 'r"C:\\q"')

    def test_small_programs_get_the_complete_list(self):
        items = self.labels("(let total 10)\n(print to$0)\n")
        self.assertFalse(self.result["isIncomplete"])
        self.assertIn("print", items)  # the client filters a complete list itself

    def many_globals(self, cursor_line):
        # More names matching "st1" than the server's limit (250, lsp/features/completion.hpp).
        lines = ["# Step %d.\n(let step-%d %d)" % (i, i, i) for i in range(1000)]
        return "\n".join(lines) + "\n(let total 1)\n" + cursor_line + "\n"

    def test_big_programs_filter_by_the_typed_prefix_and_say_incomplete(self):
        items = self.labels(self.many_globals("(print tot$0)"))
        self.assertTrue(self.result["isIncomplete"])
        self.assertIn("total", items)
        self.assertNotIn("step-1", items)
        self.assertNotIn("print", items)
        self.assertEqual(items["total"]["detail"], "1")

    def test_big_programs_fuzzy_match_and_cap_the_list(self):
        items = self.labels(self.many_globals("(print st1$0)"))
        self.assertTrue(self.result["isIncomplete"])
        self.assertEqual(len(items), 250)
        self.assertIn("step-1", items)
        self.assertTrue(all(label.startswith("s") and "1" in label for label in items), sorted(items))
        self.assertNotIn("documentation", items["step-1"])  # filled in by completionItem/resolve
        resolved = self.server.result("completionItem/resolve", items["step-1"])
        self.assertEqual(resolved["documentation"]["value"], "Step 1.")

    def test_names_starting_with_the_prefix_come_first(self):
        cursors = self.open_fixture(self.many_globals("(print step-29$0)"))
        result = self.server.result("textDocument/completion", self.at(cursors[0]))
        labels = [item["label"] for item in result["items"]]
        self.assertEqual(labels[:11], ["step-29"] + ["step-29%d" % i for i in range(10)])


class FoldingRangeTest(FeatureTest):
    def test_forms_and_comment_blocks(self):
        self.open_fixture("""# one
# two
(let f (fun (x) {
  (print x)
  x }))
(print 1)
""")
        folds = self.server.result("textDocument/foldingRange", {"textDocument": {"uri": URI}})
        got = {(f["startLine"], f["endLine"], f.get("kind")) for f in folds}
        self.assertIn((0, 1, "comment"), got)
        self.assertIn((2, 4, None), got)
        self.assertNotIn(5, {f["startLine"] for f in folds})


class SelectionRangeTest(FeatureTest):
    def test_expands_outwards(self):
        cursors = self.open_fixture("(let f (fun (x) (+ x$0 1)))\n")
        result = self.server.result("textDocument/selectionRange",
                                    {"textDocument": {"uri": URI}, "positions": [position(cursors[0])]})
        chain = []
        node = result[0]
        while node:
            chain.append(as_tuple(node["range"]))
            node = node.get("parent")
        self.assertEqual(chain[0], ((0, 19), (0, 20)))  # x
        self.assertEqual(chain[1], ((0, 16), (0, 23)))  # (+ x 1)
        self.assertEqual(chain[2], ((0, 7), (0, 24)))   # (fun ...)
        for inner, outer in zip(chain, chain[1:]):
            self.assertTrue(outer[0] <= inner[0] and inner[1] <= outer[1] and inner != outer)


class SemanticTokensTest(FeatureTest):
    def decode(self, data, legend):
        tokens = []
        line = column = 0
        for index in range(0, len(data), 5):
            delta_line, delta_start, length, token_type, modifiers = data[index:index + 5]
            line += delta_line
            column = column + delta_start if delta_line == 0 else delta_start
            names = [m for bit, m in enumerate(legend["tokenModifiers"]) if modifiers & (1 << bit)]
            tokens.append((line, column, length, legend["tokenTypes"][token_type], names))
        return tokens

    def test_classifies_by_resolution(self):
        self.open_fixture('(let f (fun (x) (print x "s" 1)))\n# c\n')
        legend = self.init_result["capabilities"]["semanticTokensProvider"]["legend"]
        data = self.server.result("textDocument/semanticTokens/full", {"textDocument": {"uri": URI}})["data"]
        tokens = {(line, column): (kind, modifiers) for line, column, _, kind, modifiers in self.decode(data, legend)}
        self.assertEqual(tokens[(0, 1)][0], "keyword")                         # let
        self.assertEqual(tokens[(0, 5)], ("function", ["declaration", "readonly"]))  # f
        self.assertEqual(tokens[(0, 13)][0], "parameter")                      # x in (x)
        self.assertEqual(tokens[(0, 17)], ("function", ["defaultLibrary"]))    # print
        self.assertEqual(tokens[(0, 23)][0], "parameter")                      # x
        self.assertEqual(tokens[(0, 25)][0], "string")
        self.assertEqual(tokens[(0, 29)][0], "number")
        self.assertEqual(tokens[(1, 0)][0], "comment")

    def test_raw_string_is_one_string_token(self):
        self.open_fixture('(let r "s")\n(print r"C:\\q\\new" 1 r)\n')
        legend = self.init_result["capabilities"]["semanticTokensProvider"]["legend"]
        data = self.server.result("textDocument/semanticTokens/full", {"textDocument": {"uri": URI}})["data"]
        tokens = {(line, column): (length, kind) for line, column, length, kind, _ in self.decode(data, legend)}
        self.assertEqual(tokens[(1, 7)], (len(r'r"C:\q\new"'), "string"))
        self.assertEqual(tokens[(1, 19)][1], "number")
        self.assertEqual(tokens[(1, 21)], (1, "variable"))  # r alone is a name


class RenameTest(FeatureTest):
    def rename(self, source, new_name):
        cursors = self.open_fixture(source)
        params = self.at(cursors[0])
        params["newName"] = new_name
        return self.server.request("textDocument/rename", params)

    def test_renames_definition_and_uses(self):
        response = self.rename("""(mut count 0)
#    ^^^^^ edit
(set cou$0nt (+ count 1))
#    ^^^^^ edit
#             ^^^^^ edit
(print count)
#      ^^^^^ edit
""", "total")
        edits = response["result"]["changes"][URI]
        self.assertEqual(sorted(as_tuple(e["range"]) for e in edits), self.expected("edit"))
        self.assertTrue(all(e["newText"] == "total" for e in edits))

    def test_prepare_rename(self):
        cursors = self.open_fixture("(let value 1)\n(print val$0ue)\n")
        result = self.server.result("textDocument/prepareRename", self.at(cursors[0]))
        self.assertEqual(result["placeholder"], "value")
        self.assertEqual(as_tuple(result["range"]), ((1, 7), (1, 12)))

    def test_refuses_builtins_and_bad_names(self):
        self.assertError(self.rename("(pri$0nt 1)\n", "show"), -32803)
        self.server.notify("textDocument/didClose", {"textDocument": {"uri": URI}})
        self.assertError(self.rename("(let a$0 1)\n", "1x"), -32803)
        self.server.notify("textDocument/didClose", {"textDocument": {"uri": URI}})
        self.assertError(self.rename("(let a$0 1)\n", "print"), -32803)

    def test_refuses_when_dynamic_scoping_would_change_meaning(self):
        response = self.rename("""(let show (fun () (print colour)))
(let paint (fun () {
  (let col$0our "red")
  (show) }))
""", "hue")
        self.assertError(response, -32803)
        self.assertIn("dynamically", response["error"]["message"])

    def test_refuses_a_name_already_in_use(self):
        self.assertError(self.rename("(let a$0 1)\n(let b 2)\n(print a b)\n", "b"), -32803)

    def apply(self, text, response):
        lines = text.split("\n")
        edits = sorted(response["result"]["changes"][URI], key=lambda e: as_tuple(e["range"]), reverse=True)
        for e in edits:
            (l0, c0), (l1, c1) = as_tuple(e["range"])
            self.assertEqual(l0, l1)
            lines[l0] = lines[l0][:c0] + e["newText"] + lines[l0][c1:]
        return "\n".join(lines)

    def test_a_capture_stays_a_capture(self):
        # `&n` names the variable it captures: the `&` is not part of the name.
        source = "(let make (fun (n$0) (fun (&n) { (set n (+ n 1)) n })))\n(print ((make 1)))\n"
        response = self.rename(source, "start")
        self.assertEqual(self.apply(source.replace("$0", ""), response),
                         "(let make (fun (start) (fun (&start) { (set start (+ start 1)) start })))\n(print ((make 1)))\n")

    def test_prepare_rename_on_a_capture_is_its_name(self):
        cursors = self.open_fixture("(let make (fun (n) (fun (&$0n) n)))\n")
        result = self.server.result("textDocument/prepareRename", self.at(cursors[0]))
        self.assertEqual(as_tuple(result["range"]), ((0, 26), (0, 27)))  # the n after &

    def test_renaming_inside_the_closure_renames_what_it_captures(self):
        source = "(let make (fun (n) (fun (&n) { (set n (+ n 1)) n$0 })))\n(print ((make 1)))\n"
        response = self.rename(source, "start")
        self.assertEqual(self.apply(source.replace("$0", ""), response),
                         "(let make (fun (start) (fun (&start) { (set start (+ start 1)) start })))\n(print ((make 1)))\n")

    def test_a_capture_read_as_a_field_is_refused(self):
        source = "(let make (fun (n$0) (fun (&n) n)))\n(print (make 1).n)\n"
        self.assertError(self.rename(source, "start"), -32803)


class RobustnessTest(FeatureTest):
    def test_every_feature_at_every_offset_of_a_broken_program(self):
        text = '(let f (fun (x &y) {\n  (print x.y "\U0001F600" [1 2\n# unterminated\n(set z ) ))) (macro m (a) a) (m 1'
        self.server.open(URI, text)
        methods = ["textDocument/hover", "textDocument/definition", "textDocument/references",
                   "textDocument/documentHighlight", "textDocument/completion", "textDocument/prepareRename",
                   "textDocument/prepareCallHierarchy"]
        lines = text.split("\n")
        for line_number, line in enumerate(lines + [""]):
            for column in range(0, len(line.encode("utf-16-le")) // 2 + 2, 3):
                for method in methods:
                    response = self.server.request(method, self.at((line_number, column)))
                    if "error" in response:
                        self.assertEqual(response["error"]["code"], -32803, (method, line_number, column, response))
                here = {"start": position((line_number, 0)), "end": position((line_number, len(line)))}
                for method, params in (("textDocument/codeAction", {"range": here, "context": {"diagnostics": []}}),
                                       ("textDocument/inlineValue",
                                        {"range": here, "context": {"frameId": 1, "stoppedLocation": here}})):
                    response = self.server.request(method, {"textDocument": {"uri": URI}, **params})
                    self.assertNotIn("error", response, (method, line_number, column))
        for method in ("textDocument/documentSymbol", "textDocument/foldingRange", "textDocument/semanticTokens/full",
                       "textDocument/documentLink", "textDocument/diagnostic"):
            self.assertNotIn("error", self.server.request(method, {"textDocument": {"uri": URI}}))
        self.assertEqual(self.server.shutdown_and_exit(), 0)


if __name__ == "__main__":
    unittest.main()
