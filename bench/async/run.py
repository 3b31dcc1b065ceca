#!/usr/bin/env python3
"""Async benchmark: 4 CPU-bound fib(27) tasks sequential vs parallel in
ArkScript futures, Python threading (GIL) and multiprocessing, and Lua
(sequential only); plus the cost of (await (async f)) for a trivial f.
Prints wall-clock medians and speed-ups. Never fails CI.

usage: run.py [--ark PATH] [--runs N]
"""
import argparse
import pathlib
import shutil
import statistics
import subprocess
import time

HERE = pathlib.Path(__file__).resolve().parent


def median_time(cmd, runs):
    times, out = [], ""
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ark", default=str(HERE.parent.parent / "build" / "ark"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rows = []
    seq, out1 = median_time([args.ark, "run", str(HERE / "fib_seq.ark")], args.runs)
    par, out2 = median_time([args.ark, "run", str(HERE / "fib_async.ark")], args.runs)
    rows.append(("ArkScript futures", seq, par, out1 == out2))
    py = shutil.which("python3")
    pseq, o1 = median_time([py, str(HERE / "fib_py.py"), "seq"], args.runs)
    pthr, o2 = median_time([py, str(HERE / "fib_py.py"), "threads"], args.runs)
    pmp, o3 = median_time([py, str(HERE / "fib_py.py"), "processes"], args.runs)
    rows.append(("Python threading", pseq, pthr, o1 == o2))
    rows.append(("Python multiprocessing", pseq, pmp, o1 == o3))
    lua = shutil.which("lua5.4")
    print(f"{'4 x fib(27)':24} {'sequential s':>12} {'parallel s':>11} {'speed-up':>9}")
    for name, s, p, same in rows:
        print(f"{name:24} {s:12.3f} {p:11.3f} {s / p:8.2f}x{'' if same else '  (outputs differ!)'}")
    if lua:
        lseq, _ = median_time([lua, str(HERE / "fib_seq.lua")], args.runs)
        print(f"{'Lua 5.4 (no threads)':24} {lseq:12.3f} {'-':>11} {'-':>9}")
    _, cost = median_time([args.ark, "run", str(HERE / "await_cost.ark")], args.runs)
    print(f"(await (async f)) round trip for a trivial f: {float(cost.split()[1]):.1f} microseconds")
    _, cost = median_time([args.ark, "run", str(HERE / "await_cost_prelude.ark")], args.runs)
    print(f"  the same with (import std.Prelude): {float(cost.split()[1]):.1f} microseconds")


if __name__ == "__main__":
    main()
