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


class PullingClientTest(WorkspaceFolderTest):
    """A client that pulls gets no publishDiagnostics (it would show every
    problem twice), and is asked to pull again when an open document's
    problems change without an edit of it."""
    capabilities = {"workspace": {"workspaceFolders": True, "diagnostics": {"refreshSupport": True},
                                  "didChangeWatchedFiles": {"dynamicRegistration": False}},
                    "textDocument": {"diagnostic": {"relatedDocumentSupport": False}}}

    def test_no_push_and_a_refresh_when_an_import_changes(self):
        self.write("lib.ark", "(let helper (fun (x) x))\n")
        self.write("main.ark", "(import lib:*)\n(print (helper 1))\n")
        self.start()
        self.open("main.ark")
        main = self.uri("main.ark")
        self.assertEqual(self.server.result("textDocument/diagnostic", {"textDocument": {"uri": main}})["items"], [])
        self.write("lib.ark", "(let renamed (fun (x) x))\n")
        self.server.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": self.uri("lib.ark"), "type": 2}]})
        refresh = self.server.wait_for(lambda m: m.get("method") == "workspace/diagnostic/refresh", "a refresh request")
        self.assertNotIn("params", refresh)
        self.server.send({"jsonrpc": "2.0", "id": refresh["id"], "result": None})
        report = self.server.result("textDocument/diagnostic", {"textDocument": {"uri": main}})
        self.assertEqual([d["code"] for d in report["items"]], ["E0101"])
        self.assertEqual([m for m in self.server._stash if m.get("method") == "textDocument/publishDiagnostics"], [])
