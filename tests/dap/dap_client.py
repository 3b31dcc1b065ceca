"""A small DAP client for tests: spawns `ark dap`, frames messages over its
pipes, and waits for responses and events with a deadline that only tells a
hang from an answer (never a speed assertion: CI runs these under
ThreadSanitizer on a busy machine).

The binary comes from ARK_BINARY (run_tests.py sets it), default /work/main/build/ark.
"""
import json
import os
import queue
import re
import socket
import subprocess
import threading
import time

DEADLINE = float(os.environ.get("ARK_DAP_TEST_DEADLINE", "60"))
HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAMS = os.path.join(HERE, "programs")


def ark_binary():
    return os.environ.get("ARK_BINARY", "/work/main/build/ark")


def program(name):
    return os.path.join(PROGRAMS, name)


def line_of(name, marker):
    """The 1-based line of `name` holding the comment `# marker`."""
    with open(program(name)) as f:
        for number, text in enumerate(f, 1):
            if "# " + marker in text:
                return number
    raise AssertionError("no marker %s in %s" % (marker, name))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def frame(body):
    if isinstance(body, str):
        body = body.encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Adapter:
    """One `ark dap` process and what it sent, in order."""

    def __init__(self, extra_args=(), tcp=False):
        """Over TCP (`ark dap --port N`), connects once it listens and sends its token first."""
        args = [ark_binary(), "dap", *extra_args]
        self.sock = None
        if tcp:
            args += ["--port", str(free_port())]
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages = queue.Queue()
        self.seen = []  # every message, in order
        self.stash = []
        self.seq = 0
        self.output = ""
        self.stderr = []
        self.stderr_changed = threading.Condition()
        threading.Thread(target=self._read_stderr, daemon=True).start()
        stream = self.proc.stdout
        if tcp:
            token = self.wait_stderr(r"token: ([0-9a-f]+)").group(1)
            port = int(self.wait_stderr(r"listening on 127\.0\.0\.1:(\d+)").group(1))
            self.sock = socket.create_connection(("127.0.0.1", port), timeout=DEADLINE)
            self.sock.settimeout(None)
            self.sock.sendall(b"Ark-Token: %s\r\n" % token.encode("ascii"))
            stream = self.sock.makefile("rb")
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def wait_stderr(self, pattern):
        end = time.monotonic() + DEADLINE
        with self.stderr_changed:
            while True:
                for line in self.stderr:
                    found = re.search(pattern, line)
                    if found:
                        return found
                left = end - time.monotonic()
                if left <= 0:
                    raise AssertionError("ark dap never said %r; stderr: %s" % (pattern, self.stderr))
                self.stderr_changed.wait(left)

    def _read(self, stream):
        while True:
            headers = {}
            while True:
                line = stream.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                key, _, value = line.decode().partition(":")
                headers[key.strip().lower()] = value.strip()
            body = stream.read(int(headers["content-length"]))
            message = json.loads(body)
            if message.get("type") == "event" and message.get("event") == "output":
                self.output += message["body"]["output"]
            self.seen.append(message)
            self.messages.put(message)

    def _read_stderr(self):
        for line in self.proc.stderr:
            with self.stderr_changed:
                self.stderr.append(line.decode("utf-8", "replace"))
                self.stderr_changed.notify_all()

    def send_raw(self, data):
        if self.sock:
            self.sock.sendall(data)
            return
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, command, arguments=None):
        self.seq += 1
        message = {"seq": self.seq, "type": "request", "command": command}
        if arguments is not None:
            message["arguments"] = arguments
        self.send_raw(frame(json.dumps(message)))
        return self.seq

    def wait(self, predicate, what):
        for i, m in enumerate(self.stash):
            if predicate(m):
                return self.stash.pop(i)
        end = time.monotonic() + DEADLINE
        while True:
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError("no %s within %ss; seen: %s" % (what, DEADLINE, self.seen[-10:]))
            try:
                m = self.messages.get(timeout=left)
            except queue.Empty:
                continue
            if m is None:
                time.sleep(0.5)  # let the stderr reader catch up: the report explains the exit
                raise AssertionError("ark dap closed its output while waiting for %s; stderr:\n%s" %
                                     (what, "".join(self.stderr)[-6000:]))
            if predicate(m):
                return m
            self.stash.append(m)

    def response(self, seq):
        return self.wait(lambda m: m.get("type") == "response" and m.get("request_seq") == seq, "response to %d" % seq)

    def request(self, command, arguments=None):
        """Sends a request and returns its response, asserting success."""
        r = self.response(self.send(command, arguments))
        assert r["success"], "%s failed: %s" % (command, r.get("message"))
        return r.get("body", {})

    def failing(self, command, arguments=None):
        r = self.response(self.send(command, arguments))
        assert not r["success"], "%s should fail: %s" % (command, r)
        return r["message"]

    def event(self, name, **fields):
        def match(m):
            if m.get("type") != "event" or m.get("event") != name:
                return False
            return all(m.get("body", {}).get(k) == v for k, v in fields.items())
        return self.wait(match, "event %s %s" % (name, fields)).get("body", {})

    # ---------------------------------------------------------------- helpers

    def start(self, name, breakpoints=(), stop_on_entry=False, filters=("uncaught",), functions=None, args=None, **launch):
        """initialize, launch, breakpoints in `name`, configurationDone."""
        caps = self.request("initialize", {"adapterID": "arkscript", "linesStartAt1": True, "columnsStartAt1": True})
        self.request("launch", {"program": program(name), "stopOnEntry": stop_on_entry, "args": args or [], **launch})
        self.event("initialized")
        result = None
        if breakpoints:
            result = self.request("setBreakpoints", {"source": {"path": program(name)},
                                                     "breakpoints": [b if isinstance(b, dict) else {"line": b} for b in breakpoints]})
        if functions:
            self.request("setFunctionBreakpoints", {"breakpoints": [{"name": f} for f in functions]})
        self.request("setExceptionBreakpoints", {"filters": list(filters)})
        self.request("configurationDone")
        return caps, result

    def stopped(self, **fields):
        return self.event("stopped", **fields)

    def top(self, thread):
        return self.request("stackTrace", {"threadId": thread})["stackFrames"][0]

    def variables_of(self, frame_id, scope="Locals"):
        scopes = self.request("scopes", {"frameId": frame_id})["scopes"]
        ref = [s for s in scopes if s["name"] == scope][0]["variablesReference"]
        return {v["name"]: v for v in self.request("variables", {"variablesReference": ref})["variables"]}

    def evaluate(self, expression, frame_id=None, context="repl"):
        args = {"expression": expression, "context": context}
        if frame_id is not None:
            args["frameId"] = frame_id
        return self.request("evaluate", args)

    def finish(self):
        """Continues to the end and waits for the adapter to say so."""
        self.event("terminated")
        self.request("disconnect", {})
        self.close()

    def close(self):
        try:
            self.proc.stdin.close()
            if self.sock:
                self.sock.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=DEADLINE)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise AssertionError("ark dap did not exit")
        for stream in (self.proc.stdout, self.proc.stderr):
            stream.close()
        assert self.proc.returncode == 0, "ark dap exited with %s" % self.proc.returncode
