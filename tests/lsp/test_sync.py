"""Text synchronisation: didOpen, full and incremental didChange in UTF-16 and
UTF-8 positions, didClose, and diagnostics versions. Each case states the
expected text inline."""
import unittest

from support import ServerTest, URI


def edit(start_line, start_char, end_line, end_char, text):
    return {"range": {"start": {"line": start_line, "character": start_char},
                      "end": {"line": end_line, "character": end_char}}, "text": text}


class Utf16SyncTest(ServerTest):
    def check(self, initial, changes, expected):
        self.server.open(URI, initial)
        for version, change in enumerate(changes, start=2):
            self.server.change(URI, version, change if isinstance(change, list) else [change])
        result = self.server.file_text(URI)
        self.assertEqual(result["text"], expected)
        self.assertEqual(result["version"], len(changes) + 1)

    def test_insert_delete_replace(self):
        self.check("(let a 1)\n(print a)\n",
                   [edit(0, 5, 0, 6, "total"), edit(1, 7, 1, 8, "total"), edit(1, 13, 1, 13, "\n(print 2)")],
                   "(let total 1)\n(print total)\n(print 2)\n")

    def test_full_replacement(self):
        self.check("(let a 1)", [{"text": "(let b 2)\n"}, edit(1, 0, 1, 0, "(print b)")],
                   "(let b 2)\n(print b)")

    def test_several_changes_in_one_notification_apply_in_order(self):
        self.check("abc", [[edit(0, 3, 0, 3, "d"), edit(0, 0, 0, 1, ""), {"text": "xyz"}, edit(0, 1, 0, 2, "Y")]],
                   "xYz")

    def test_surrogate_pairs_count_two_units(self):
        # "\U0001F600" is two UTF-16 units; "é" is one.
        self.check('(print "\U0001F600é")', [edit(0, 10, 0, 11, "e"), edit(0, 8, 0, 10, "!")],
                   '(print "!e")')

    def test_column_inside_a_surrogate_pair_clamps_to_its_start(self):
        self.check("a\U0001F600b", [edit(0, 2, 0, 2, "X")], "aX\U0001F600b")

    def test_crlf_lines(self):
        self.check("(let a 1)\r\n(print a)\r\n", [edit(1, 0, 1, 9, "(print 2)"), edit(0, 99, 1, 0, "\n")],
                   "(let a 1)\n(print 2)\r\n")

    def test_out_of_range_positions_clamp(self):
        self.check("ab\ncd", [edit(0, 50, 0, 80, "!"), edit(9, 0, 12, 4, "?")], "ab!\ncd?")

    def test_reversed_range_is_taken_in_order(self):
        self.check("abcdef", [edit(0, 4, 0, 1, "-")], "a-ef")

    def test_multiline_delete(self):
        self.check("one\ntwo\nthree\n", [edit(0, 1, 2, 2, "")], "oree\n")

    def test_change_to_unopened_document_is_ignored(self):
        self.server.change("file:///nowhere.ark", 2, [{"text": "x"}])
        self.assertAlive()

    def test_close_clears_diagnostics_and_forgets_the_text(self):
        self.server.open(URI, "(let a 1)")
        self.server.notify("textDocument/didClose", {"textDocument": {"uri": URI}})
        params = self.server.wait_notification(
            "textDocument/publishDiagnostics", lambda p: p["uri"] == URI and "version" not in p)
        self.assertEqual(params["diagnostics"], [])
        self.assertError(self.server.request("ark/viewFileText", {"textDocument": {"uri": URI}}), -32602)

    def test_reopen_replaces_the_text(self):
        self.server.open(URI, "(let a 1)")
        self.server.open(URI, "(let b 2)", version=7)
        result = self.server.file_text(URI)
        self.assertEqual((result["text"], result["version"]), ("(let b 2)", 7))

    def test_diagnostics_are_published_for_the_newest_version(self):
        self.server.open(URI, "(let a 1)")
        for version in range(2, 30):
            previous = str(version - 1) if version > 2 else "1"
            self.server.change(URI, version, [edit(0, 7, 0, 7 + len(previous), str(version))])
        self.assertEqual(self.server.file_text(URI)["text"], "(let a 29)")
        params = self.server.wait_notification(
            "textDocument/publishDiagnostics", lambda p: p["uri"] == URI and p.get("version") == 29)
        self.assertIsInstance(params["diagnostics"], list)


class Utf8SyncTest(ServerTest):
    capabilities = {"general": {"positionEncodings": ["utf-8", "utf-16"]}}

    def test_columns_count_bytes(self):
        self.server.open(URI, '(print "é\U0001F600x")')
        # "é" is bytes 8..9, the emoji bytes 10..13, "x" byte 14.
        self.server.change(URI, 2, [edit(0, 14, 0, 15, "y"), edit(0, 8, 0, 10, "e")])
        self.assertEqual(self.server.file_text(URI)["text"], '(print "e\U0001F600y")')

    def test_column_inside_a_character_clamps_to_its_start(self):
        self.server.open(URI, "a\U0001F600b")
        self.server.change(URI, 2, [edit(0, 3, 0, 3, "X")])
        self.assertEqual(self.server.file_text(URI)["text"], "aX\U0001F600b")


if __name__ == "__main__":
    unittest.main()
