#!/usr/bin/env python3
"""Times the benchmarks of this folder under ark, CPython and Lua 5.4 and prints a table.

Usage: compare.py [--ark PATH] [--runs N] [--only NAME]

Each benchmark NAME exists as NAME.ark, NAME.py and NAME.lua and prints one result line; the
script runs every available interpreter N times per benchmark, in rounds (ark, CPython, Lua, then
again), reports the median wall time of each and the ratios ark/CPython and ark/Lua, and checks
that the printed results agree. A ratio is the median of the per-round ratios: runs of one round
are next to each other in time, so a machine whose speed drifts (other jobs starting or ending)
moves both sides of a ratio alike. A missing interpreter is skipped. Benchmarks are informative:
this script always exits 0.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BENCHMARKS = ["fib", "loop", "closure", "sort", "strings", "std_list", "std_list_wide", "dict"]
RUN_TIMEOUT_SECONDS = 600


def find_interpreters(ark_path):
    found = {}
    if ark_path and os.access(ark_path, os.X_OK):
        found["ark"] = (".ark", [ark_path, "run"])
    python = shutil.which("python3") or sys.executable
    if python:
        found["python"] = (".py", [python])
    lua = shutil.which("lua5.4") or shutil.which("lua")
    if lua:
        found["lua"] = (".lua", [lua])
    return found


def time_once(command):
    """Returns (seconds, first stdout line) or (None, error text)."""
    start = time.perf_counter()
    try:
        proc = subprocess.run(command, cwd=HERE, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=RUN_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        return None, "timeout"
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        return None, f"exit {proc.returncode}: {message[0] if message else ''}"
    return elapsed, proc.stdout.decode("utf-8", "replace").strip()


def time_rounds(commands, runs):
    """Runs each command once per round, `runs` rounds. Returns {name: [seconds...]} (an empty
    list for a command that failed) and {name: output or error text}."""
    timings = {name: [] for name in commands}
    outputs = {}
    failed = set()
    for _ in range(runs):
        for name, command in commands.items():
            if name in failed:
                continue
            elapsed, output = time_once(command)
            if elapsed is None:
                failed.add(name)
                timings[name] = []
                outputs[name] = f"<{output}>"
                continue
            timings[name].append(elapsed)
            outputs[name] = output
    return timings, outputs


def median(values):
    return statistics.median(values) if values else None


def paired_ratio(numerators, denominators):
    """Median of the per-round ratios."""
    if not numerators or len(numerators) != len(denominators):
        return "-"
    return f"{statistics.median(a / b for a, b in zip(numerators, denominators)):.2f}x"


def seconds(value):
    return "-" if value is None else f"{value:.3f}"


def main():
    parser = argparse.ArgumentParser(description="Compare ark with CPython and Lua 5.4.")
    parser.add_argument("--ark", default=os.path.join(HERE, "..", "build", "ark"),
                        help="path to the ark binary (default: ../build/ark)")
    parser.add_argument("--runs", type=int, default=5, help="runs per benchmark (default 5)")
    parser.add_argument("--only", default=None, help="run only the named benchmark")
    args = parser.parse_args()

    interpreters = find_interpreters(os.path.abspath(args.ark))
    for name in ("ark", "python", "lua"):
        if name not in interpreters:
            print(f"note: {name} not found, skipped", file=sys.stderr)
    names = [b for b in BENCHMARKS if args.only in (None, b)]

    header = f"{'benchmark':<10} {'ark s':>9} {'python s':>9} {'lua s':>9} " \
             f"{'ark/py':>8} {'ark/lua':>8}  result"
    print(f"median of {args.runs} rounds; ratios are medians of the per-round ratios")
    print(header)
    print("-" * len(header))
    for bench in names:
        commands = {}
        for name, (extension, command) in interpreters.items():
            source = os.path.join(HERE, bench + extension)
            if os.path.exists(source):
                commands[name] = command + [source]
        timings, outputs = time_rounds(commands, args.runs)
        distinct = set(outputs.values())
        if len(distinct) == 1:
            verdict = f"ok: {distinct.pop()}"
        else:
            verdict = "MISMATCH " + ", ".join(f"{k}={v!r}" for k, v in outputs.items())
        ark = timings.get("ark", [])
        print(f"{bench:<10} {seconds(median(ark)):>9} {seconds(median(timings.get('python', []))):>9} "
              f"{seconds(median(timings.get('lua', []))):>9} "
              f"{paired_ratio(ark, timings.get('python', [])):>8} "
              f"{paired_ratio(ark, timings.get('lua', [])):>8}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
