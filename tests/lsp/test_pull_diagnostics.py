"""Pull diagnostics: textDocument/diagnostic equals the pushed diagnostics;
workspace/diagnostic reports every .ark file of the workspace, open or not,
and answers `unchanged` for a result id the client already holds."""
import os

from workspace_support import WorkspaceFolderTest


class PullDiagnosticsTest(WorkspaceFolderTest):
    def setUp(self):
        super().setUp()
        self.write("main.ark", "(let f (fun (a unused) a))\n(print (f 1 2))\n")
        self.write("closed/broken.ark", "(print nowhere)\n")
        self.write("clean.ark", "(print 1)\n")
        self.start()

    def workspace_report(self, previous=()):
        result = self.server.result("workspace/diagnostic", {
            "previousResultIds": [{"uri": uri, "value": value} for uri, value in previous]})
        return {item["uri"]: item for item in result["items"]}

    def test_capability(self):
        self.assertEqual(self.init_result["capabilities"]["diagnosticProvider"],
                         {"identifier": "ark", "interFileDependencies": True, "workspaceDiagnostics": True})

    def test_document_report_equals_the_pushed_diagnostics(self):
        self.open("main.ark")
        uri = self.uri("main.ark")
        pushed = self.server.wait_notification(
            "textDocument/publishDiagnostics",
            lambda p: p["uri"] == uri and any(d["code"].startswith("A") for d in p["diagnostics"]))["diagnostics"]
        report = self.server.result("textDocument/diagnostic", {"textDocument": {"uri": uri}})
        self.assertEqual(report["kind"], "full")
        self.assertEqual(report["items"], pushed)
        self.assertEqual({d["code"] for d in report["items"]}, {"A102"})
        again = self.server.result("textDocument/diagnostic", {"textDocument": {"uri": uri},
                                                               "previousResultId": report["resultId"]})
        self.assertEqual(again, {"kind": "unchanged", "resultId": report["resultId"]})

    def test_workspace_report_covers_closed_files_and_says_unchanged(self):
        self.open("main.ark")
        first = self.workspace_report()
        self.assertEqual(sorted(first), sorted(self.uri(p) for p in ("main.ark", "closed/broken.ark", "clean.ark")))
        broken = first[self.uri("closed/broken.ark")]
        self.assertEqual(broken["kind"], "full")
        self.assertIsNone(broken["version"])
        self.assertEqual([d["code"] for d in broken["items"]], ["E0101"])
        self.assertEqual(first[self.uri("clean.ark")]["items"], [])
        self.assertEqual(first[self.uri("main.ark")]["version"], 1)

        # Nothing changed: every file is unchanged.
        second = self.workspace_report((uri, item["resultId"]) for uri, item in first.items())
        self.assertEqual({item["kind"] for item in second.values()}, {"unchanged"})
        # A closed file fixed on disk: a new full report for it alone.
        self.write("closed/broken.ark", "(let nowhere 1)\n(print nowhere)\n")
        third = self.workspace_report((uri, item["resultId"]) for uri, item in first.items())
        self.assertEqual(third[self.uri("closed/broken.ark")]["kind"], "full")
        self.assertEqual(third[self.uri("closed/broken.ark")]["items"], [])
        self.assertEqual(third[self.uri("clean.ark")]["kind"], "unchanged")

    def test_a_fifo_in_the_workspace_does_not_block(self):
        os.mkfifo(os.path.join(self.root, "pipe.ark"))
        report = self.workspace_report()
        self.assertNotIn(self.uri("pipe.ark"), report)
        self.assertIn(self.uri("clean.ark"), report)
