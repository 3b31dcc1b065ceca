#!/usr/bin/env python3
"""Language-server benchmark for import chains (issue #19 §4).

    bench/lsp/imports.py [--ark build/ark] [--files 1000] [--edits 30]

Writes a workspace where each file mN.ark (60 small documented functions,
about 300 lines) starts with `(import mN-1:*)` and calls mN-1's functions,
opens the last file in `ark lsp` and measures: open -> first diagnostics;
didChange -> publishDiagnostics for edits in the open file that alternately
introduce and remove an unbound name; the server's RSS (right away and once
idle); and, with the middle
file opened and edited as well, edit in mMIDDLE -> the last file's updated
diagnostics. Prints one table.
"""
import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from bench import Client, percentile  # noqa: E402

FUNCTIONS_PER_FILE = 60
# RSS is read right after the last diagnostics, and again this long after,
# once the server is idle: its lints have run and, after a big build, it has
# given freed memory back to the system (server/free_memory.hpp).
SETTLE_S = 2.0


def file_text(n):
    lines = ["(import m%d:*)" % (n - 1)] if n > 0 else []
    for k in range(FUNCTIONS_PER_FILE):
        inner = "(f%d_%d a b)" % (n - 1, k) if n > 0 else "b"
        lines += ["# f%d_%d adds things" % (n, k),
                  "(let f%d_%d (fun (a b)" % (n, k),
                  "  (if (> a b)",
                  "    (+ a b %d)" % k,
                  "    (* a %s))))" % inner]
    return "\n".join(lines) + "\n"


def write_workspace(root, n_files):
    for n in range(n_files):
        with open(os.path.join(root, "m%d.ark" % n), "w") as out:
            out.write(file_text(n))


def uri_of(root, n):
    return "file://" + os.path.join(root, "m%d.ark" % n)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ark", default=os.path.join(os.path.dirname(__file__), "..", "..", "build", "ark"))
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=30)
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    root = tempfile.mkdtemp(prefix="ark-imports-bench-")
    try:
        write_workspace(root, args.files)
        last, middle = args.files - 1, args.files // 2
        rows = []
        client = Client(args.ark)
        client.request("initialize", {"processId": os.getpid(), "rootUri": "file://" + root, "capabilities": {},
                                      "workspaceFolders": [{"uri": "file://" + root, "name": "chain"}]})
        client.notify("initialized", {})
        text = file_text(last)
        uri = uri_of(root, last)
        sent = time.perf_counter()
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "arkscript", "version": 1,
                                                                "text": text}})
        arrived, first = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                                     and m["params"]["uri"] == uri, timeout=args.timeout)
        rows.append(("open -> first diagnostics", [(arrived - sent) * 1000]))
        if first["params"]["diagnostics"]:
            print("warning: the open file has diagnostics:", first["params"]["diagnostics"][:3], file=sys.stderr)

        # Alternately introduce and remove an unbound name at the end of the file.
        version, samples = 1, []
        end_line = text.count("\n")
        for edit in range(args.edits):
            version += 1
            if edit % 2 == 0:
                change = {"range": {"start": {"line": end_line, "character": 0},
                                    "end": {"line": end_line, "character": 0}}, "text": "(print undefined-name)"}
            else:
                change = {"range": {"start": {"line": end_line, "character": 0},
                                    "end": {"line": end_line, "character": 22}}, "text": ""}
            sent = time.perf_counter()
            client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                     "contentChanges": [change]})
            wanted = version
            arrived, message = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                                           and m["params"]["uri"] == uri and m["params"].get("version") == wanted,
                                           timeout=args.timeout)
            errors = [d for d in message["params"]["diagnostics"] if d.get("severity") == 1]
            if bool(errors) != (edit % 2 == 0):
                print("warning: edit %d: unexpected diagnostics %s" % (edit, errors[:2]), file=sys.stderr)
            samples.append((arrived - sent) * 1000)
        rows.append(("didChange -> diagnostics", samples))
        rss_one = client.rss_mb()
        time.sleep(SETTLE_S)
        rss_one_settled = client.rss_mb()

        # An edit in the middle of the chain reaches the open last file.
        middle_uri, middle_text = uri_of(root, middle), file_text(middle)
        client.notify("textDocument/didOpen", {"textDocument": {"uri": middle_uri, "languageId": "arkscript",
                                                                "version": 1, "text": middle_text}})
        client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                    and m["params"]["uri"] == middle_uri, timeout=args.timeout)
        samples = []
        for edit in range(max(2, args.edits // 5)):
            # Renaming f{middle}_0 breaks the next file's call; the last file
            # does not call it, so what it gets is fresh diagnostics, not new errors.
            new_text = middle_text if edit % 2 else middle_text.replace("(let f%d_0 " % middle, "(let g%d_0 " % middle)
            sent = time.perf_counter()
            client.notify("textDocument/didChange", {"textDocument": {"uri": middle_uri, "version": edit + 2},
                                                     "contentChanges": [{"text": new_text}]})
            arrived, _ = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                                     and m["params"]["uri"] == uri, timeout=args.timeout)
            samples.append((arrived - sent) * 1000)
        rows.append(("edit in m%d -> m%d diagnostics" % (middle, last), samples))
        rss = client.rss_mb()
        time.sleep(SETTLE_S)
        rss_settled = client.rss_mb()
        client.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)

    print("ark lsp import-chain benchmark: %d files of %d lines, the open file imports all of them"
          % (args.files, file_text(1).count("\n")))
    print("%-36s %6s %10s %10s %10s" % ("measure", "n", "p50 ms", "p95 ms", "max ms"))
    for name, samples in rows:
        print("%-36s %6d %10.2f %10.2f %10.2f" % (name, len(samples), statistics.median(samples),
                                                   percentile(samples, 95), max(samples)))
    print("%-36s %6s %10.1f MB, %.1f MB once idle" % ("server RSS, the last file open", "", rss_one, rss_one_settled))
    print("%-36s %6s %10.1f MB, %.1f MB once idle" % ("server RSS, the middle one open too", "", rss, rss_settled))
    return 0


if __name__ == "__main__":
    sys.exit(main())
