#!/usr/bin/env python3
"""Fault tests against the real binary: VM limits, hostile input, server faults.

Usage: run_faults.py ARK_BINARY [-k SUBSTRING]

Every case must end cleanly: an ArkScript error or result, never a signal, a
sanitizer report or a hang. Server cases spawn `ark lsp` (tests/lsp/lsp_client.py)
in a scratch workspace and check afterwards that it still answers a hover, that
its resident memory is back near the baseline, and that no file was touched.
Stdlib only; exits 1 if any case fails.
"""
import hashlib
import os
import re
import resource
import subprocess
import sys
import tempfile
import time

ARK = None
DEADLINE = 120  # seconds per command or request: the machine may be busy (CI runs this under ASan, in parallel)

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "lsp"))
# Every wait of the LSP client (initialize, shutdown, requests without an
# explicit deadline) gets the same generous bound: its default of 10 s is
# missed by a sanitized server on a loaded machine (1000 queued changes, a
# shutdown after a 256 MiB run).
os.environ.setdefault("ARK_LSP_TEST_DEADLINE", str(DEADLINE))
import lsp_client  # noqa: E402
# Reports, not ASan's "WARNING: ... failed to allocate" when an allocation over
# the limit is refused on purpose (allocator_may_return_null, see run_ark).
SANITIZER_MARKS = ("ERROR: AddressSanitizer", "runtime error:", "ERROR: LeakSanitizer", "ThreadSanitizer")
CASES = []


def case(function):
    CASES.append(function)
    return function


def is_address_sanitized(binary):
    """An ASan build maps terabytes of shadow memory, so an address-space
    limit (RLIMIT_AS) stops it at start-up: such a build gets the limit from
    ASan's allocator instead (see run_ark)."""
    try:
        linked = subprocess.run(["ldd", binary], capture_output=True, text=True).stdout
    except OSError:
        return False
    return "libasan" in linked


def run_ark(args, cwd, memory_limit=None, stdin=None):
    env = None
    if memory_limit and is_address_sanitized(ARK):
        # ASan's allocator ends the process when a `new` is refused (it throws
        # only from malloc-based allocators): the run gets the limit as its
        # allocation budget instead (ark run --max-memory), which refuses
        # before the heap is asked, and malloc may return null beyond it.
        options = os.environ.get("ASAN_OPTIONS", "")
        env = dict(os.environ, ASAN_OPTIONS=":".join(filter(None, [options, "allocator_may_return_null=1"])))
        if args and args[0] == "run":
            args = ["run", "--max-memory", str(memory_limit >> 20), *args[1:]]
        memory_limit = None

    def limit():
        if memory_limit:
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    proc = subprocess.run([ARK, *args], cwd=cwd, capture_output=True, timeout=DEADLINE, preexec_fn=limit,
                          input=stdin, env=env)
    out, err = proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
    assert proc.returncode >= 0, "killed by signal %d; stderr:\n%s" % (-proc.returncode, err[-2000:])
    # Compile errors exit with 255; 128+N would be a shell's way of saying signal N.
    assert proc.returncode < 128 or proc.returncode == 255, "exit status %d; stderr:\n%s" % (
        proc.returncode, err[-2000:])
    for mark in SANITIZER_MARKS:
        assert mark not in err, "sanitizer report:\n" + err[-4000:]
    return proc.returncode, out, err


def run_program(folder, text, memory_limit=None):
    path = os.path.join(folder, "main.ark")
    with open(path, "w") as f:
        f.write(text)
    return run_ark(["run", path], folder, memory_limit)


def expect_output(folder, text, expected):
    status, out, err = run_program(folder, text)
    assert status == 0 and out == expected, "%r: status %d, output %r, stderr %r" % (text, status, out, err[:500])


def expect_error(folder, text, kind, memory_limit=None):
    status, out, err = run_program(folder, text, memory_limit)
    assert status != 0 and kind in err, "%r: wanted %s; status %d, stderr %r" % (text, kind, status, err[:800])


# ---------------------------------------------------------------- VM limits

@case
def deep_recursion_is_a_vm_error(folder):
    expect_error(folder, "(let f (fun (n) (+ 1 (f (+ n 1)))))\n(f 0)\n", "VMError")


@case
def huge_lists(folder):
    expect_output(folder, "(import std.List)\n(print (len (list:fill 10000000 1)))\n", "10000000\n")
    expect_error(folder, "(import std.List)\n(print (len (list:fill 1e12 1)))\n", "ValueError")
    expect_error(folder, "(import std.List)\n(print (len (list:fill -1 1)))\n", "ValueError")


@case
def giant_strings(folder):
    # 2^27 bytes by doubling, then a string that grows without end under a 384 MiB
    # address-space limit: a clean MemoryError, not std::terminate. (The limit
    # was 1.5 GB: copying gigabytes under ASan on a loaded machine that CI runs
    # other suites on took minutes and pushed it into swap.)
    expect_output(folder, "(mut s \"x\")\n(mut i 0)\n(while (< i 27) {(set s (+ s s)) (set i (+ i 1))})\n"
                  "(print (len s))\n", "134217728\n")
    expect_error(folder, "(mut s \"xy\")\n(while true (set s (+ s s)))\n", "MemoryError", memory_limit=384 << 20)
    expect_error(folder, "(import std.List)\n(print (len (list:fill 1e9 1)))\n", "Error", memory_limit=384 << 20)


@case
def number_edge_cases(folder):
    expect_output(folder, "(import std.Math)\n(print (* 1e308 10))\n(print (- 0 (* 1e308 10)))\n(print (* -1 0))\n"
                  "(print (math:NaN? (- (* 1e308 10) (* 1e308 10))))\n(print (mod 5 0))\n"
                  "(print (toString 9007199254740993))\n", "inf\n-inf\n-0\ntrue\nnan\n9007199254740992\n")
    expect_error(folder, "(print (/ 1 0))\n", "DivisionByZero")
    expect_error(folder, "(print 1e400)\n", "SyntaxError")
    expect_error(folder, "(print (@ [1 2] 1e300))\n", "IndexError")
    expect_error(folder, "(import std.String)\n(print (string:chr 1e20))\n", "ValueError")


@case
def deeply_nested_input(folder):
    for text in ("(" * 100000, "[" * 100000, "(print " + "(+ 1 " * 100000 + "1" + ")" * 100001 + "\n"):
        path = os.path.join(folder, "nested.ark")
        with open(path, "w") as f:
            f.write(text)
        for command in ("check", "run"):
            status, out, err = run_ark([command, path], folder)
            assert status != 0 and "SyntaxError" in err, "ark %s: status %d, stderr %r" % (command, status, err[:500])


@case
def one_megabyte_line(folder):
    text = "(print 1) " * 110000 + "\n"
    path = os.path.join(folder, "line.ark")
    with open(path, "w") as f:
        f.write(text)
    status, out, err = run_ark(["check", path], folder)
    assert status == 0, "ark check: status %d, stderr %r" % (status, err[:500])
    status, out, err = run_ark(["run", path], folder)
    assert status == 0 and out == "1\n" * 110000, "ark run: status %d, stderr %r" % (status, err[:500])


# ---------------------------------------------------------------- server faults

def resident_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def snapshot_files(folder):
    state = {}
    for root, dirs, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                state[path] = (os.stat(path).st_mtime_ns, hashlib.sha256(f.read()).hexdigest())
    return state


class Workspace:
    """A scratch folder with a program in it, a server started inside it, and the
    checks every server case ends with."""

    def __init__(self, folder):
        self.folder = folder
        self.path = os.path.join(folder, "main.ark")
        with open(self.path, "w") as f:
            f.write("(let fib (fun (n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2))))))\n(print (fib 10))\n")
        with open(os.path.join(folder, "other.ark"), "w") as f:
            f.write("(let x 1)\n")
        self.uri = "file://" + self.path
        self.files_before = snapshot_files(folder)
        previous = os.getcwd()
        os.chdir(folder)
        try:
            self.server = lsp_client.Server()
        finally:
            os.chdir(previous)
        # The memory cap is the limit under test; time and ticks are made unreachable
        # so that no outcome depends on how fast a loaded machine runs.
        self.server.initialize(initialization_options={"run": {"maxMemoryMb": 256, "timeoutMs": 3600000,
                                                                "instructionBudget": 1e15}})
        self.server.open(self.uri, open(self.path).read())
        self.hover()
        self.baseline_kb = resident_kb(self.server.proc.pid)

    def hover(self, uri=None, deadline=DEADLINE):
        return self.server.result("textDocument/hover", {"textDocument": {"uri": uri or self.uri},
                                                         "position": {"line": 0, "character": 6}}, deadline)

    def finish(self):
        """Hover still answers, memory is back near the baseline, no file was touched."""
        assert self.hover() is not None
        rss = resident_kb(self.server.proc.pid)
        bound = max(3 * self.baseline_kb, self.baseline_kb + 300 * 1024)
        assert rss <= bound, "resident memory %d KiB after the fault, baseline %d KiB" % (rss, self.baseline_kb)
        assert self.server.shutdown_and_exit() == 0
        assert snapshot_files(self.folder) == self.files_before, "the server touched files in the workspace"
        for mark in SANITIZER_MARKS:
            assert mark not in self.server.stderr_text(), "sanitizer report:\n" + self.server.stderr_text()[-4000:]
        return rss


def server_case(function):
    def wrapped(folder):
        workspace = Workspace(folder)
        try:
            function(workspace)
            rss = workspace.finish()
            print("    rss: baseline %d KiB, after %d KiB" % (workspace.baseline_kb, rss))
        finally:
            workspace.server.kill()
    wrapped.__name__ = function.__name__
    return case(wrapped)


@case
def client_disconnects_mid_message(folder):
    previous = os.getcwd()
    os.chdir(folder)
    try:
        server = lsp_client.Server()
    finally:
        os.chdir(previous)
    try:
        server.initialize()
        server.send_bytes(b'Content-Length: 500\r\n\r\n{"jsonrpc": "2.0", "id": 7, "method": "textDoc')
        server.close_input()
        status = server.wait_exit(DEADLINE)
        assert status in (0, 1), "exit status %d after a disconnect" % status
        for mark in SANITIZER_MARKS:
            assert mark not in server.stderr_text(), server.stderr_text()[-4000:]
    finally:
        server.kill()


@server_case
def burst_of_one_thousand_changes(workspace):
    text = open(workspace.path).read()
    for version in range(2, 1002):
        workspace.server.change(workspace.uri, version, [{"text": text + "# edit %d\n" % version}])
    assert workspace.server.file_text(workspace.uri)["version"] == 1001


@server_case
def document_with_open_parens(workspace):
    uri = "file://" + os.path.join(workspace.folder, "nested.ark")
    workspace.server.open(uri, "(" * 100000)
    workspace.hover(uri)
    workspace.server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})


@server_case
def one_megabyte_line_document(workspace):
    uri = "file://" + os.path.join(workspace.folder, "line.ark")
    workspace.server.open(uri, "(print 1) " * 110000)
    workspace.hover(uri)
    workspace.server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})


def run_command(workspace, arguments, request_id=None):
    return workspace.server.send_request("workspace/executeCommand",
                                         {"command": "ark.run", "arguments": [arguments]}, request_id)


@server_case
def one_hundred_concurrent_run_lenses(workspace):
    ids = [run_command(workspace, {"uri": workspace.uri}) for _ in range(100)]
    for request_id in ids:
        result = workspace.server.wait_response(request_id, DEADLINE)
        assert "result" in result and result["result"]["status"] == "ok", result
        assert result["result"]["output"] == "55\n", result


@server_case
def run_that_allocates_without_end(workspace):
    uri = "file://" + os.path.join(workspace.folder, "hog.ark")
    workspace.server.open(uri, "(mut s \"xy\")\n(while true (set s (+ s s)))\n")
    result = workspace.server.wait_response(run_command(workspace, {"uri": uri}), DEADLINE)
    assert result.get("result", {}).get("status") == "memory", result
    workspace.server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})


SELF_AWAIT = """(let make-box (fun (fut) {
  (let store (fun (f) (set fut f)))
  (fun (&fut &store) ()) }))
(let box (make-box nil))
(let l (lock:new))
(let wait-own (fun (b lk) { (lk true) (lk false) (await b.fut) }))
(l true)
(box.store (async wait-own box l))
(l false)
(await box.fut)
"""


def thread_count(pid):
    with open("/proc/%d/status" % pid) as f:
        return next(int(line.split()[1]) for line in f if line.startswith("Threads:"))


@server_case
def runs_of_a_future_awaiting_itself(workspace):
    """A task awaiting its own future blocked forever (the run ended by its time
    limit, and each run left two threads behind): now a wait cycle is an error."""
    uri = "file://" + os.path.join(workspace.folder, "cycle.ark")
    workspace.server.open(uri, SELF_AWAIT)

    def run_once():
        result = workspace.server.wait_response(run_command(workspace, {"uri": uri}), DEADLINE)["result"]
        assert result["status"] == "error" and result["error"]["kind"] == "VMError", result
        assert "wait forever" in result["error"]["message"], result

    # The baseline is taken after two runs, when the server's own threads have
    # all started; it may still count some of the second run's threads, which
    # only makes it higher. A run answers before its threads are joined, so the
    # count is polled: leaked threads (blocked forever, two a run) never leave,
    # a loaded machine only makes finished ones leave late.
    run_once()
    run_once()
    threads = thread_count(workspace.server.proc.pid)
    for _ in range(4):
        run_once()
    end = time.monotonic() + DEADLINE
    while thread_count(workspace.server.proc.pid) > threads:
        assert time.monotonic() < end, "threads left behind by finished runs: %d, baseline %d" % (
            thread_count(workspace.server.proc.pid), threads)
        time.sleep(0.1)
    workspace.server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})


@server_case
def deeply_nested_message(workspace):
    depth = 200000
    body = b'{"jsonrpc":"2.0","id":1,"method":"ark/ping","params":' + b"[" * depth + b"]" * depth + b"}"
    workspace.server.send_bytes(lsp_client.frame(body))
    error = workspace.server.wait_for(lambda m: m.get("id", 0) is None and "error" in m, "a parse error", DEADLINE)
    assert error["error"]["code"] == -32700, error


@case
def hostile_workspace_entries(folder):
    """A workspace holding a FIFO, symlinks to /dev/zero, to the server's stdin
    and to /etc/passwd, and a huge file: indexing ends, imports of them are
    diagnostics that show nothing of the files, memory stays low, and the
    server exits after `exit`."""
    os.mkfifo(os.path.join(folder, "p.ark"))
    os.symlink("/dev/zero", os.path.join(folder, "z.ark"))
    os.symlink("/proc/self/fd/0", os.path.join(folder, "in.ark"))
    os.symlink("/etc/passwd", os.path.join(folder, "pw.ark"))
    with open(os.path.join(folder, "big.ark"), "wb") as f:
        f.truncate(64 << 20)  # sparse
    main = os.path.join(folder, "main.ark")
    text = "(import pw)\n(import p)\n(import z)\n(import in)\n(import big)\n(let x 1)\n(print x)\n"
    with open(main, "w") as f:
        f.write(text)
    server = lsp_client.Server(cwd=folder)
    try:
        uri = "file://" + folder
        server.result("initialize", {"processId": os.getpid(), "rootUri": uri, "capabilities": {},
                                     "workspaceFolders": [{"uri": uri, "name": "hostile"}]}, DEADLINE)
        server.notify("initialized", {})
        server.wait_stderr(re.compile(r"indexed \d+ files"), DEADLINE)
        server.open("file://" + main, text)
        diagnostics = server.wait_notification("textDocument/publishDiagnostics",
                                               lambda p: p["uri"] == "file://" + main, DEADLINE)["diagnostics"]
        codes = sorted(d["code"] for d in diagnostics)
        # Outside the workspace (pw), not a regular file (p, z, in) or too large (big).
        assert codes == ["E0403", "E0404", "E0404", "E0404", "E0404"], diagnostics
        with open("/etc/passwd") as passwd:
            first_line = passwd.readline().strip()
        assert first_line not in str(diagnostics) + server.stderr_text(), "/etc/passwd shown"
        hover = server.result("textDocument/hover", {"textDocument": {"uri": "file://" + main},
                                                     "position": {"line": 6, "character": 7}}, DEADLINE)
        assert hover is not None
        rss = resident_kb(server.proc.pid)
        assert rss < 300 * 1024, "resident memory %d KiB" % rss
        assert server.result("shutdown", deadline=DEADLINE) is None
        server.notify("exit")
        assert server.wait_exit(DEADLINE) == 0
        for mark in SANITIZER_MARKS:
            assert mark not in server.stderr_text(), "sanitizer report:\n" + server.stderr_text()[-4000:]
    finally:
        server.kill()


def main():
    global ARK
    args = sys.argv[1:]
    selected = None
    if "-k" in args:
        selected = args[args.index("-k") + 1]
        del args[args.index("-k"):args.index("-k") + 2]
    ARK = os.path.abspath(args[0])
    # The server cases start `ark lsp` through lsp_client, which takes its binary
    # from ARK_BINARY: without this they ran whatever binary that named (or its
    # default path), not the build under test (a sanitized one in CI).
    os.environ["ARK_BINARY"] = ARK
    failures = 0
    for function in CASES:
        if selected and selected not in function.__name__:
            continue
        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="ark-faults-") as folder:
            try:
                function(folder)
                print("ok   %s (%.1fs)" % (function.__name__, time.monotonic() - started))
            except Exception as error:  # report every case, then fail
                failures += 1
                print("FAIL %s: %s" % (function.__name__, str(error)[:3000]))
    print("%d fault cases, %d failed" % (len(CASES), failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
