#!/usr/bin/env python3
"""Runs the examples written in the doc comments of the standard library (std/*.ark).

Usage: run_doc_examples.py ARK_BINARY [-j JOBS] [-v] [MODULE ...]

An example is a comment line of the form

    # (call ...) => expected

anywhere in std/<Module>.ark: `#`, optional spaces, one balanced expression starting with `(`
(strings and nested brackets are honoured when looking for its end), then ` => `, then the
expected text up to the end of the line (trailing spaces ignored).

For each example a tiny program is written to a temporary directory and run as
`ARK run FILE` with the environment variable ARKSCRIPT_PATH=<repository root>, so that
`std.List` resolves to <root>/std/List.ark:

    (import std.<Module>)
    (let _doc_example_result (call ...))
    (if (= "String" (type _doc_example_result))
      (print "\"" _doc_example_result "\"")
      (print _doc_example_result))

Comparison rule (the "printed value" rule):
  * the result is printed as `print` shows it (LANGUAGE.md §5.4): numbers in shortest form,
    lists as `[1 "a" nil]` with the strings inside them quoted, closures as `(.f=v ...)`;
  * a top-level String result is printed wrapped in double quotes and NOT escaped, so
    `=> "abc"` means the string abc and `=> "say "hi""` the string say "hi". A result that
    is not a string never gets quotes, so `=> 12` and `=> "12"` are different expectations;
  * the expected text is compared with the LAST line of the program's standard output (an
    example may print things before its result, e.g. a test suite's summary line); trailing
    spaces are ignored on both sides;
  * the program must exit with status 0 and write nothing to stderr.

The examples run in parallel (concurrent.futures); every mismatch is listed with its file and
line, then one summary line is printed. Exit status: 0 if all examples pass, 1 otherwise,
2 on bad usage.
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STD = os.path.join(ROOT, "std")
TIMEOUT = 30  # seconds per example


def balanced_end(text, start):
    """Index just after the expression that starts with '(' at `start`, or -1."""
    depth = 0
    i = start
    in_string = False
    while i < len(text):
        c = text[i]
        if in_string:
            if c == "\\":
                i += 2
                continue
            if c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                return i + 1
        elif c == "#":  # a comment inside the example: give up on this line
            return -1
        i += 1
    return -1


EXAMPLE_START = re.compile(r"^\s*#\s*(?=\()")


def parse_examples(path):
    module = os.path.splitext(os.path.basename(path))[0]
    found = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            m = EXAMPLE_START.match(line)
            if not m:
                continue
            start = m.end()
            end = balanced_end(line, start)
            if end < 0 or not line.startswith(" => ", end):
                continue
            call = line[start:end]
            expected = line[end + 4:].rstrip()
            found.append({"file": os.path.relpath(path, ROOT), "line": lineno,
                          "module": module, "call": call, "expected": expected})
    return found


def program_for(ex):
    return (f"(import std.{ex['module']})\n"
            f"(let _doc_example_result {ex['call']})\n"
            "(if (= \"String\" (type _doc_example_result))\n"
            "  (print \"\\\"\" _doc_example_result \"\\\"\")\n"
            "  (print _doc_example_result))\n")


def run_example(ark, tmpdir, index, ex):
    path = os.path.join(tmpdir, f"example_{index}.ark")
    with open(path, "w", encoding="utf-8") as f:
        f.write(program_for(ex))
    env = dict(os.environ)
    env["ARKSCRIPT_PATH"] = ROOT
    env["NOCOLOR"] = "1"
    try:
        proc = subprocess.run([ark, "run", path], cwd=tmpdir, env=env, capture_output=True,
                              timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return False, f"timed out after {TIMEOUT}s"
    out = proc.stdout.decode("utf-8", "replace")
    err = proc.stderr.decode("utf-8", "replace").strip()
    lines = out.rstrip("\n").split("\n") if out else [""]
    got = lines[-1].rstrip()
    problems = []
    if proc.returncode != 0:
        problems.append(f"exit status {proc.returncode}")
    if err:
        problems.append("stderr: " + err.splitlines()[0])
    if got != ex["expected"]:
        problems.append(f"expected {ex['expected']!r}, got {got!r}")
    return not problems, "; ".join(problems)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("ark", help="path to the ark binary")
    ap.add_argument("modules", nargs="*", help="only these modules (e.g. List String)")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 4)
    ap.add_argument("-v", "--verbose", action="store_true", help="list passing examples too")
    args = ap.parse_args()
    if not (os.path.isfile(args.ark) and os.access(args.ark, os.X_OK)):
        print(f"error: {args.ark} is not an executable file", file=sys.stderr)
        return 2
    ark = os.path.abspath(args.ark)

    files = sorted(f for f in os.listdir(STD) if f.endswith(".ark"))
    if args.modules:
        files = [f for f in files if os.path.splitext(f)[0] in args.modules]
    examples = []
    for f in files:
        examples.extend(parse_examples(os.path.join(STD, f)))
    if not examples:
        print("error: no examples found", file=sys.stderr)
        return 2

    failures = []
    with tempfile.TemporaryDirectory(prefix="ark_doc_examples_") as tmpdir:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = {pool.submit(run_example, ark, tmpdir, i, ex): ex
                       for i, ex in enumerate(examples)}
            results = []
            for fut in concurrent.futures.as_completed(futures):
                ex = futures[fut]
                ok, why = fut.result()
                results.append((ex, ok, why))
    results.sort(key=lambda r: (r[0]["file"], r[0]["line"]))
    for ex, ok, why in results:
        if not ok:
            failures.append(ex)
            print(f"FAIL {ex['file']}:{ex['line']}: {ex['call']}\n     {why}")
        elif args.verbose:
            print(f"ok   {ex['file']}:{ex['line']}: {ex['call']}")
    passed = len(results) - len(failures)
    print(f"doc examples: {passed} passed, {len(failures)} failed, {len(results)} total "
          f"({len(files)} modules)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
