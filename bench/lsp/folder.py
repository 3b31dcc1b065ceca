#!/usr/bin/env python3
"""Language-server benchmark for a folder of files with the same imports (issue #19 §4).

    bench/lsp/folder.py [--ark build/ark] [--files 200] [--open 10] [--imports std.Prelude]

Writes a workspace folder of --files files that each begin with the same
imports (in ArkScript 4.8 nearly every file begins with `(import std.Prelude)`
or a few `(import std.X)`) and hold 10 small functions that use them, then
times, in one `ark lsp` session: opening --open of them one after another
(open -> first diagnostics, each); a workspace/diagnostic report of every file;
and the server's RSS with those files open, once idle. Since session 11 such
files share one analysis of their imports (server/preamble_cache.hpp): the
first open builds it, the others take it.
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


def file_text(n, imports):
    lines = ["(import %s)" % package for package in imports.split()]
    for k in range(10):
        lines += ["# g%d_%d sums a list" % (n, k),
                  "(let g%d_%d (fun (xs)" % (n, k),
                  "  (list:reduce (list:map xs (fun (x) (+ x %d))) (fun (a b) (+ a b)))))" % k]
    lines.append("(print (g%d_0 [1 2 3]))" % n)
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ark", default=os.path.join(os.path.dirname(__file__), "..", "..", "build", "ark"))
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--open", type=int, default=10)
    parser.add_argument("--imports", default="std.Prelude")
    args = parser.parse_args()
    root = tempfile.mkdtemp(prefix="ark-folder-bench-")
    try:
        for n in range(args.files):
            with open(os.path.join(root, "f%d.ark" % n), "w") as out:
                out.write(file_text(n, args.imports))
        client = Client(args.ark)
        client.request("initialize", {"processId": os.getpid(), "rootUri": "file://" + root, "capabilities": {},
                                      "workspaceFolders": [{"uri": "file://" + root, "name": "folder"}]})
        client.notify("initialized", {})
        opens = []
        for n in range(args.open):
            uri = "file://" + os.path.join(root, "f%d.ark" % n)
            sent = time.perf_counter()
            client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "arkscript", "version": 1,
                                                                    "text": file_text(n, args.imports)}})
            arrived, message = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                                           and m["params"]["uri"] == uri)
            if message["params"]["diagnostics"]:
                print("warning: f%d has diagnostics: %s" % (n, message["params"]["diagnostics"][:2]), file=sys.stderr)
            opens.append((arrived - sent) * 1000)
        report_ms, report = client.request("workspace/diagnostic", {"previousResultIds": []})
        if len(report["items"]) != args.files:
            print("warning: the report has %d files" % len(report["items"]), file=sys.stderr)
        time.sleep(2)  # idle: lints done, free memory given back
        rss = client.rss_mb()
        client.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print("ark lsp folder benchmark: %d files beginning with (import %s), %d opened"
          % (args.files, ") (import ".join(args.imports.split()), args.open))
    print("%-36s %6s %10s %10s %10s" % ("measure", "n", "p50 ms", "p95 ms", "max ms"))
    for name, samples in [("open -> diagnostics, the first file", opens[:1]),
                          ("open -> diagnostics, the others", opens[1:] or opens[:1]),
                          ("workspace/diagnostic, every file", [report_ms])]:
        print("%-36s %6d %10.2f %10.2f %10.2f" % (name, len(samples), statistics.median(samples),
                                                   percentile(samples, 95), max(samples)))
    print("%-36s %6s %10.1f MB" % ("server RSS, once idle", "", rss))
    return 0


if __name__ == "__main__":
    sys.exit(main())
