#!/usr/bin/env python3
"""Language-server benchmark for typing in a big file (issue #19 §1).

    bench/lsp/typing.py [--ark build/ark] [--lines 10000] [--samples 30] [--imports "std.List std.String std.Math"]

Opens one generated file of about --lines lines (bench.py's program, with a
macro used in every tenth function, unless --no-macro) and times didChange -> the
publishDiagnostics of that version for each kind of edit the issue names,
one edit at a time, each undone by the opposite edit (also timed):

  body      a number in a function body changes (the file stays valid)
  unbound   a name in a body gets an `x` (an unbound name), then loses it
  paren     a `(` is typed in a body (the form is left open), then its `)`
  quote     a `"` is typed in a body (the string is left open), then its `"`
  macro     the argument of a macro's use changes

Each row is one timed step of one kind (e.g. "paren open": the `(` typed,
"paren close": its `)`). Prints one table, p50/p95/max in ms.
"""
import argparse
import os
import random
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from bench import Client, generate, percentile  # noqa: E402

MACRO = "(macro twice (x) (+ x x))\n"


def program(n_lines, imports, rng, macro=True):
    body = generate(n_lines, rng).split("\n")
    out = []
    function = 0
    for line in body:
        if line == "  (mut index 0)":
            function += 1
            if macro and function % 10 == 0:
                line = "  (mut index (twice 0))"
        out.append(line)
    head = "".join("(import %s)\n" % package for package in imports.split())
    return head + (MACRO if macro else "") + "\n".join(out)


class Document:
    def __init__(self, client, uri, text):
        self.client, self.uri, self.lines, self.version = client, uri, text.split("\n"), 1
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "arkscript", "version": 1,
                                                                "text": text}})
        _, self.first_diagnostics = self.wait(1)

    def wait(self, version):
        arrived, message = self.client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                                            and m["params"].get("version") == version)
        return arrived, message["params"]["diagnostics"]

    def replace(self, line, start, end, new_text):
        """Replaces [start, end) of `line` and returns (ms to its diagnostics, the diagnostics)."""
        self.version += 1
        change = {"range": {"start": {"line": line, "character": start}, "end": {"line": line, "character": end}},
                  "text": new_text}
        self.lines[line] = self.lines[line][:start] + new_text + self.lines[line][end:]
        sent = time.perf_counter()
        self.client.notify("textDocument/didChange", {"textDocument": {"uri": self.uri, "version": self.version},
                                                      "contentChanges": [change]})
        arrived, diagnostics = self.wait(self.version)
        return (arrived - sent) * 1000, diagnostics


def lines_with(doc, needle):
    return [i for i, line in enumerate(doc.lines) if needle in line]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ark", default=os.path.join(os.path.dirname(__file__), "..", "..", "build", "ark"))
    parser.add_argument("--lines", type=int, default=10000)
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--imports", default="", help="packages the program imports first, e.g. 'std.List std.String'")
    parser.add_argument("--no-macro", action="store_true", help="no macro in the file (and no `macro` rows)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    text = program(args.lines, args.imports, rng, macro=not args.no_macro)
    client = Client(args.ark)
    client.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {}})
    client.notify("initialized", {})
    doc = Document(client, "file:///tmp/ark-bench/typing.ark", text)
    first = doc.first_diagnostics
    if first:
        print("warning: the generated program has diagnostics:", first[:3], file=sys.stderr)

    rows = []
    bodies = lines_with(doc, "(while (< index 3)")
    beta = lines_with(doc, "(set total (+ total (* index beta)))")
    totals = lines_with(doc, "  total }))")
    uses = lines_with(doc, "(twice 0)")

    def run(kind, lines, make):
        """make(line text) -> steps [(start, end, text, timed name or None, diagnostics expected)]."""
        times, errors = {}, 0
        for _ in range(args.samples):
            line = rng.choice(lines)
            for start, end, new_text, name, broken in make(doc.lines[line]):
                ms, diagnostics = doc.replace(line, start, end, new_text)
                if name:
                    times.setdefault(name, []).append(ms)
                errors += broken != bool(diagnostics)
        for name, samples in times.items():
            rows.append(("%s %s" % (kind, name), samples))
        if errors:
            print("warning: %s: %d steps had unexpected diagnostics" % (kind, errors), file=sys.stderr)

    def body(line):
        at = line.index("3)")
        return [(at, at + 1, "4", "change", False), (at, at + 1, "3", "back", False)]

    def unbound(line):
        at = line.index("beta)))") + len("beta")
        return [(at, at, "x", "break", True), (at, at + 1, "", "mend", False)]

    def paren(line):
        # `  (print total }))`: the form is open; then `  (print total) }))`.
        at = line.index("total }))")
        return [(at, at, "(print ", "open", True), (at + 12, at + 12, ")", "close", False),
                (at, at + 13, "total", None, False)]

    def quote(line):
        # `  "total }))`: the string is open; then `  ""total }))`.
        at = line.index("total }))")
        return [(at, at, '"', "open", True), (at + 1, at + 1, '"', "close", False), (at, at + 2, "", None, False)]

    def macro(line):
        at = line.index("(twice 0)") + len("(twice ")
        return [(at, at + 1, "7", "change", False), (at, at + 1, "0", "back", False)]

    run("body", bodies, body)
    run("unbound", beta, unbound)
    run("paren", totals, paren)
    run("quote", totals, quote)
    if uses:
        run("macro", uses, macro)
    client.close()

    print("ark lsp typing benchmark: %d lines%s, %d samples per step"
          % (len(doc.lines), ", imports " + args.imports if args.imports else "", args.samples))
    print("%-16s %8s %8s %8s" % ("edit", "p50 ms", "p95 ms", "max ms"))
    for name, samples in rows:
        print("%-16s %8.2f %8.2f %8.2f" % (name, statistics.median(samples), percentile(samples, 95), max(samples)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
