#!/usr/bin/env python3
"""Async stress suite: runs every tests/stress/*.ark with the given ark binary
and compares stdout with NAME.expected (line order ignored when NAME.unordered
exists, for programs whose threads print concurrently). Any output on stderr
fails the run, which is how a ThreadSanitizer report (printed to stderr) fails
it under the TSan build.

usage: run_stress.py ARK [--repeat N]
"""
import pathlib
import subprocess
import sys


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    ark = sys.argv[1]
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 1
    here = pathlib.Path(__file__).resolve().parent
    failures = 0
    programs = sorted(here.glob("*.ark"))
    for program in programs:
        expected = program.with_suffix(".expected").read_text()
        unordered = program.with_suffix(".unordered").exists()
        for attempt in range(repeat):
            try:
                run = subprocess.run([ark, "run", str(program)], capture_output=True, text=True,
                                     timeout=600, stdin=subprocess.DEVNULL)
            except subprocess.TimeoutExpired:
                print(f"FAIL {program.name}: timed out")
                failures += 1
                break
            out = run.stdout
            if unordered:
                out = "".join(sorted(out.splitlines(keepends=True)))
            problems = []
            if run.returncode != 0:
                problems.append(f"exit status {run.returncode}")
            if out != expected:
                problems.append("stdout differs from the expected output")
            if run.stderr:
                problems.append("stderr: " + run.stderr[:2000])
            if problems:
                print(f"FAIL {program.name} (run {attempt + 1}): " + "; ".join(problems))
                failures += 1
                break
    print(f"stress: {len(programs) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
