#!/usr/bin/env python3
"""Runs the ArkScript program corpus against an `ark` binary.

Usage: run_corpus.py ARK_BINARY [ROOT_DIR ...] [--filter SUBSTRING] [-v]

Every `*.ark` under the roots (default: this script's folder) is a test, except files below a
directory named `modules` (helper packages for import tests). Each test runs as
`ARK_BINARY run FILE` with the file's folder as working directory, stdin from /dev/null and a
60 s timeout. Expectations, next to the program:
  NAME.expected        exact stdout bytes (required)
  NAME.expected-error  only for failing programs: line 1 the error kind (LANGUAGE.md §8.1),
                       optional line 2 a message text: the first stderr line must end with it
                       (runtime errors) or contain it (compile errors)
Without `.expected-error` the program must exit 0 with an empty stderr.
Stdlib only; exits 1 if any test fails.
"""
import argparse
import concurrent.futures
import difflib
import os
import re
import signal
import subprocess
import sys

TIMEOUT_SECONDS = 60
COMPILE_KINDS = {"SyntaxError", "ImportError", "MacroError", "NameError", "MutabilityError",
                 "CompileError"}
RUNTIME_KINDS = {"ScopeError", "TypeError", "IndexError", "DivisionByZero", "AssertionFailed",
                 "VMError", "ValueError", "IOError", "ModuleError"}
# ArityError is a compile error for operators and `and`/`or`, a runtime error for user functions.
EITHER_KINDS = {"ArityError"}


def find_programs(roots):
    programs = []
    for root in roots:
        root = os.path.abspath(root)
        if os.path.isfile(root) and root.endswith(".ark"):
            programs.append(root)
            continue
        for folder, dirs, files in os.walk(root):
            # Helper packages are never tests; prune them (and hidden/cache folders) here.
            dirs[:] = sorted(d for d in dirs
                             if d != "modules" and not d.startswith(".") and d != "__arkscript__")
            for name in sorted(files):
                # Hidden files are never tests (editors' and tools' scratch
                # copies), as hidden folders are not.
                if name.endswith(".ark") and not name.startswith("."):
                    programs.append(os.path.join(folder, name))
    return sorted(set(programs))


def first_difference(expected, actual):
    """One short line describing where two byte strings first differ."""
    exp_lines = expected.decode("utf-8", "replace").splitlines(keepends=True)
    act_lines = actual.decode("utf-8", "replace").splitlines(keepends=True)
    for index in range(max(len(exp_lines), len(act_lines))):
        exp = exp_lines[index] if index < len(exp_lines) else "<end of output>"
        act = act_lines[index] if index < len(act_lines) else "<end of output>"
        if exp != act:
            return f"stdout line {index + 1}: expected {exp!r}, got {act!r}"
    return "stdout differs"


def full_diff(expected, actual):
    exp_lines = expected.decode("utf-8", "replace").splitlines(keepends=True)
    act_lines = actual.decode("utf-8", "replace").splitlines(keepends=True)
    return "".join(difflib.unified_diff(exp_lines, act_lines, "expected", "actual"))


def read_expected_error(path):
    with open(path, encoding="utf-8") as handle:
        lines = [line.rstrip("\r\n") for line in handle.read().splitlines()]
    lines = [line for line in lines if line.strip()]
    kind = lines[0].strip() if lines else ""
    message = lines[1] if len(lines) > 1 else None
    return kind, message


def check_error(kind, message, returncode, stderr_text):
    """Returns a list of problems (empty when the failure is the expected one)."""
    problems = []
    if kind in COMPILE_KINDS:
        allowed = {255}
    elif kind in RUNTIME_KINDS:
        allowed = {1}
    elif kind in EITHER_KINDS:
        allowed = {1, 255}
    else:
        allowed = None  # unknown kind: any non-zero status
    if returncode == 0:
        problems.append(f"exit status 0, expected {kind}")
    elif allowed is not None and returncode not in allowed:
        problems.append(f"exit status {returncode}, expected {sorted(allowed)} for {kind}")
    first_line = stderr_text.splitlines()[0] if stderr_text.splitlines() else ""
    plain = first_line.startswith(kind + ":")
    located = re.match(r"^[^:]+:\d+:\d+: " + re.escape(kind) + r"(\[[A-Z0-9]+\])?:", first_line)
    if not (plain or located):
        problems.append(f"first stderr line {first_line!r} does not report {kind}")
    if message is not None and first_line:
        compile_error = kind in COMPILE_KINDS or (kind in EITHER_KINDS and returncode == 255)
        if compile_error:
            if message not in first_line:
                problems.append(f"first stderr line {first_line!r} does not contain {message!r}")
        elif not first_line.rstrip().endswith(message):
            problems.append(f"first stderr line {first_line!r} does not end with {message!r}")
    return problems


def run_one(ark, program):
    base = program[:-len(".ark")]
    expected_path = base + ".expected"
    error_path = base + ".expected-error"
    if not os.path.exists(expected_path):
        return program, [f"missing {os.path.basename(expected_path)}"], ""
    with open(expected_path, "rb") as handle:
        expected = handle.read()
    try:
        proc = subprocess.run([ark, "run", program], cwd=os.path.dirname(program),
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        return program, [f"timed out after {TIMEOUT_SECONDS} s"], ""
    except OSError as error:
        return program, [f"could not run {ark}: {error}"], ""
    stderr_text = proc.stderr.decode("utf-8", "replace")
    problems = []
    details = ""
    if proc.stdout != expected:
        problems.append(first_difference(expected, proc.stdout))
        details = full_diff(expected, proc.stdout)
    if os.path.exists(error_path):
        kind, message = read_expected_error(error_path)
        problems += check_error(kind, message, proc.returncode, stderr_text)
    else:
        if proc.returncode != 0:
            problems.append(f"exit status {proc.returncode}, expected 0")
        if stderr_text:
            problems.append(f"stderr not empty: {stderr_text.splitlines()[0]!r}")
    if problems and stderr_text:
        details += "stderr:\n" + "".join("  " + line + "\n"
                                         for line in stderr_text.splitlines()[:8])
    return program, problems, details


def main():
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into `head`
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description="Run the ArkScript program corpus.")
    parser.add_argument("ark", help="path to the ark binary")
    parser.add_argument("roots", nargs="*", help="folders (or .ark files) to search; "
                        "default: the folder of this script")
    parser.add_argument("--filter", default=None,
                        help="only run programs whose path contains SUBSTRING")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="list passing programs and show full diffs of failures")
    args = parser.parse_args()

    ark = os.path.abspath(args.ark) if os.path.exists(args.ark) else args.ark
    if os.path.sep in args.ark and not os.access(ark, os.X_OK):
        print(f"run_corpus: {args.ark} is not an executable file", file=sys.stderr)
        return 2
    programs = find_programs(args.roots or [here])
    if args.filter:
        programs = [p for p in programs if args.filter in p]
    if not programs:
        print("run_corpus: no programs found", file=sys.stderr)
        return 2

    passed = failed = 0
    workers = os.cpu_count() or 1
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        results = pool.map(lambda program: run_one(ark, program), programs)
        for program, problems, details in results:
            shown = os.path.relpath(program)
            if problems:
                failed += 1
                print(f"FAIL {shown}: " + "; ".join(problems))
                if args.verbose and details:
                    print("".join("    " + line + "\n" for line in details.splitlines()))
            else:
                passed += 1
                if args.verbose:
                    print(f"ok   {shown}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
