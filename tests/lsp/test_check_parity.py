"""One front end: the editor and the command line report the same problems.

Every program of tests/programs (the error programs included) goes through
`ark check --error-format=json` and `ark lint --format json`, and is opened in
one language-server session. The diagnostics the server publishes for each
file must be exactly the ones the command line printed: same code, same span
(byte offsets), same severity. A problem inside an imported file is published
on the import (its first related location is the problem itself): it is
compared at that related location.
"""
import glob
import json
import os
import subprocess
import time
import unittest

from lsp_client import DEADLINE, Server, Timeout, ark_binary

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAMS = os.path.realpath(os.path.join(HERE, "..", "programs"))
SEVERITY = {"error": 1, "warning": 2, "information": 3, "hint": 4}
# The codes that the code generator used to find on its own, and that the
# server never showed: the corpus must keep a program for each.
FORMER_CODEGEN_CODES = {"E0008", "E0009", "E0201", "E0202", "E0301"}


def uri_of(path):
    return "file://" + path


def path_of(uri):
    return uri[len("file://"):]


def byte_offset(text, position):
    """The byte offset of an LSP position (line, UTF-16 character) in text."""
    lines = text.split("\n")
    line = lines[position["line"]] if position["line"] < len(lines) else ""
    before = sum(len(l.encode("utf-8")) + 1 for l in lines[:position["line"]])
    units = 0
    for index, char in enumerate(line):
        if units >= position["character"]:
            return before + len(line[:index].encode("utf-8"))
        units += 2 if ord(char) > 0xFFFF else 1
    return before + len(line.encode("utf-8"))


def keys_of(diagnostics):
    """{realpath: {(code, begin, end, severity)}} of a JSON diagnostics array."""
    found = {}
    for d in diagnostics:
        where = d["location"]
        key = (d["code"], where["start"]["offset"], where["end"]["offset"], SEVERITY[d["severity"]])
        found.setdefault(os.path.realpath(where["file"]), set()).add(key)
    return found


def command_line_findings(programs, timeout):
    """{realpath of a program: {(code, begin, end, severity)}} from `ark check`
    and `ark lint`, with the problems of the files it imports."""
    def findings(paths):
        check = subprocess.run([ark_binary(), "check", "--error-format=json", *paths], capture_output=True,
                               text=True, timeout=timeout)
        assert check.returncode in (0, 255), check.stderr[-2000:]
        lint = subprocess.run([ark_binary(), "lint", "--format", "json", *paths], capture_output=True, text=True,
                              timeout=timeout)
        assert lint.returncode in (0, 1), lint.stderr[-2000:]
        return json.loads(check.stderr) + [d for d in json.loads(lint.stdout) if d["code"].startswith("A")]

    def imports_something(path):
        with open(path, encoding="utf-8", errors="surrogateescape") as f:
            return "(import" in f.read()

    # The programs that import nothing, all at once: each problem is in the
    # file it was found in.
    found = {os.path.realpath(p): set() for p in programs}
    for path, keys in keys_of(findings([p for p in programs if not imports_something(p)])).items():
        found[path] |= keys
    # One run per importing program: the problems of its imports are its own
    # (the server publishes them on the import).
    for path in filter(imports_something, programs):
        for keys in keys_of(findings([path])).values():
            found[os.path.realpath(path)] |= keys
    return found


class CheckParityTest(unittest.TestCase):
    def test_check_lint_and_server_publish_the_same_diagnostics(self):
        programs = sorted(glob.glob(os.path.join(PROGRAMS, "**", "*.ark"), recursive=True))
        self.assertGreater(len(programs), 100)
        texts = {}
        for path in programs:
            with open(path, encoding="utf-8", errors="surrogateescape") as f:
                texts[os.path.realpath(path)] = f.read()
        expected = command_line_findings(programs, DEADLINE * 10)
        seen_codes = {code for keys in expected.values() for (code, *_rest) in keys}
        self.assertTrue(FORMER_CODEGEN_CODES <= seen_codes,
                        "no corpus program for %s" % sorted(FORMER_CODEGEN_CODES - seen_codes))

        server = Server()
        self.addCleanup(server.kill)
        server.result("initialize", {
            "processId": os.getpid(), "rootUri": uri_of(PROGRAMS), "capabilities": {},
            "workspaceFolders": [{"uri": uri_of(PROGRAMS), "name": "programs"}]})
        server.notify("initialized", {})
        for path in programs:
            server.open(uri_of(path), texts[os.path.realpath(path)])

        def published_keys(params):
            path = os.path.realpath(path_of(params["uri"]))
            keys = set()
            for d in params["diagnostics"]:
                where_uri, where = params["uri"], d["range"]
                related = d.get("relatedInformation") or []
                if related and related[0]["message"] == "the problem is here":
                    where_uri, where = related[0]["location"]["uri"], related[0]["location"]["range"]
                where_path = os.path.realpath(path_of(where_uri))
                text = texts.get(where_path)
                if text is None:
                    with open(where_path, encoding="utf-8", errors="surrogateescape") as f:
                        text = texts[where_path] = f.read()
                keys.add((d["code"], byte_offset(text, where["start"]), byte_offset(text, where["end"]),
                          d["severity"]))
            return path, keys

        wanted = {os.path.realpath(path): expected[os.path.realpath(path)] for path in programs}
        # The server publishes the front end's diagnostics first, the lint
        # findings once it is idle: wait until every file's latest
        # publication is the expected one, or report the differences.
        latest = {}
        end = time.monotonic() + DEADLINE * 10
        pending = set(wanted)
        while pending:
            try:
                params = server.wait_notification("textDocument/publishDiagnostics",
                                                  deadline=max(0.1, end - time.monotonic()))
            except Timeout:
                break
            path, keys = published_keys(params)
            if path not in wanted:
                continue
            latest[path] = keys
            if keys == wanted[path]:
                pending.discard(path)
            else:
                pending.add(path)
        differences = []
        for path in sorted(pending):
            got = latest.get(path)
            differences.append("%s:\n  command line: %s\n  server:       %s" % (
                os.path.relpath(path, PROGRAMS), sorted(wanted[path]), "nothing published" if got is None
                else sorted(got)))
        self.assertFalse(differences, "\n".join(differences[:30]))

    def test_running_4_8_programs_get_no_diagnostic(self):
        """Issue #15: a valid 4.8 program gets no false diagnostic. Every program of
        tests/programs/lang48 that runs (no .expected-error) passes `ark check` with
        nothing to say, not even a warning; the test above makes the editor agree."""
        programs = sorted(p for p in glob.glob(os.path.join(PROGRAMS, "lang48", "*.ark"))
                          if not os.path.exists(p[:-len(".ark")] + ".expected-error"))
        self.assertGreater(len(programs), 30)
        noisy = []
        for path in programs:
            check = subprocess.run([ark_binary(), "check", "--error-format=json", path], capture_output=True,
                                   text=True, timeout=DEADLINE * 10, cwd=os.path.dirname(path))
            found = json.loads(check.stderr)
            if check.returncode != 0 or found:
                noisy.append("%s: %s" % (os.path.basename(path), [(d["code"], d["message"]) for d in found]))
        self.assertFalse(noisy, "\n".join(noisy))


if __name__ == "__main__":
    unittest.main()
