"""Large documents: the server answers them, and answers right. Their speed is
measured by bench/lsp (a return of the old quadratic analysis shows there), not
asserted here: the deadlines only tell a hang from an answer on a busy machine
running the ASan build."""
import time
import unittest

from support import ServerTest, URI

DEADLINE = 300.0


def many_definitions(n):
    lines = []
    for i in range(n):
        lines.append("(let v%d (+ %d %s))" % (i, i, "v%d" % (i - 1) if i else "0"))
    lines.append("(print v%d)" % (n - 1))
    return "\n".join(lines) + "\n"


def one_megabyte():
    body = []
    i = 0
    while sum(len(line) + 1 for line in body) < 1_000_000:
        body.append("(let f%d (fun (a b) {\n  (mut total (+ a b))\n  (set total (* total %d))\n  total }))" % (i, i))
        body.append("(print (f%d 1 2)) # call %d" % (i, i))
        i += 1
    return "\n".join(body) + "\n"


class ScaleTest(ServerTest):
    def open_and_time(self, text):
        started = time.monotonic()
        self.server.open(URI, text)
        diagnostics = self.server.wait_notification(
            "textDocument/publishDiagnostics", lambda p: p["uri"] == URI, deadline=DEADLINE)["diagnostics"]
        return time.monotonic() - started, diagnostics

    def test_100k_definitions(self):
        text = many_definitions(100_000)
        elapsed, diagnostics = self.open_and_time(text)
        self.assertEqual(diagnostics, [])
        # Queries on the last lines use the indexes, not scans.
        last = text.count("\n") - 1
        started = time.monotonic()
        for _ in range(20):
            hover = self.server.result("textDocument/hover", {
                "textDocument": {"uri": URI}, "position": {"line": last, "character": 8}})
            self.assertIn("v99999", hover["contents"]["value"])
            refs = self.server.result("textDocument/references", {
                "textDocument": {"uri": URI}, "position": {"line": last - 1, "character": 6},
                "context": {"includeDeclaration": True}})
            self.assertEqual(len(refs), 2)
        per_request = (time.monotonic() - started) / 40
        print("\n100k definitions: diagnostics after %.2f s, hover/references %.1f ms" % (elapsed, per_request * 1000))

    def test_one_megabyte_document(self):
        text = one_megabyte()
        elapsed, diagnostics = self.open_and_time(text)
        self.assertEqual(diagnostics, [])
        symbols = self.server.result("textDocument/documentSymbol", {"textDocument": {"uri": URI}})
        self.assertGreater(len(symbols), 5000)
        print("\n1 MB document: diagnostics after %.2f s" % elapsed)

    def test_many_unbound_names_with_suggestions(self):
        text = many_definitions(20_000) + "".join("(print vv%d)\n" % i for i in range(300))
        elapsed, diagnostics = self.open_and_time(text)
        self.assertEqual(len(diagnostics), 300)
        print("\n300 unbound names among 20,000 definitions: %.2f s" % elapsed)

    def test_typing_in_a_big_document_reports_on_the_newest_text(self):
        # Builds of superseded versions stop early and their lints are skipped:
        # what reaches the client must still be the whole answer for the text.
        text = "# notes\n" + many_definitions(5_000) + "(let f (fun (a) {\n  (let unused 1)\n  a }))\n(print (f 1))\n"
        self.server.open(URI, text)
        self.server.wait_notification("textDocument/publishDiagnostics", lambda p: p["uri"] == URI, deadline=DEADLINE)
        for version in range(2, 12):
            self.server.change(URI, version, [{"range": {"start": {"line": 0, "character": 7 + version - 2},
                                                         "end": {"line": 0, "character": 7 + version - 2}},
                                               "text": "x"}])
        with_lints = self.server.wait_notification(
            "textDocument/publishDiagnostics",
            lambda p: p["uri"] == URI and p.get("version") == 11 and p["diagnostics"], deadline=DEADLINE)
        self.assertEqual([d["code"] for d in with_lints["diagnostics"]], ["A101"])
        # Then a burst that ends in an unbound name: the front end's error for
        # the last version, not for any earlier one.
        for version in range(12, 17):
            self.server.change(URI, version, [{"range": {"start": {"line": 0, "character": 0},
                                                         "end": {"line": 0, "character": 0}},
                                               "text": "(print nowhere%d)\n" % version}])
        errors = self.server.wait_notification(
            "textDocument/publishDiagnostics", lambda p: p["uri"] == URI and p.get("version") == 16, deadline=DEADLINE)
        self.assertEqual(sorted((d["code"], d["message"].split("`")[1].split("'")[0]) for d in errors["diagnostics"]),
                         [("E0101", "nowhere%d" % v) for v in range(12, 17)])

    def test_edits_answered_as_a_fresh_build_would(self):
        # While the user types, the server rebuilds by recycling the previous
        # analysis (analysis::reanalyze): after each edit, its diagnostics and
        # symbols must be those of a document opened fresh with the same text.
        fresh_uri = URI.replace("main.ark", "fresh.ark")
        text = many_definitions(300) + "(let f (fun (a b) {\n  (mut t (+ a b))\n  t }))\n(print (f 1 2))\n"
        self.server.open(URI, text)
        self.server.wait_notification("textDocument/publishDiagnostics", lambda p: p["uri"] == URI, deadline=DEADLINE)
        edits = [
            ("(print v299)", "(print v299 nowhere)"),    # an unbound name
            ("(let v5 (+ 5 v4))", "(let v5 (+ 5 v4)) stray"),  # a top-level atom
            (" stray", ""),
            ("(let v3 (+ 3 v2))\n", ""),                   # a definition goes: its uses are unbound
            ("(let v9 ", "(let v9x "),                     # a rename
            ("(mut t (+ a b))", "(mut t (+ a b)) # sum"),  # a comment
            ("(print (f 1 2))", "(print (f 1 2 3))"),      # an arity warning
            ("(let v20 (+", "(let v20 ((+"),                # an unclosed form...
            ("(let v20 ((+", "(let v20 (+"),                # ...closed again
            ("(let v2 (+ 2 v1))", "(let v2 (+ 2 v1))\n(let v2 1)"),  # a let redefinition
        ]
        for version, (old, new) in enumerate(edits, start=2):
            self.assertTrue(old in text, old)
            at = text.index(old)
            line, character = text.count("\n", 0, at), at - (text.rfind("\n", 0, at) + 1)
            end_line = line + old.count("\n")
            end_character = len(old.rsplit("\n", 1)[1]) if "\n" in old else character + len(old)
            self.server.change(URI, version, [{"range": {"start": {"line": line, "character": character},
                                                         "end": {"line": end_line, "character": end_character}},
                                               "text": new}])
            text = text[:at] + new + text[at + len(old):]
            edited = self.server.wait_notification(
                "textDocument/publishDiagnostics", lambda p: p["uri"] == URI and p.get("version") == version,
                deadline=DEADLINE)["diagnostics"]
            self.server.open(fresh_uri, text, version)
            fresh = self.server.wait_notification(
                "textDocument/publishDiagnostics", lambda p: p["uri"] == fresh_uri and p.get("version") == version,
                deadline=DEADLINE)["diagnostics"]
            strip = lambda diagnostics: [{k: v for k, v in d.items() if k not in ("relatedInformation", "data")}
                                         for d in diagnostics]
            self.assertEqual(strip(edited), strip(fresh), "after edit %d" % (version - 1))
            symbols = [self.server.result("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
                       for uri in (URI, fresh_uri)]
            self.assertEqual(symbols[0], symbols[1], "after edit %d" % (version - 1))
            self.server.notify("textDocument/didClose", {"textDocument": {"uri": fresh_uri}})
        self.assertEqual(self.server.file_text(URI)["text"], text)


if __name__ == "__main__":
    unittest.main()
