"""Workspace folders, indexing with $/progress, workspace/symbol, and keeping a
file in step with the modules it imports (open buffers and files on disk)."""
import json
import os
import re
import shutil
import tempfile
import time
import unittest

from lsp_client import Server
from support import ServerTest


def file_uri(path):
    return "file://" + path


class WorkspaceTest(ServerTest):
    initialize = False

    def setUp(self):
        super().setUp()
        self.root = os.path.realpath(tempfile.mkdtemp(prefix="ark-lsp-ws-"))
        self.addCleanup(shutil.rmtree, self.root, True)
        self.write("main.ark", "(import lib:*)\n(print (helper 1))\n")
        self.write("lib.ark", "# A helper.\n(let helper (fun (x) x))\n")
        self.write("sub/other.ark", "(let other-function (fun () 1))\n(mut counter 0)\n")
        self.write(".hidden/secret.ark", "(let hidden-function 1)\n")

    def write(self, relative, text):
        path = os.path.join(self.root, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as out:
            out.write(text)
        return path

    def start(self, progress=True):
        capabilities = {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True},
                                      "workspaceFolders": True},
                        "window": {"workDoneProgress": progress}}
        params = {"processId": os.getpid(), "rootUri": file_uri(self.root), "capabilities": capabilities,
                  "workspaceFolders": [{"uri": file_uri(self.root), "name": "ws"}]}
        self.init_result = self.server.result("initialize", params)
        self.server.notify("initialized", {})

    def answer_server_request(self, method):
        request = self.server.wait_for(lambda m: m.get("method") == method and "id" in m, "request " + method)
        self.server.send({"jsonrpc": "2.0", "id": request["id"], "result": None})
        return request["params"]

    def wait_indexed(self):
        self.server.wait_notification("$/progress", lambda p: p["value"]["kind"] == "end")

    def symbols(self, query):
        return self.server.result("workspace/symbol", {"query": query})

    def diagnostics(self, uri, predicate=lambda diagnostics: True):
        return self.server.wait_notification(
            "textDocument/publishDiagnostics",
            lambda p: p["uri"] == uri and predicate(p["diagnostics"]))["diagnostics"]


class IndexingTest(WorkspaceTest):
    def test_progress_then_symbols_of_every_file(self):
        self.start()
        create = self.answer_server_request("window/workDoneProgress/create")
        registration = self.answer_server_request("client/registerCapability")
        self.assertEqual(registration["registrations"][0]["method"], "workspace/didChangeWatchedFiles")
        begin = self.server.wait_notification("$/progress", lambda p: p["value"]["kind"] == "begin")
        self.assertEqual(begin["token"], create["token"])
        end = self.server.wait_notification("$/progress", lambda p: p["value"]["kind"] == "end")
        self.assertIn("3 files", end["value"]["message"])

        found = self.symbols("othfun")
        self.assertEqual([s["name"] for s in found], ["other-function"])
        self.assertEqual(found[0]["kind"], 12)
        self.assertEqual(found[0]["location"]["uri"], file_uri(os.path.join(self.root, "sub/other.ark")))
        self.assertEqual(found[0]["location"]["range"]["start"], {"line": 0, "character": 0})
        self.assertEqual([s["name"] for s in self.symbols("counter")], ["counter"])
        self.assertEqual(self.symbols("hidden-function"), [])
        names = [s["name"] for s in self.symbols("")]
        self.assertEqual(sorted(names), ["counter", "helper", "other-function"])

    def test_prefix_matches_rank_first(self):
        self.write("more.ark", "(let xhelper 1)\n(let help 2)\n")
        self.start(progress=False)
        self.server.wait_stderr(__import__("re").compile(r"indexed \d+ files"))
        self.assertEqual([s["name"] for s in self.symbols("help")][:3], ["help", "helper", "xhelper"])

    def test_open_buffer_replaces_the_disk_version_in_the_index(self):
        self.start(progress=False)
        self.server.wait_stderr(__import__("re").compile(r"indexed \d+ files"))
        uri = file_uri(os.path.join(self.root, "sub/other.ark"))
        self.server.open(uri, "(let renamed-function (fun () 1))\n")
        self.diagnostics(uri)
        self.assertEqual([s["name"] for s in self.symbols("renamed")], ["renamed-function"])
        self.assertEqual(self.symbols("other-function"), [])

    def test_watched_file_created_and_deleted(self):
        self.start(progress=False)
        self.server.wait_stderr(__import__("re").compile(r"indexed \d+ files"))
        path = self.write("new.ark", "(let brand-new 1)\n")
        self.server.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": file_uri(path), "type": 1}]})
        deadline_names = None
        for _ in range(200):  # the re-index runs on the pool: poll with requests, not sleeps
            deadline_names = [s["name"] for s in self.symbols("brand")]
            if deadline_names:
                break
        self.assertEqual(deadline_names, ["brand-new"])
        os.remove(path)
        self.server.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": file_uri(path), "type": 3}]})
        self.assertEqual(self.symbols("brand"), [])

    def test_workspace_folder_added_and_removed(self):
        self.start(progress=False)
        self.server.wait_stderr(__import__("re").compile(r"indexed \d+ files"))
        other = os.path.realpath(tempfile.mkdtemp(prefix="ark-lsp-ws2-"))
        self.addCleanup(shutil.rmtree, other, True)
        with open(os.path.join(other, "x.ark"), "w") as out:
            out.write("(let from-second-folder 1)\n")
        self.server.notify("workspace/didChangeWorkspaceFolders", {"event": {
            "added": [{"uri": file_uri(other), "name": "two"}], "removed": []}})
        self.server.wait_stderr(__import__("re").compile(r"indexed 1 files"))
        self.assertEqual([s["name"] for s in self.symbols("second")], ["from-second-folder"])
        self.server.notify("workspace/didChangeWorkspaceFolders", {"event": {
            "added": [], "removed": [{"uri": file_uri(other), "name": "two"}]}})
        self.assertEqual(self.symbols("second"), [])


class ImportsInStepTest(WorkspaceTest):
    def setUp(self):
        super().setUp()
        self.start(progress=False)
        self.main_uri = file_uri(os.path.join(self.root, "main.ark"))
        self.lib_path = os.path.join(self.root, "lib.ark")
        self.lib_uri = file_uri(self.lib_path)
        with open(os.path.join(self.root, "main.ark")) as source:
            self.server.open(self.main_uri, source.read())
        self.assertEqual(self.diagnostics(self.main_uri), [])

    def unbound_helper(self, diagnostics):
        return any(d["code"] == "E0101" and "helper" in d["message"] for d in diagnostics)

    def test_module_changed_on_disk(self):
        self.write("lib.ark", "(let helper2 (fun (x) x))\n")
        self.server.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": self.lib_uri, "type": 2}]})
        self.diagnostics(self.main_uri, self.unbound_helper)
        self.write("lib.ark", "(let helper (fun (x) x))\n")
        self.server.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": self.lib_uri, "type": 2}]})
        self.assertEqual(self.diagnostics(self.main_uri, lambda d: not self.unbound_helper(d)), [])

    def test_module_rewritten_on_disk_with_the_same_size_and_time(self):
        # The importing document's imports are analysed once and kept while
        # every file they read keeps its inode, size and mtime; a change event
        # makes the server compare the text itself.
        before = os.stat(self.lib_path)
        self.write("lib.ark", "# A helper.\n(let helpex (fun (x) x))\n")
        os.utime(self.lib_path, ns=(before.st_atime_ns, before.st_mtime_ns))
        self.assertEqual(os.stat(self.lib_path).st_size, before.st_size)
        self.server.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": self.lib_uri, "type": 2}]})
        self.diagnostics(self.main_uri, self.unbound_helper)

    def test_module_edited_in_an_open_buffer_then_closed(self):
        self.server.open(self.lib_uri, "(let helper (fun (x) x))\n")
        self.diagnostics(self.lib_uri)
        self.server.change(self.lib_uri, 2, [{"text": "(let helper-renamed (fun (x) x))\n"}])
        self.diagnostics(self.main_uri, self.unbound_helper)
        # Definition follows the buffer, not the disk.
        self.server.change(self.lib_uri, 3, [{"text": "\n\n(let helper (fun (x) x))\n"}])
        self.assertEqual(self.diagnostics(self.main_uri, lambda d: not self.unbound_helper(d)), [])
        locations = self.server.result("textDocument/definition", {
            "textDocument": {"uri": self.main_uri}, "position": {"line": 1, "character": 9}})
        self.assertEqual([(l["uri"], l["range"]["start"]["line"]) for l in locations], [(self.lib_uri, 2)])
        # Closed: back to the disk version (still defines helper, on line 1).
        self.server.change(self.lib_uri, 4, [{"text": "(let nothing 1)\n"}])
        self.diagnostics(self.main_uri, self.unbound_helper)
        self.server.notify("textDocument/didClose", {"textDocument": {"uri": self.lib_uri}})
        self.assertEqual(self.diagnostics(self.main_uri, lambda d: not self.unbound_helper(d)), [])

    def test_a_change_to_the_open_module_on_disk_is_ignored(self):
        self.server.open(self.lib_uri, "(let helper (fun (x) x))\n")
        self.diagnostics(self.lib_uri)
        self.write("lib.ark", "(let gone 1)\n")
        self.server.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": self.lib_uri, "type": 2}]})
        self.assertTrue(self.server.ping())
        hover = self.server.result("textDocument/hover", {
            "textDocument": {"uri": self.main_uri}, "position": {"line": 1, "character": 9}})
        self.assertIn("helper", hover["contents"]["value"])


class SharedPreambleTest(WorkspaceTest):
    """Files of one folder that begin with the same imports share one
    analysis of them (the server's log says so), and each still follows the
    modules: an edit of the module reaches every file sharing it."""

    def setUp(self):
        super().setUp()
        self.start(progress=False)
        self.write("second.ark", "(import lib:*)\n(print (helper 2))\n")
        self.write("sub/third.ark", "(import lib:*)\n(print (helper 3))\n")

    def unbound_helper(self, diagnostics):
        return any(d["code"] == "E0101" and "helper" in d["message"] for d in diagnostics)

    def open_and_wait(self, relative, predicate=lambda diagnostics: True):
        with open(os.path.join(self.root, relative)) as source:
            self.server.open(file_uri(os.path.join(self.root, relative)), source.read())
        return self.diagnostics(file_uri(os.path.join(self.root, relative)), predicate)

    def test_files_of_a_folder_share_the_preamble_and_follow_the_module(self):
        self.assertEqual(self.open_and_wait("main.ark"), [])
        self.server.wait_stderr(re.compile(r"built the preamble of `.*/main\.ark' \(1 imported files\)"))
        self.assertEqual(self.open_and_wait("second.ark"), [])
        self.server.wait_stderr(re.compile(r"`.*/second\.ark' shares the preamble built for `.*/main\.ark'"))
        # Another folder resolves `lib` elsewhere (there is none in sub/): not shared.
        third = self.open_and_wait("sub/third.ark", lambda d: len(d) > 0)
        self.assertTrue(any("lib" in d["message"] for d in third), third)
        self.assertFalse(any("third.ark' shares" in line for line in self.server.stderr_lines if line))

        # The module changes in an open buffer: both files see it.
        lib_uri = file_uri(os.path.join(self.root, "lib.ark"))
        self.server.open(lib_uri, "(let helper (fun (x) x))\n")
        self.server.change(lib_uri, 2, [{"text": "(let helper-renamed (fun (x) x))\n"}])
        self.diagnostics(file_uri(os.path.join(self.root, "main.ark")), self.unbound_helper)
        self.diagnostics(file_uri(os.path.join(self.root, "second.ark")), self.unbound_helper)
        self.server.change(lib_uri, 3, [{"text": "(let helper (fun (x) x))\n"}])
        self.assertEqual(self.diagnostics(file_uri(os.path.join(self.root, "main.ark")),
                                          lambda d: not self.unbound_helper(d)), [])
        self.assertEqual(self.diagnostics(file_uri(os.path.join(self.root, "second.ark")),
                                          lambda d: not self.unbound_helper(d)), [])

    def test_the_imported_module_itself_does_not_take_its_importers_preamble(self):
        self.write("lib.ark", "(import lib2:*)\n(let helper (fun (x) (helper2 x)))\n")
        self.write("lib2.ark", "(let helper2 (fun (x) x))\n")
        self.write("main.ark", "(import lib2:*)\n(print (helper2 1))\n")
        self.assertEqual(self.open_and_wait("main.ark"), [])
        # lib.ark begins with the same import: it shares main's preamble.
        self.assertEqual(self.open_and_wait("lib.ark"), [])
        self.server.wait_stderr(re.compile(r"`.*/lib\.ark' shares the preamble built for `.*/main\.ark'"))
        # lib2.ark begins with the same import too, but main's preamble read
        # lib2.ark: for lib2.ark itself that import is a cycle, not a module.
        self.write("lib2.ark", "(import lib2:*)\n(let helper2 (fun (x) x))\n")
        diagnostics = self.open_and_wait("lib2.ark", lambda d: len(d) > 0)
        self.assertFalse(any("lib2.ark' shares" in line for line in self.server.stderr_lines if line))
        self.assertTrue(diagnostics)  # importing itself is an error, not main's view of lib2


class PackageCaptureTest(WorkspaceTest):
    """`&helper` after `(import lib:*)` reads lib:helper and makes the field
    .helper, as written (LANGUAGE-4.8 §3.5)."""

    def test_field_access_hover_and_rename(self):
        text = "(import lib:*)\n(let mine (fun (&helper) helper))\n(print (mine.helper 1))\n"
        self.write("capture.ark", text)
        self.start(progress=False)
        uri = file_uri(os.path.join(self.root, "capture.ark"))
        self.server.open(uri, text)
        self.assertEqual(self.diagnostics(uri), [])
        hover = self.server.result("textDocument/hover", {
            "textDocument": {"uri": uri}, "position": {"line": 2, "character": 13}})
        self.assertIn("field of a closure", hover["contents"]["value"])
        hover = self.server.result("textDocument/hover", {
            "textDocument": {"uri": uri}, "position": {"line": 1, "character": 27}})
        self.assertIn("&helper\n", hover["contents"]["value"])
        self.assertIn("captured variable `lib:helper` (field `.helper`)", hover["contents"]["value"])
        response = self.server.request("textDocument/rename", {
            "textDocument": {"uri": uri}, "position": {"line": 1, "character": 30}, "newName": "other"})
        self.assertIn("error", response, response)
        self.assertIn("closure field", response["error"]["message"])


# Only a real hang exceeds this: a busy or sanitized server answers in seconds.
HANG = 60


class HostileWorkspaceTest(WorkspaceTest):
    """Entries a cloned repository may hold that are not source files: the
    server indexes and reads regular files only (and not past a size limit),
    so none of them blocks a worker, eats memory, reads the server's own stdin
    or shows another file's lines; each is logged once."""

    def link(self, name, target):
        os.symlink(target, os.path.join(self.root, name))
        return os.path.join(self.root, name)

    def fifo(self, name):
        path = os.path.join(self.root, name)
        os.mkfifo(path)
        return path

    def start_and_index(self):
        self.start(progress=False)
        self.server.wait_stderr(re.compile(r"indexed \d+ files"), HANG)

    def assertServesAndExits(self):
        for _ in range(5):
            self.assertEqual(self.server.request("ark/ping", deadline=HANG)["error"]["code"], -32601)
        self.assertIn("helper", [s["name"] for s in self.server.result(
            "workspace/symbol", {"query": "helper"}, HANG)])
        self.assertIsNone(self.server.result("shutdown", deadline=HANG))
        self.server.notify("exit")
        self.assertEqual(self.server.wait_exit(HANG), 0)

    def assertSkippedOnce(self, path, reason):
        lines = [line for line in self.server.stderr_lines if line and "skipped `%s'" % path in line]
        self.assertEqual(len(lines), 1, self.server.stderr_text())
        self.assertIn(reason, lines[0])

    def test_fifo_is_skipped(self):
        path = self.fifo("p.ark")
        self.start_and_index()
        self.assertSkippedOnce(path, "not a regular file")
        self.assertServesAndExits()

    def test_symlink_to_dev_zero_is_skipped(self):
        path = self.link("z.ark", "/dev/zero")
        self.start_and_index()
        self.assertSkippedOnce(path, "not a regular file")
        self.assertServesAndExits()

    def test_symlink_to_the_servers_stdin_is_skipped(self):
        path = self.link("in.ark", "/proc/self/fd/0")
        self.start_and_index()
        self.assertSkippedOnce(path, "not a regular file")
        self.assertServesAndExits()

    def test_file_over_the_size_limit_is_skipped(self):
        path = os.path.join(self.root, "big.ark")
        with open(path, "wb") as out:
            out.truncate(17 << 20)  # sparse: costs no disk
        self.start_and_index()
        self.assertSkippedOnce(path, "larger than 16 MiB")
        self.assertServesAndExits()

    def test_symlink_out_of_the_workspace_is_not_indexed(self):
        outside = os.path.realpath(tempfile.mkdtemp(prefix="ark-lsp-outside-"))
        self.addCleanup(shutil.rmtree, outside, True)
        with open(os.path.join(outside, "secret.ark"), "w") as out:
            out.write("(let outside-secret 1)\n")
        path = self.link("secret.ark", os.path.join(outside, "secret.ark"))
        self.start_and_index()
        self.assertEqual(self.symbols("outside-secret"), [])
        self.assertSkippedOnce(path, "outside")
        self.assertServesAndExits()

    def test_each_skipped_file_is_logged_once(self):
        path = self.fifo("p.ark")
        self.start_and_index()
        # Index the folder again: removed, then added back.
        folder = [{"uri": file_uri(self.root), "name": "ws"}]
        self.server.notify("workspace/didChangeWorkspaceFolders", {"event": {"added": [], "removed": folder}})
        self.server.notify("workspace/didChangeWorkspaceFolders", {"event": {"added": folder, "removed": []}})
        end = time.monotonic() + HANG
        while len(re.findall(r"indexed \d+ files", self.server.stderr_text())) < 2:
            self.assertLess(time.monotonic(), end, "the folder was not indexed again")
            self.server.ping()  # waits on the server, not on a clock
        self.assertSkippedOnce(path, "not a regular file")
        self.assertServesAndExits()

    def test_fifo_created_later_and_watched_is_skipped(self):
        self.start_and_index()
        path = self.fifo("late.ark")
        self.server.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": file_uri(path), "type": 1}]})
        self.assertServesAndExits()

    def test_closing_a_fifo_document_does_not_read_it(self):
        # No workspace folder: only didClose's re-read of the disk version meets the FIFO.
        path = self.fifo("p.ark")
        self.server.initialize()
        uri = file_uri(path)
        self.server.open(uri, "(let helper 1)\n")
        self.diagnostics(uri)
        self.server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        self.assertEqual(self.server.request("ark/ping", deadline=HANG)["error"]["code"], -32601)
        self.assertIsNone(self.server.result("shutdown", deadline=HANG))
        self.server.notify("exit")
        self.assertEqual(self.server.wait_exit(HANG), 0)

    def open_main(self, text):
        path = self.write("importer.ark", text)
        self.server.open(file_uri(path), text)
        return self.diagnostics(file_uri(path))

    def test_import_through_a_symlink_out_of_the_workspace_is_refused(self):
        self.link("pw.ark", "/etc/passwd")
        self.start_and_index()
        diagnostics = self.open_main("(import pw)\n(print 1)\n")
        self.assertEqual([d["code"] for d in diagnostics], ["E0403"], diagnostics)
        self.assertIn("outside the workspace", diagnostics[0]["message"])
        with open("/etc/passwd") as passwd:
            first_line = passwd.readline().strip()
        everything = json.dumps(diagnostics) + json.dumps(self.server._stash) + self.server.stderr_text()
        self.assertNotIn(first_line.split(":")[0] + ":x:", everything)
        self.assertNotIn(first_line, everything)
        self.assertServesAndExits()

    def test_import_of_a_fifo_is_a_diagnostic(self):
        self.fifo("p.ark")
        self.start_and_index()
        diagnostics = self.open_main("(import p)\n(print 1)\n")
        self.assertEqual([d["code"] for d in diagnostics], ["E0404"], diagnostics)
        self.assertIn("not a regular file", diagnostics[0]["message"])
        self.assertServesAndExits()

    def test_import_from_a_symlinked_folder_inside_the_workspace_is_read(self):
        self.write("real/inner.ark", "(let inner-value 1)\n")
        self.link("alias", os.path.join(self.root, "real"))
        self.start_and_index()
        self.assertEqual(self.open_main("(import alias.inner)\n(print inner:inner-value)\n"), [])
        self.assertServesAndExits()


if __name__ == "__main__":
    unittest.main()
