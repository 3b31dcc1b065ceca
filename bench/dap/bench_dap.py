#!/usr/bin/env python3
"""Debugger figures through the real `ark dap` (tests/dap's client):

  - breakpoint hit -> `stopped` event: a loop hits a line breakpoint on every
    iteration; each sample is `continue` sent -> the next `stopped` received
    (so it includes one request, one loop iteration and the event);
  - a step round trip: `next` sent -> `stopped` received;
  - stackTrace + scopes + variables (Locals and Globals) on a 100-frame stack;
  - the debuggee with no breakpoint hit vs `ark run`: wall time of a whole
    session (launch to `terminated`, one breakpoint set on a line never
    reached) over `ark run` of the same program, bench/fib.ark and bench/loop.ark.

Usage: bench/dap/bench_dap.py ARK [--runs N]. Prints medians (ms).
"""
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "dap"))


def median_ms(samples):
    return statistics.median(samples) * 1000


def main():
    os.environ["ARK_BINARY"] = os.path.abspath(sys.argv[1])
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 5
    import dap_client
    from dap_client import Adapter

    def start(path, **kw):
        a = Adapter()
        a.request("initialize", {"adapterID": "arkscript"})
        a.request("launch", {"program": path, **kw})
        a.event("initialized")
        return a

    # --- breakpoint hit latency and step round trips
    spin = os.path.join(HERE, "spin.ark")
    body = [n for n, line in enumerate(open(spin), 1) if "# body" in line][0]
    a = start(spin)
    a.request("setBreakpoints", {"source": {"path": spin}, "breakpoints": [{"line": body}]})
    a.request("configurationDone")
    thread = a.stopped(reason="breakpoint")["threadId"]
    hits, steps = [], []
    for _ in range(200):
        t0 = time.perf_counter()
        a.send("continue", {"threadId": thread})
        a.stopped(reason="breakpoint")
        hits.append(time.perf_counter() - t0)
    a.request("setBreakpoints", {"source": {"path": spin}, "breakpoints": []})
    for _ in range(200):
        t0 = time.perf_counter()
        a.send("next", {"threadId": thread})
        a.stopped(reason="step")
        steps.append(time.perf_counter() - t0)
    a.request("terminate", {})
    a.event("terminated")
    a.request("disconnect", {})
    a.close()

    # --- 100 frames
    deep = os.path.join(HERE, "deep.ark")
    a = start(deep)
    a.request("configurationDone")
    thread = a.stopped(reason="breakpoint")["threadId"]
    inspect = []
    frames = 0
    for _ in range(50):
        t0 = time.perf_counter()
        trace = a.request("stackTrace", {"threadId": thread})["stackFrames"]
        scopes = a.request("scopes", {"frameId": trace[0]["id"]})["scopes"]
        for s in scopes:
            a.request("variables", {"variablesReference": s["variablesReference"]})
        inspect.append(time.perf_counter() - t0)
        frames = len(trace)
    a.request("continue", {"threadId": thread})
    a.finish()

    print("breakpoint hit -> stopped (continue round trip): median %.3f ms" % median_ms(hits))
    print("step round trip (next -> stopped):               median %.3f ms" % median_ms(steps))
    print("stackTrace+scopes+variables, %d frames:         median %.3f ms" % (frames, median_ms(inspect)))

    # --- no breakpoint hit vs ark run
    for name in ("fib.ark", "loop.ark"):
        path = os.path.join(ROOT, "bench", name)
        plain, debugged = [], []
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run([os.environ["ARK_BINARY"], "run", path], stdout=subprocess.DEVNULL, check=True)
            plain.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            a = start(path)
            a.request("setBreakpoints", {"source": {"path": path}, "breakpoints": [{"line": 10000}]})
            a.request("configurationDone")
            a.event("terminated")
            debugged.append(time.perf_counter() - t0)
            a.request("disconnect", {})
            a.close()
        print("%-9s ark run %8.1f ms   under ark dap %8.1f ms   ratio %.2f" %
              (name, median_ms(plain), median_ms(debugged), median_ms(debugged) / median_ms(plain)))


if __name__ == "__main__":
    main()
