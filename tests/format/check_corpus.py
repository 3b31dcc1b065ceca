#!/usr/bin/env python3
"""Checks `ark fmt` on every program of the repository.

Usage: check_corpus.py ARK_BINARY [FILE_OR_DIR ...] [-v]

For every `.ark` file under tests/programs/ and std/ (or the given paths) that `ark fmt -`
accepts (files with syntax errors are skipped: they are expected to fail), checks that
  - formatting is idempotent: formatting the output again gives the same text;
  - comments are preserved: the multiset of comment texts (trailing blanks aside) is equal;
  - the program is the same: `ark disasm` of the formatted text, written to a temporary copy
    of the original's folder tree (imports resolve relative to the main file's folder; the
    repository is never written to, so suites running alongside see only its own files), equals
    `ark disasm` of the original; when the original does not compile, the formatted text must
    fail the same way (same exit status, same messages once positions are removed).
Before the corpus, the command line itself is checked in a temporary folder: `--check` lists
the files that would change and exits 1, `ark fmt FILE` rewrites only changed files, and a file
with a syntax error is reported (exit 255) and left untouched.
Stdlib only; exits 1 if any check fails.
"""
import argparse
import collections
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TIMEOUT_SECONDS = 60


def find_files(paths):
    found = []
    for path in paths:
        if os.path.isfile(path):
            found.append(os.path.abspath(path))
            continue
        for folder, dirs, files in os.walk(os.path.abspath(path)):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__arkscript__")
            found.extend(os.path.join(folder, f) for f in sorted(files) if f.endswith(".ark"))
    return sorted(set(found))


def comments(text):
    """The comment texts of a program, found by a scan that skips string literals."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
            i += 1
        elif c == "#":
            end = text.find("\n", i)
            end = n if end < 0 else end
            out.append(text[i:end].rstrip(" \t\r\v\f"))
            i = end
        else:
            i += 1
    return collections.Counter(out)


def run(args, stdin=None, cwd=None):
    proc = subprocess.run(args, input=stdin, capture_output=True, timeout=TIMEOUT_SECONDS, cwd=cwd)
    return proc.returncode, proc.stdout, proc.stderr


POSITION = re.compile(rb"[^\s:]*\.ark:\d+(:\d+)?|line \d+|\b\d+:\d+\b")


def without_positions(stderr):
    return POSITION.sub(b"<pos>", stderr)


def disasm(ark, path):
    folder = os.path.dirname(path)
    code, out, err = run([ark, "disasm", os.path.basename(path)], cwd=folder)
    return code, out, without_positions(err).replace(os.path.basename(path).encode(), b"<file>")


def check(ark, path, mirrors):
    """Returns (status, message): status is 'ok', 'skip' or 'fail'."""
    with open(path, "rb") as f:
        original = f.read()
    code, formatted, err = run([ark, "fmt", "-"], stdin=original)
    if code == 255:
        return "skip", "syntax error"
    if code != 0:
        return "fail", f"ark fmt - exited {code}: {err.decode(errors='replace').strip()}"
    code, again, err = run([ark, "fmt", "-"], stdin=formatted)
    if code != 0:
        return "fail", f"formatted output does not format again (exit {code}): {err.decode(errors='replace')[:500]}"
    if again != formatted:
        return "fail", "not idempotent:\n" + first_difference(formatted, again)
    before = comments(original.decode("utf-8", "replace"))
    after = comments(formatted.decode("utf-8", "replace"))
    if before != after:
        lost = list((before - after).elements())[:3]
        gained = list((after - before).elements())[:3]
        return "fail", f"comments differ: lost {lost}, gained {gained}"
    temp = os.path.join(os.path.dirname(scratch_path(path, mirrors)), f".fmt-check-{uuid.uuid4().hex}.ark")
    try:
        with open(temp, "wb") as f:
            f.write(formatted)
        expected = disasm(ark, path)
        actual = disasm(ark, temp)
    finally:
        os.remove(temp)
    if expected[0] != actual[0] or expected[1] != actual[1]:
        return "fail", "disasm differs:\n" + first_difference(expected[1], actual[1])
    if expected[0] != 0 and expected[2] != actual[2]:
        return "fail", f"compile errors differ:\n{expected[2][:300]!r}\n{actual[2][:300]!r}"
    return "ok", ""


def mirror_trees(paths, scratch):
    """Copies each folder of `paths` under `scratch`, so that the formatted copy of a program
    can sit beside copies of the modules it imports. Returns {tree: its copy}."""
    mirrors = {}
    for index, path in enumerate(paths):
        if os.path.isdir(path):
            copy = os.path.join(scratch, str(index))
            shutil.copytree(path, copy, ignore=shutil.ignore_patterns("__arkscript__", ".*"))
            mirrors[os.path.abspath(path)] = copy
    return mirrors


def scratch_path(path, mirrors):
    """Where the formatted copy of `path` goes: the same place in its tree's copy (beside the
    original only for a file given by itself on the command line)."""
    for tree, copy in mirrors.items():
        if path.startswith(tree + os.sep):
            return os.path.join(copy, os.path.relpath(path, tree))
    return path


def first_difference(a, b):
    la = a.decode("utf-8", "replace").splitlines()
    lb = b.decode("utf-8", "replace").splitlines()
    for k in range(max(len(la), len(lb))):
        x = la[k] if k < len(la) else "<end>"
        y = lb[k] if k < len(lb) else "<end>"
        if x != y:
            return f"  line {k + 1}:\n    {x!r}\n    {y!r}"
    return "  (same lines, different line endings)"


def check_command_line(ark):
    """Returns a list of failure messages for the `ark fmt` command line."""
    failures = []
    with tempfile.TemporaryDirectory() as folder:
        def write(name, text):
            path = os.path.join(folder, name)
            with open(path, "w") as f:
                f.write(text)
            return path

        def read(path):
            with open(path) as f:
                return f.read()

        clean = write("clean.ark", "(print 1)\n")
        messy = write("messy.ark", "(print   1)")
        broken = write("broken.ark", "(print   1")
        code, out, _ = run([ark, "fmt", "--check", clean, messy])
        if code != 1 or out.decode().split() != [messy]:
            failures.append(f"--check: expected exit 1 listing {messy}, got {code} {out!r}")
        if read(messy) != "(print   1)":
            failures.append("--check changed a file")
        code, out, _ = run([ark, "fmt", "--check", clean])
        if code != 0 or out:
            failures.append(f"--check on a formatted file: expected exit 0 and no output, got {code} {out!r}")
        before = os.stat(clean).st_mtime_ns
        code, _, err = run([ark, "fmt", clean, messy])
        if code != 0 or read(messy) != "(print 1)\n":
            failures.append(f"fmt FILE: expected exit 0 and a rewritten file, got {code} {read(messy)!r} {err!r}")
        if os.stat(clean).st_mtime_ns != before:
            failures.append("fmt FILE rewrote a file that was already formatted")
        code, _, err = run([ark, "fmt", broken])
        if code != 255 or b"SyntaxError" not in err or read(broken) != "(print   1":
            failures.append(f"fmt on a syntax error: expected exit 255, a diagnostic and no change, got {code} {err!r}")
        code, out, _ = run([ark, "fmt", "-"], stdin=b"{(a)   (b)}")
        if code != 0 or out != b"{ (a) (b) }\n":
            failures.append(f"fmt -: got {code} {out!r}")
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ark")
    parser.add_argument("paths", nargs="*")
    parser.add_argument("-v", "--verbose", action="store_true")
    options = parser.parse_args()
    ark = os.path.abspath(options.ark)
    paths = options.paths or [os.path.join(ROOT, "tests", "programs"), os.path.join(ROOT, "std")]
    files = find_files(paths)
    counts = collections.Counter()
    failures = check_command_line(ark)
    for message in failures:
        print(f"FAIL command line: {message}")
    with tempfile.TemporaryDirectory() as scratch, \
            concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        mirrors = mirror_trees(paths, scratch)
        for path, (status, message) in zip(files, pool.map(lambda p: check(ark, p, mirrors), files)):
            counts[status] += 1
            rel = os.path.relpath(path, ROOT)
            if status == "fail":
                failures.append(rel)
                print(f"FAIL {rel}: {message}")
            elif options.verbose:
                print(f"{status.upper()} {rel}")
    print(f"format command line: {'failed' if failures else 'ok'}")
    print(f"format corpus: {counts['ok']} ok, {counts['skip']} skipped (syntax errors), {counts['fail']} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
