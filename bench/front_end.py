#!/usr/bin/env python3
"""The front end's cost on a large program, in instructions (callgrind).

    bench/front_end.py [--ark build/ark] [--vs other/ark] [--lines 20000]

Generates a program of about --lines lines (functions with locals, loops,
branches, tasks, awaits and a lock) and counts the instructions of
`ark check` and `ark lint` on it with valgrind's callgrind, which counts the
same on a busy machine as on an idle one. With --vs, the same for a second
binary and the ratio of the two. Informative only: always exits 0 when the
tools ran.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile


def generate(n_lines):
    lines, names = ["(let guard (lock:new))"], []
    i = 0
    while len(lines) < n_lines:
        name = "compute-%d" % i
        callee = names[(i * 7) % len(names)] if names else "+"
        lines += ["# Computes step %d." % i,
                  "(let %s (fun (alpha beta) {" % name,
                  "  (mut total (%s alpha beta))" % callee,
                  "  (mut index 0)",
                  "  (while (< index 3) {",
                  "    (set total (+ total (* index beta)))",
                  "    (set index (+ index 1)) })",
                  "  (if (> total 100) (print \"big\" total) (print \"small\"))",
                  "  (lock:with guard print total)",
                  "  total }))",
                  "(let task-%d (async %s %d %d))" % (i, name, i, i + 1),
                  "(let value-%d (if (> %d 0) (await task-%d) 0))" % (i, i, i)]
        names.append(name)
        i += 1
    lines.append("(print value-%d)" % (i - 1))
    return "\n".join(lines) + "\n"


def instructions(ark, args, path):
    with tempfile.TemporaryDirectory() as out:
        result = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + os.path.join(out, "cg"),
                                 ark] + args + [path], capture_output=True, text=True)
        found = re.search(r"Collected : (\d+)", result.stderr)
        if not found:
            sys.exit("callgrind failed:\n" + result.stderr[-2000:])
        return int(found.group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ark", default="build/ark")
    parser.add_argument("--vs", help="a second ark binary to compare with")
    parser.add_argument("--lines", type=int, default=20000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "big.ark")
        with open(path, "w") as f:
            f.write(generate(options.lines))
        print("| command | %s |%s" % (options.ark, " %s | ratio |" % options.vs if options.vs else ""))
        print("|---|---|%s" % ("---|---|" if options.vs else ""))
        for args in (["check"], ["lint"]):
            mine = instructions(options.ark, args, path)
            row = "| ark %s (%d lines) | %.1fM |" % (args[0], options.lines, mine / 1e6)
            if options.vs:
                other = instructions(options.vs, args, path)
                row += " %.1fM | %.3f |" % (other / 1e6, mine / other)
            print(row)


if __name__ == "__main__":
    main()
