"""Signature help, inlay hints, formatting, semantic tokens delta/range, and
lint findings with their quick fixes, through the real binary."""
import unittest

from fixture import as_tuple, caret_ranges, lsp_range, parse_cursor, position
from support import ServerTest, URI


class EditingTest(ServerTest):
    def open_fixture(self, source, version=1):
        text, cursors = parse_cursor(source)
        self.server.open(URI, text, version)
        self.text = text
        return cursors

    def at(self, cursor):
        return {"textDocument": {"uri": URI}, "position": position(cursor)}

    def diagnostics(self, version=1, code=None):
        """The first publication for `version` (with a diagnostic of `code`:
        lint findings come in a second publication, after the front end's)."""
        return self.server.wait_notification(
            "textDocument/publishDiagnostics",
            lambda p: p["uri"] == URI and p.get("version") == version and
            (code is None or any(d["code"] == code for d in p["diagnostics"])))["diagnostics"]


class SignatureHelpTest(EditingTest):
    def signature(self, source):
        cursors = self.open_fixture(source)
        return self.server.result("textDocument/signatureHelp", self.at(cursors[0]))

    def parameter_labels(self, help):
        signature = help["signatures"][help.get("activeSignature", 0)]
        return [signature["label"][start:end] for start, end in (p["label"] for p in signature["parameters"])]

    def test_user_function_with_active_parameter(self):
        help = self.signature("""# Adds two numbers.
(let add (fun (a b) (+ a b)))
(print (add 1 $0))
""")
        self.assertEqual(help["signatures"][0]["label"], "(add a b)")
        self.assertEqual(self.parameter_labels(help), ["a", "b"])
        self.assertEqual(help["activeParameter"], 1)
        self.assertIn("Adds two numbers.", help["signatures"][0]["documentation"]["value"])

    def test_while_typing_an_argument_it_is_active(self):
        help = self.signature("(let add (fun (a b) (+ a b)))\n(add 12$0 3)\n")
        self.assertEqual(help["activeParameter"], 0)

    def test_builtin_from_the_registry_with_variadic_last_parameter(self):
        help = self.signature('(format "{} {}" 1 2 $0)\n')
        self.assertEqual(help["signatures"][0]["label"], "(format format value...)")
        self.assertEqual(self.parameter_labels(help), ["format", "value..."])
        self.assertEqual(help["activeParameter"], 1)
        self.assertTrue(help["signatures"][0]["documentation"]["value"])

    def test_repeated_group_of_parameters_cycles(self):
        # (dict [key value]...): the third argument is a key again, the fourth its value.
        help = self.signature('(dict "a" 1 "b" $0)\n')
        self.assertEqual(self.parameter_labels(help), ["[key", "value]..."])
        self.assertEqual(help["activeParameter"], 1)
        help = self.signature('(dict "a" 1 $0)\n')
        self.assertEqual(help["activeParameter"], 0)

    def test_innermost_call_with_a_known_head(self):
        help = self.signature('(import std.String)\n(let add (fun (a b) (+ a b)))\n(add (string:find "abc" $0) 2)\n')
        self.assertEqual(help["signatures"][0]["label"].split()[0], "(string:find")
        help = self.server.result("textDocument/signatureHelp", self.at((2, 26)))
        self.assertEqual(help["signatures"][0]["label"], "(add a b)")
        self.assertEqual(help["activeParameter"], 1)

    def test_none_outside_calls_and_in_strings(self):
        self.assertIsNone(self.signature('(let a 1)$0\n(print "x $0")\n'))
        self.assertIsNone(self.server.result("textDocument/signatureHelp", self.at((1, 10))))

    def test_half_typed_call(self):
        help = self.signature("(let add (fun (a b) (+ a b)))\n(add 1 $0\n")
        self.assertEqual(help["activeParameter"], 1)


class InlayHintTest(EditingTest):
    def hints(self, source, range_=None):
        self.open_fixture(source)
        lines = self.text.split("\n")
        range_ = range_ or lsp_range((0, 0), (len(lines), 0))
        return self.server.result("textDocument/inlayHint", {"textDocument": {"uri": URI}, "range": range_})

    def test_parameter_names_at_user_calls_only(self):
        hints = self.hints("""(let area (fun (width height) (* width height)))
(let height 3)
(print (area 2 height))
(print (area (+ 1 1) 4))
""")
        got = [((h["position"]["line"], h["position"]["character"]), h["label"]) for h in hints]
        # `height` passed as `height` needs no hint; builtins (print, +) get none.
        self.assertEqual(got, [((2, 13), "width:"), ((3, 13), "width:"), ((3, 21), "height:")])
        self.assertTrue(all(h["kind"] == 2 for h in hints))

    def test_only_in_the_requested_range(self):
        hints = self.hints("(let f (fun (x) x))\n(f 1)\n(f 2)\n", lsp_range((2, 0), (3, 0)))
        self.assertEqual([(h["position"]["line"], h["label"]) for h in hints], [(2, "x:")])


class FormattingTest(EditingTest):
    def apply(self, text, edits):
        lines = text.split("\n")
        offsets = [0]
        for line in lines:
            offsets.append(offsets[-1] + len(line) + 1)

        def offset(p):
            return offsets[p["line"]] + p["character"]
        for edit in sorted(edits, key=lambda e: offset(e["range"]["start"]), reverse=True):
            text = text[:offset(edit["range"]["start"])] + edit["newText"] + text[offset(edit["range"]["end"]):]
        return text

    def test_document_keeps_comments_and_is_idempotent(self):
        source = "# header comment\n(let   f (fun (x)   # why\n  (+ x 1)))\n(print   (f 1))  # trailing\n"
        self.open_fixture(source)
        edits = self.server.result("textDocument/formatting", {
            "textDocument": {"uri": URI}, "options": {"tabSize": 2, "insertSpaces": True}})
        self.assertTrue(edits)
        formatted = self.apply(self.text, edits)
        for comment in ("# header comment", "# why", "# trailing"):
            self.assertIn(comment, formatted)
        self.assertIn("(print (f 1))", formatted)
        self.server.change(URI, 2, [{"text": formatted}])
        self.assertEqual(self.server.result("textDocument/formatting", {
            "textDocument": {"uri": URI}, "options": {"tabSize": 2, "insertSpaces": True}}), [])

    def test_range_formats_only_the_forms_it_covers(self):
        self.open_fixture("(let   a 1)\n(let   b 2)\n")
        edits = self.server.result("textDocument/rangeFormatting", {
            "textDocument": {"uri": URI}, "range": lsp_range((1, 0), (1, 3)),
            "options": {"tabSize": 2, "insertSpaces": True}})
        self.assertEqual(self.apply(self.text, edits), "(let   a 1)\n(let b 2)\n")

    def test_refuses_broken_code(self):
        self.open_fixture("(let a (+ 1 2)\n")
        response = self.server.request("textDocument/formatting", {
            "textDocument": {"uri": URI}, "options": {"tabSize": 2, "insertSpaces": True}})
        self.assertError(response, -32803)
        self.assertIn("syntax errors", response["error"]["message"])


class SemanticTokensDeltaRangeTest(EditingTest):
    def test_delta_applied_to_the_previous_tokens_equals_full(self):
        self.open_fixture("(let a 1)\n(let b 2)\n(print a b)\n")
        first = self.server.result("textDocument/semanticTokens/full", {"textDocument": {"uri": URI}})
        self.assertIn("resultId", first)
        self.server.change(URI, 2, [{"range": lsp_range((1, 5), (1, 6)), "text": "bee"},
                                    {"range": lsp_range((2, 9), (2, 10)), "text": "bee"}])
        delta = self.server.result("textDocument/semanticTokens/full/delta", {
            "textDocument": {"uri": URI}, "previousResultId": first["resultId"]})
        self.assertIn("edits", delta)
        data = list(first["data"])
        for edit in sorted(delta["edits"], key=lambda e: e["start"], reverse=True):
            data[edit["start"]:edit["start"] + edit["deleteCount"]] = edit.get("data", [])
        full = self.server.result("textDocument/semanticTokens/full", {"textDocument": {"uri": URI}})
        self.assertEqual(data, full["data"])
        self.assertLess(sum(len(e.get("data", [])) for e in delta["edits"]), len(full["data"]))

    def test_unknown_previous_id_gets_full_tokens(self):
        self.open_fixture("(let a 1)\n")
        result = self.server.result("textDocument/semanticTokens/full/delta", {
            "textDocument": {"uri": URI}, "previousResultId": "nope"})
        self.assertIn("data", result)

    def test_range_holds_only_tokens_in_range_relative_to_the_range(self):
        self.open_fixture("(let a 1)\n(let b 2)\n(print a b)\n")
        full = self.server.result("textDocument/semanticTokens/full", {"textDocument": {"uri": URI}})["data"]
        ranged = self.server.result("textDocument/semanticTokens/range", {
            "textDocument": {"uri": URI}, "range": lsp_range((2, 0), (3, 0))})["data"]

        def absolute(data):
            line = column = 0
            out = []
            for i in range(0, len(data), 5):
                line += data[i]
                column = data[i + 1] if data[i] else column + data[i + 1]
                out.append((line, column, *data[i + 2:i + 5]))
            return out
        self.assertTrue(ranged)
        self.assertEqual(absolute(ranged), [t for t in absolute(full) if t[0] == 2])


class LintDiagnosticsTest(EditingTest):
    def test_lint_findings_are_published_with_code_description_and_fix(self):
        self.open_fixture("(mut x 1)\n(set x x)\n(print x)\n")
        self.assertEqual(self.diagnostics(), [])  # the front end's, published first
        diagnostics = self.diagnostics(code="A107")
        lint = [d for d in diagnostics if d["code"] == "A107"]
        self.assertEqual(len(lint), 1, diagnostics)
        self.assertEqual(as_tuple(lint[0]["range"]), ((1, 0), (1, 9)))
        self.assertTrue(lint[0]["codeDescription"]["href"].endswith("/A107"))
        self.assertEqual(lint[0]["source"], "ark lint")
        actions = self.server.result("textDocument/codeAction", {
            "textDocument": {"uri": URI}, "range": lint[0]["range"], "context": {"diagnostics": lint}})
        titles = [a["title"] for a in actions]
        self.assertIn("remove the self-assignment", titles)
        self.assertEqual(actions[0]["diagnostics"][0]["code"], "A107")

    def test_front_end_diagnostics_carry_code_description_and_related(self):
        self.open_fixture("(let a 1)\n(let a 2)\n")
        diagnostics = self.diagnostics()
        self.assertEqual([d["code"] for d in diagnostics], ["E0108"])
        self.assertTrue(diagnostics[0]["codeDescription"]["href"].endswith("/E0108"))
        related = diagnostics[0]["relatedInformation"]
        self.assertEqual(as_tuple(related[0]["location"]["range"]), ((0, 5), (0, 6)))

    def test_did_you_mean_quick_fix(self):
        self.open_fixture("(let total 1)\n(print totl)\n")
        diagnostics = self.diagnostics()
        actions = self.server.result("textDocument/codeAction", {
            "textDocument": {"uri": URI}, "range": diagnostics[0]["range"], "context": {"diagnostics": diagnostics}})
        edits = [e for a in actions for e in a["edit"]["changes"][URI]]
        self.assertIn("total", [e["newText"] for e in edits])

    def test_unused_variable_is_tagged_unnecessary(self):
        self.open_fixture("(let f (fun () {\n  (let unused 1)\n  2 }))\n(print (f))\n")
        unused = [d for d in self.diagnostics(code="A101") if d["code"] == "A101"]
        self.assertEqual(len(unused), 1)
        self.assertEqual(unused[0].get("tags"), [1])


class CapabilitiesTest(EditingTest):
    def test_new_providers_are_advertised(self):
        capabilities = self.init_result["capabilities"]
        self.assertIn("(", capabilities["signatureHelpProvider"]["triggerCharacters"])
        self.assertTrue(capabilities["inlayHintProvider"])
        self.assertTrue(capabilities["documentFormattingProvider"])
        self.assertTrue(capabilities["documentRangeFormattingProvider"])
        self.assertTrue(capabilities["workspaceSymbolProvider"])
        self.assertEqual(capabilities["semanticTokensProvider"]["full"], {"delta": True})
        self.assertTrue(capabilities["semanticTokensProvider"]["range"])
        self.assertTrue(capabilities["workspace"]["workspaceFolders"]["supported"])


if __name__ == "__main__":
    unittest.main()
