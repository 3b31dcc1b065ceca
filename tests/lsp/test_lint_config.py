"""`.arklint.json` in the editor: the server finds and reads it as `ark lint`
does (config/arklint_json.hpp), so a document's lint findings are the
command's, pushed or pulled, and a disabled lint offers no fix; a change of
the file re-lints the open documents; a file that can not be used is reported
and the defaults apply; nothing outside the workspace is read through it."""
import json
import os
import shutil
import subprocess
import tempfile

from lsp_client import DEADLINE, ark_binary
from support import ServerTest
from workspace_support import file_uri

PROGRAM = "(let f (fun (a unused) a))\n(mut x 1)\n(set x x)\n(let v (if x (f 1 2)))\n(print v)\n"
# With the defaults: A102 at 1:16, A107 at 3:1, A108 at 4:8 (all warnings, all with safe fixes).
DEFAULT_LINTS = {"A102", "A107", "A108"}
SEVERITIES = {"error": 1, "warning": 2, "information": 3, "hint": 4}
DISABLE_AND_RELEVEL = {"rules": {"A107": "off", "unused-parameter": "error"}}


def lint_findings(diagnostics):
    """(code, severity, line, character) of an LSP diagnostic list, sorted."""
    return sorted((d["code"], d["severity"], d["range"]["start"]["line"], d["range"]["start"]["character"])
                  for d in diagnostics)


def codes(diagnostics):
    return {d["code"] for d in diagnostics}


class LintConfigTest(ServerTest):
    initialize = False
    capabilities = {"workspace": {"workspaceFolders": True, "didChangeWatchedFiles": {"dynamicRegistration": True}}}
    initialization_options = None

    def setUp(self):
        super().setUp()
        self.top = os.path.realpath(tempfile.mkdtemp(prefix="ark-lsp-lintcfg-"))
        self.addCleanup(shutil.rmtree, self.top, True)
        self.root = os.path.join(self.top, "ws")
        os.makedirs(self.root)

    def path(self, relative):
        return os.path.join(self.root, relative)

    def uri(self, relative):
        return file_uri(self.path(relative))

    def write(self, relative, text):
        path = self.path(relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as out:
            out.write(text)
        return path

    def write_config(self, relative, config):
        return self.write(relative, config if isinstance(config, str) else json.dumps(config))

    def start(self):
        params = {"processId": os.getpid(), "rootUri": file_uri(self.root), "capabilities": self.capabilities,
                  "workspaceFolders": [{"uri": file_uri(self.root), "name": "ws"}]}
        if self.initialization_options is not None:
            params["initializationOptions"] = self.initialization_options
        self.init_result = self.server.result("initialize", params)
        self.server.notify("initialized", {})

    def open(self, relative):
        with open(self.path(relative)) as source:
            self.server.open(self.uri(relative), source.read())

    def watched(self, relative, change_type):
        self.server.notify("workspace/didChangeWatchedFiles",
                           {"changes": [{"uri": self.uri(relative), "type": change_type}]})

    def pushed(self, relative, predicate):
        uri = self.uri(relative)
        return self.server.wait_notification(
            "textDocument/publishDiagnostics", lambda p: p["uri"] == uri and predicate(p["diagnostics"]))["diagnostics"]

    def pulled(self, relative):
        return self.server.result("textDocument/diagnostic", {"textDocument": {"uri": self.uri(relative)}})["items"]

    def cli(self, *args):
        done = subprocess.run([ark_binary(), "lint", "--format", "json", *args], cwd=self.root,
                              capture_output=True, text=True, timeout=DEADLINE)
        return done.returncode, done.stdout, done.stderr

    def cli_findings(self, *args):
        """`ark lint`'s findings in the LSP's terms (0-based, ASCII sources)."""
        code, out, err = self.cli(*args)
        self.assertIn(code, (0, 1), err)
        return sorted((d["code"], SEVERITIES[d["severity"]], d["location"]["start"]["line"] - 1,
                       d["location"]["start"]["column"] - 1) for d in json.loads(out))

    def defaults(self, relative):
        """What `ark lint` finds in a file with the default settings."""
        empty = os.path.join(self.top, "defaults.json")
        with open(empty, "w") as out:
            out.write("{}")
        return self.cli_findings("--config", empty, self.path(relative))

    def config_report(self, relative, predicate=lambda diagnostics: True):
        """The diagnostics the server publishes on a configuration file."""
        return self.pushed(relative, predicate)


class ParityTest(LintConfigTest):
    def test_the_server_asks_to_watch_lint_configurations(self):
        self.start()
        request = self.server.wait_for(lambda m: m.get("method") == "client/registerCapability", "a registration")
        self.server.send({"jsonrpc": "2.0", "id": request["id"], "result": None})
        watchers = request["params"]["registrations"][0]["registerOptions"]["watchers"]
        self.assertEqual({w["globPattern"] for w in watchers}, {"**/*.ark", "**/.arklint.json"})

    def test_editor_findings_equal_ark_lint_with_a_rule_off_and_one_relevelled(self):
        self.write_config(".arklint.json", DISABLE_AND_RELEVEL)
        self.write("sub/main.ark", PROGRAM)
        self.write("sub/closed.ark", PROGRAM)
        expected = self.cli_findings("sub/main.ark")
        self.assertEqual({f[0] for f in expected}, {"A102", "A108"})
        self.assertIn(("A102", 1, 0, 15), expected)
        self.start()
        self.open("sub/main.ark")
        pushed = self.pushed("sub/main.ark", lambda ds: any(d["code"].startswith("A") for d in ds))
        self.assertEqual(lint_findings(pushed), expected)
        self.assertEqual(lint_findings(self.pulled("sub/main.ark")), expected)
        report = self.server.result("workspace/diagnostic", {"previousResultIds": []})
        items = {item["uri"]: item["items"] for item in report["items"]}
        self.assertEqual(lint_findings(items[self.uri("sub/main.ark")]), expected)
        self.assertEqual(lint_findings(items[self.uri("sub/closed.ark")]), self.cli_findings("sub/closed.ark"))

    def test_a_disabled_lint_offers_no_fix(self):
        self.write_config(".arklint.json", DISABLE_AND_RELEVEL)
        self.write("main.ark", PROGRAM)
        self.start()
        self.open("main.ark")
        self.pulled("main.ark")
        line_of_self_assignment = {"start": {"line": 2, "character": 1}, "end": {"line": 2, "character": 1}}
        actions = self.server.result("textDocument/codeAction", {
            "textDocument": {"uri": self.uri("main.ark")}, "range": line_of_self_assignment,
            "context": {"diagnostics": []}})
        self.assertEqual([a for a in actions if a["kind"] in ("quickfix", "source.fixAll")], [])
        fix_all = self.server.result("textDocument/codeAction", {
            "textDocument": {"uri": self.uri("main.ark")}, "range": line_of_self_assignment,
            "context": {"diagnostics": [], "only": ["source.fixAll"]}})
        self.assertEqual(len(fix_all), 1, fix_all)
        self.assertEqual(fix_all[0]["title"], "Apply the 2 safe lint fixes")
        edits = fix_all[0]["edit"]["changes"][self.uri("main.ark")]
        self.assertNotIn(2, [e["range"]["start"]["line"] for e in edits])
        # Without the configuration, the same request fixes the self-assignment too.
        os.remove(self.path(".arklint.json"))
        self.watched(".arklint.json", 3)
        fix_all = self.server.result("textDocument/codeAction", {
            "textDocument": {"uri": self.uri("main.ark")}, "range": line_of_self_assignment,
            "context": {"diagnostics": [], "only": ["source.fixAll"]}})
        self.assertEqual(fix_all[0]["title"], "Apply the 3 safe lint fixes")

    def test_a_configuration_above_the_workspace_folder_is_not_read(self):
        # `ark lint` looks up to the filesystem root; the server stays in the workspace.
        with open(os.path.join(self.top, ".arklint.json"), "w") as out:
            out.write(json.dumps({"rules": {"all": "off"}}))
        self.write("main.ark", PROGRAM)
        self.start()
        self.open("main.ark")
        self.assertEqual(codes(self.pulled("main.ark")), DEFAULT_LINTS)
        self.assertEqual(self.cli_findings("main.ark"), [])

    def test_a_file_outside_the_workspace_uses_its_own_folders_configuration_only(self):
        elsewhere = os.path.join(self.top, "elsewhere", "deeper")
        os.makedirs(elsewhere)
        with open(os.path.join(self.top, "elsewhere", ".arklint.json"), "w") as out:
            out.write(json.dumps({"rules": {"all": "off"}}))
        self.start()
        uri = file_uri(os.path.join(elsewhere, "loose.ark"))
        self.server.open(uri, PROGRAM)
        report = self.server.result("textDocument/diagnostic", {"textDocument": {"uri": uri}})
        self.assertEqual(codes(report["items"]), DEFAULT_LINTS)
        with open(os.path.join(elsewhere, ".arklint.json"), "w") as out:
            out.write(json.dumps({"rules": {"A108": "off"}}))
        self.server.notify("workspace/didChangeWatchedFiles", {"changes": [
            {"uri": file_uri(os.path.join(elsewhere, ".arklint.json")), "type": 1}]})
        report = self.server.result("textDocument/diagnostic", {"textDocument": {"uri": uri}})
        self.assertEqual(codes(report["items"]), {"A102", "A107"})


class ChangeTest(LintConfigTest):
    def test_a_configuration_created_changed_and_deleted_relints_the_open_document(self):
        self.write("main.ark", PROGRAM)
        self.start()
        self.open("main.ark")
        self.assertEqual(codes(self.pushed("main.ark", lambda ds: "A107" in codes(ds))), DEFAULT_LINTS)

        self.write_config(".arklint.json", {"rules": {"self-assignment": "off"}})
        self.watched(".arklint.json", 1)
        after = self.pushed("main.ark", lambda ds: codes(ds) == {"A102", "A108"})
        self.assertEqual(lint_findings(after), self.cli_findings("main.ark"))

        self.write_config(".arklint.json", {"rules": {"A107": "off", "A108": "hint"}})
        self.watched(".arklint.json", 2)
        after = self.pushed("main.ark", lambda ds: any(d["code"] == "A108" and d["severity"] == 4 for d in ds))
        self.assertEqual(lint_findings(after), self.cli_findings("main.ark"))

        os.remove(self.path(".arklint.json"))
        self.watched(".arklint.json", 3)
        after = self.pushed("main.ark", lambda ds: "A107" in codes(ds))
        self.assertEqual(lint_findings(after), self.cli_findings("main.ark"))

    def test_every_lint_off_leaves_only_the_front_ends_diagnostics(self):
        self.write("main.ark", PROGRAM)
        self.start()
        self.open("main.ark")
        self.pushed("main.ark", lambda ds: "A107" in codes(ds))
        self.write_config(".arklint.json", {"rules": {"all": "off"}})
        self.watched(".arklint.json", 1)
        self.pushed("main.ark", lambda ds: ds == [])
        self.assertEqual(self.pulled("main.ark"), [])


class PullingClientTest(LintConfigTest):
    capabilities = {"workspace": {"workspaceFolders": True, "diagnostics": {"refreshSupport": True},
                                  "didChangeWatchedFiles": {"dynamicRegistration": False}},
                    "textDocument": {"diagnostic": {"relatedDocumentSupport": False}}}

    def test_a_configuration_change_asks_for_a_pull_and_the_pull_sees_it(self):
        self.write("main.ark", PROGRAM)
        self.write("closed.ark", PROGRAM)
        self.start()
        self.open("main.ark")
        self.assertEqual(codes(self.pulled("main.ark")), DEFAULT_LINTS)
        first = self.server.result("workspace/diagnostic", {"previousResultIds": []})["items"]
        held = [{"uri": item["uri"], "value": item["resultId"]} for item in first]

        self.write_config(".arklint.json", DISABLE_AND_RELEVEL)
        self.watched(".arklint.json", 1)
        refresh = self.server.wait_for(lambda m: m.get("method") == "workspace/diagnostic/refresh", "a refresh")
        self.server.send({"jsonrpc": "2.0", "id": refresh["id"], "result": None})
        self.assertEqual(lint_findings(self.pulled("main.ark")), self.cli_findings("main.ark"))
        # The closed file's inputs did not change, its configuration did: a new report.
        second = {item["uri"]: item for item in self.server.result(
            "workspace/diagnostic", {"previousResultIds": held})["items"]}
        closed = second[self.uri("closed.ark")]
        self.assertEqual(closed["kind"], "full")
        self.assertEqual(lint_findings(closed["items"]), self.cli_findings("closed.ark"))
        self.assertEqual([m for m in self.server._stash if m.get("method") == "textDocument/publishDiagnostics"], [])

    def test_a_broken_configuration_is_shown_as_a_message(self):
        self.write_config(".arklint.json", "{ not json")
        self.write("main.ark", PROGRAM)
        self.start()
        self.open("main.ark")
        self.assertEqual(lint_findings(self.pulled("main.ark")), self.defaults("main.ark"))
        message = self.server.wait_notification("window/showMessage", lambda p: ".arklint.json" in p["message"])
        self.assertEqual(message["type"], 2)
        self.assertEqual([m for m in self.server._stash if m.get("method") == "textDocument/publishDiagnostics"], [])


class BrokenConfigTest(LintConfigTest):
    def cli_error(self, relative):
        code, _, err = self.cli(relative)
        self.assertEqual(code, 2, err)
        self.assertTrue(err.startswith("error: "), err)
        return err[len("error: "):].strip()

    def test_not_json_falls_back_to_the_defaults_and_is_reported_on_the_file(self):
        self.write_config(".arklint.json", "{ not json")
        self.write("main.ark", PROGRAM)
        error = self.cli_error("main.ark")
        self.start()
        self.open("main.ark")
        self.assertEqual(lint_findings(self.pulled("main.ark")), self.defaults("main.ark"))
        report = self.config_report(".arklint.json", lambda ds: len(ds) == 1)
        self.assertEqual(report[0]["severity"], 1)
        self.assertIn(error, report[0]["message"])
        # Where reading failed: the `o` of `not` (no JSON literal starts `no`).
        self.assertIn("line 1, column 4", error)
        self.assertEqual(report[0]["range"], {"start": {"line": 0, "character": 3}, "end": {"line": 0, "character": 4}})
        message = self.server.wait_notification("window/showMessage", lambda p: error in p["message"])
        self.assertEqual(message["type"], 2)

        # Fixed: the report is withdrawn and the configuration applies.
        self.write_config(".arklint.json", {"rules": {"A107": "off"}})
        self.watched(".arklint.json", 2)
        self.config_report(".arklint.json", lambda ds: ds == [])
        self.assertEqual(codes(self.pulled("main.ark")), {"A102", "A108"})
        self.assertAlive()

    def test_an_unknown_lint_is_reported_at_its_key(self):
        self.write_config(".arklint.json", '{\n  "rules": {\n    "A999": "off"\n  }\n}\n')
        self.write("main.ark", PROGRAM)
        error = self.cli_error("main.ark")
        self.assertIn("A999", error)
        self.start()
        self.open("main.ark")
        report = self.config_report(".arklint.json", lambda ds: len(ds) == 1)
        self.assertIn(error, report[0]["message"])
        self.assertEqual(report[0]["range"], {"start": {"line": 2, "character": 4}, "end": {"line": 2, "character": 10}})
        self.assertEqual(lint_findings(self.pulled("main.ark")), self.defaults("main.ark"))

    def test_a_deleted_broken_configuration_is_no_longer_reported(self):
        self.write_config(".arklint.json", "[]")
        self.write("main.ark", PROGRAM)
        self.start()
        self.open("main.ark")
        self.config_report(".arklint.json", lambda ds: len(ds) == 1)
        os.remove(self.path(".arklint.json"))
        self.watched(".arklint.json", 3)
        self.config_report(".arklint.json", lambda ds: ds == [])
        self.assertEqual(codes(self.pulled("main.ark")), DEFAULT_LINTS)


class UntrustedReadTest(LintConfigTest):
    """What the workspace holds may not make the server read elsewhere, nor block it."""

    def outside_config(self, config):
        outside = os.path.realpath(tempfile.mkdtemp(prefix="ark-lsp-outside-"))
        self.addCleanup(shutil.rmtree, outside, True)
        path = os.path.join(outside, ".arklint.json")
        with open(path, "w") as out:
            out.write(json.dumps(config))
        return path

    def test_a_symlink_out_of_the_workspace_is_not_read(self):
        os.symlink(self.outside_config({"rules": {"all": "off"}}), self.path(".arklint.json"))
        self.write("main.ark", PROGRAM)
        self.start()
        self.open("main.ark")
        self.assertEqual(codes(self.pulled("main.ark")), DEFAULT_LINTS)
        report = self.config_report(".arklint.json", lambda ds: len(ds) == 1)
        self.assertIn("outside the folders it may be read from", report[0]["message"])
        # `ark lint`, run by the user, follows it.
        self.assertEqual(self.cli_findings("main.ark"), [])

    def test_a_symlink_within_the_workspace_is_read(self):
        self.write_config("shared/lint.json", {"rules": {"A107": "off"}})
        os.symlink(self.path("shared/lint.json"), self.path(".arklint.json"))
        self.write("main.ark", PROGRAM)
        self.start()
        self.open("main.ark")
        self.assertEqual(lint_findings(self.pulled("main.ark")), self.cli_findings("main.ark"))
        self.assertEqual(codes(self.pulled("main.ark")), {"A102", "A108"})

    def test_a_fifo_does_not_block(self):
        os.mkfifo(self.path(".arklint.json"))
        self.write("main.ark", PROGRAM)
        self.start()
        self.open("main.ark")
        self.assertEqual(codes(self.pulled("main.ark")), DEFAULT_LINTS)
        report = self.config_report(".arklint.json", lambda ds: len(ds) == 1)
        self.assertIn("not a regular file", report[0]["message"])
        self.assertAlive()

    def test_a_symlink_to_dev_zero_and_a_huge_file_are_refused_unread(self):
        os.makedirs(self.path("zero"))
        os.symlink("/dev/zero", self.path("zero/.arklint.json"))
        self.write("zero/main.ark", PROGRAM)
        self.write_config("huge/.arklint.json", '{"rules": {"all": "off"}, "pad": "' + "x" * (2 << 20) + '"}')
        self.write("huge/main.ark", PROGRAM)
        self.start()
        for folder, why in (("zero", "not a regular file"), ("huge", "larger than 1 MiB")):
            self.open(folder + "/main.ark")
            self.assertEqual(codes(self.pulled(folder + "/main.ark")), DEFAULT_LINTS)
            report = self.config_report(folder + "/.arklint.json", lambda ds: len(ds) == 1)
            self.assertIn(why, report[0]["message"])
        self.assertAlive()


class TrustedWorkspaceTest(LintConfigTest):
    initialization_options = {"trustedWorkspace": True}

    def test_a_trusted_workspace_follows_a_symlink_out_of_it(self):
        outside = os.path.realpath(tempfile.mkdtemp(prefix="ark-lsp-outside-"))
        self.addCleanup(shutil.rmtree, outside, True)
        with open(os.path.join(outside, "lint.json"), "w") as out:
            out.write(json.dumps({"rules": {"A107": "off"}}))
        os.symlink(os.path.join(outside, "lint.json"), self.path(".arklint.json"))
        self.write("main.ark", PROGRAM)
        self.start()
        self.open("main.ark")
        self.assertEqual(lint_findings(self.pulled("main.ark")), self.cli_findings("main.ark"))
        self.assertEqual(codes(self.pulled("main.ark")), {"A102", "A108"})
