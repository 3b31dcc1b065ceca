"""Background indexing reports work-done progress ($/progress) on a token the
server creates with window/workDoneProgress/create, and only once the client
has accepted it (LSP 3.17, "Server Initiated Progress")."""
import re

from test_workspace import WorkspaceTest, file_uri


INDEXED = re.compile(r"indexed 3 files")


class IndexingProgressTest(WorkspaceTest):
    def create_request(self):
        return self.server.wait_for(lambda m: m.get("method") == "window/workDoneProgress/create" and "id" in m,
                                    "request window/workDoneProgress/create")

    def progress_seen(self):
        """Every $/progress received so far (a ping first: what was sent before it has arrived)."""
        self.server.ping()
        return [m for m in self.server._stash if m.get("method") == "$/progress"]

    def test_progress_waits_for_the_client_to_accept_the_token(self):
        self.start()
        create = self.create_request()
        # The indexing itself does not wait: it ends before the client answers ...
        self.server.wait_stderr(INDEXED)
        self.assertEqual(self.progress_seen(), [])
        # ... and its progress follows the answer, on the token of the request: begin, then end.
        self.server.send({"jsonrpc": "2.0", "id": create["id"], "result": None})
        begin = self.server.wait_notification("$/progress", lambda p: p["value"]["kind"] == "begin")
        end = self.server.wait_notification("$/progress", lambda p: p["value"]["kind"] == "end")
        self.assertEqual((begin["token"], end["token"]), (create["params"]["token"],) * 2)
        self.assertEqual(begin["value"]["title"], "Indexing")
        self.assertIn("indexed 3 files", end["value"]["message"])
        self.assertEqual([s["name"] for s in self.symbols("othfun")], ["other-function"])

    def test_a_refused_token_gets_no_progress(self):
        self.start()
        create = self.create_request()
        self.server.send({"jsonrpc": "2.0", "id": create["id"],
                          "error": {"code": -32603, "message": "no progress here"}})
        self.server.wait_stderr(re.compile(r"window/workDoneProgress/create failed: .*no progress here"))
        self.server.wait_stderr(INDEXED)
        self.assertEqual(self.progress_seen(), [])
        # Indexing went on all the same.
        self.assertEqual([s["name"] for s in self.symbols("othfun")], ["other-function"])

    def test_a_folder_added_later_is_indexed_with_its_own_token(self):
        self.start()
        first = self.create_request()
        self.server.send({"jsonrpc": "2.0", "id": first["id"], "result": None})
        self.server.wait_notification("$/progress", lambda p: p["value"]["kind"] == "end")
        extra = self.write("../" + self.root.rsplit("/", 1)[1] + "-extra/added.ark", "(let added-function 1)\n")
        folder = extra.rsplit("/", 1)[0]
        self.addCleanup(__import__("shutil").rmtree, folder, True)
        self.server.notify("workspace/didChangeWorkspaceFolders", {
            "event": {"added": [{"uri": file_uri(folder), "name": "extra"}], "removed": []}})
        second = self.create_request()
        self.assertNotEqual(second["params"]["token"], first["params"]["token"])
        self.server.send({"jsonrpc": "2.0", "id": second["id"], "result": None})
        end = self.server.wait_notification(
            "$/progress", lambda p: p["token"] == second["params"]["token"] and p["value"]["kind"] == "end")
        self.assertIn("indexed 1 files", end["value"]["message"])
        self.assertEqual([s["name"] for s in self.symbols("added-function")], ["added-function"])
