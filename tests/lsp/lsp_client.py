"""A small LSP client for tests: spawns `ark lsp`, frames JSON-RPC over pipes or
TCP, and waits for answers with deadlines (never sleeps to synchronise).

The binary comes from the ARK_BINARY environment variable (run_tests.py sets it
from its argument), default /work/main/build/ark.
"""
import json
import os
import queue
import re
import socket
import subprocess
import threading
import time

DEFAULT_BINARY = "/work/main/build/ark"
# A deadline only tells a hang from an answer: CI runs the sessions under
# ThreadSanitizer and AddressSanitizer on a busy 2-core machine, where an
# answer that takes 50 ms when idle can take several seconds. No test may rely
# on one running out.
DEADLINE = float(os.environ.get("ARK_LSP_TEST_DEADLINE", "60"))


def ark_binary():
    return os.environ.get("ARK_BINARY", DEFAULT_BINARY)


def frame(body):
    if isinstance(body, str):
        body = body.encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Timeout(AssertionError):
    pass


class Server:
    """One `ark lsp` process and the messages it sent, in order."""

    def __init__(self, extra_args=(), tcp=False, cwd=None, before_connect=None, token_as_header=False):
        """Over TCP, connects once the server listens (after before_connect(self)
        if given) and authenticates with its token (`ark lsp --help`): a line
        sent at once, or with token_as_header the first header of the first
        message."""
        self.tcp = tcp
        self._token_header = b""
        self.extra_args = list(extra_args)
        args = [ark_binary(), "lsp", *extra_args]
        self.port = None
        if tcp:
            self.port = free_port()
            args += ["--port", str(self.port)]
        self.proc = subprocess.Popen(
            args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd)
        self.messages = queue.Queue()
        self.stderr_lines = []
        self._stderr_changed = threading.Condition()
        self._stash = []  # messages read while waiting for something else
        self._next_id = 0
        self._stdout_bytes = bytearray()
        threading.Thread(target=self._read_stderr, daemon=True).start()
        if tcp:
            self.wait_stderr(re.compile(r"listening on 127\.0\.0\.1:%d" % self.port))
            if before_connect:
                before_connect(self)
            if token_as_header:
                self._token_header = b"Ark-Token: %s\r\n" % self.token().encode("ascii")
                self.sock = self.connect(None)
            else:
                self.sock = self.connect(self.token())
            reader = self.sock.makefile("rb")
        else:
            reader = self.proc.stdout
        self._reader = threading.Thread(target=self._read_messages, args=(reader,), daemon=True)
        self._reader.start()

    # ------------------------------------------------------------ plumbing

    def token(self):
        """The TCP connection token: from --token-file if given, else from stderr."""
        if "--token-file" in self.extra_args:
            with open(self.extra_args[self.extra_args.index("--token-file") + 1]) as f:
                return f.read().strip()
        return re.search(r"token: ([0-9a-f]+)", self.wait_stderr(re.compile(r"token: [0-9a-f]+"))).group(1)

    def connect(self, token):
        """A connection to the TCP server, authenticated with `token` (None: none sent)."""
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=DEADLINE)
        sock.settimeout(None)
        if token is not None:
            sock.sendall(b"Ark-Token: %s\r\n" % token.encode("ascii"))
        return sock

    def _read_stderr(self):
        try:
            for line in self.proc.stderr:
                with self._stderr_changed:
                    self.stderr_lines.append(line.decode("utf-8", "replace").rstrip("\n"))
                    self._stderr_changed.notify_all()
        except (ValueError, OSError):
            # kill() may close the pipe while this thread is reading it: that
            # is the end of stderr too, not a test failure.
            pass
        finally:
            with self._stderr_changed:
                self.stderr_lines.append(None)  # end of stderr
                self._stderr_changed.notify_all()

    def wait_stderr(self, pattern, deadline=DEADLINE):
        end = time.monotonic() + deadline
        with self._stderr_changed:
            while True:
                for line in self.stderr_lines:
                    if line is not None and pattern.search(line):
                        return line
                if None in self.stderr_lines:
                    raise AssertionError("server exited; stderr:\n" + self.stderr_text())
                left = end - time.monotonic()
                if left <= 0:
                    raise Timeout("no stderr line matching %r; stderr:\n%s" % (pattern.pattern, self.stderr_text()))
                self._stderr_changed.wait(left)

    def wait_stderr_closed(self, deadline=DEADLINE):
        end = time.monotonic() + deadline
        with self._stderr_changed:
            while None not in self.stderr_lines:
                left = end - time.monotonic()
                if left <= 0:
                    raise Timeout("the server's stderr stayed open")
                self._stderr_changed.wait(left)

    def stderr_text(self):
        return "\n".join(line for line in self.stderr_lines if line is not None)

    def _read_messages(self, stream):
        try:
            while True:
                headers = {}
                while True:
                    line = stream.readline()
                    if not line:
                        self.messages.put(None)
                        return
                    self._stdout_bytes += line
                    line = line.rstrip(b"\r\n")
                    if not line:
                        break
                    name, _, value = line.decode("ascii").partition(":")
                    headers[name.strip().lower()] = value.strip()
                length = int(headers["content-length"])
                body = stream.read(length)
                self._stdout_bytes += body
                self.messages.put(json.loads(body))
        except Exception as error:  # a framing error is a test failure, reported by whoever waits
            self.messages.put(error)

    def send_bytes(self, data):
        data, self._token_header = self._token_header + data, b""
        if self.tcp:
            self.sock.sendall(data)
        else:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()

    def send(self, message):
        self.send_bytes(frame(json.dumps(message)))

    def close_input(self):
        if self.tcp:
            self.sock.shutdown(socket.SHUT_WR)
        else:
            self.proc.stdin.close()

    def _next_message(self, end):
        left = end - time.monotonic()
        if left <= 0:
            raise queue.Empty
        message = self.messages.get(timeout=left)
        if message is None:
            self.messages.put(None)  # stay closed for later waiters
            raise AssertionError("server closed its output; stderr:\n" + self.stderr_text())
        if isinstance(message, Exception):
            raise AssertionError("bad frame from server: %r" % message)
        return message

    def wait_for(self, predicate, what, deadline=DEADLINE):
        """Returns the first message (stashed or new) matching predicate."""
        for index, message in enumerate(self._stash):
            if predicate(message):
                return self._stash.pop(index)
        end = time.monotonic() + deadline
        while True:
            try:
                message = self._next_message(end)
            except queue.Empty:
                raise Timeout("timed out waiting for %s; stderr:\n%s" % (what, self.stderr_text()))
            if predicate(message):
                return message
            self._stash.append(message)

    # ------------------------------------------------------------ JSON-RPC

    def new_id(self):
        self._next_id += 1
        return self._next_id

    def send_request(self, method, params=None, request_id=None):
        request_id = self.new_id() if request_id is None else request_id
        message = {"jsonrpc": "2.0", "id": request_id, "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)
        return request_id

    def notify(self, method, params=None):
        message = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)

    def wait_response(self, request_id, deadline=DEADLINE):
        return self.wait_for(
            lambda m: "method" not in m and m.get("id") == request_id and type(m.get("id")) is type(request_id),
            "the response to id %r" % (request_id,), deadline)

    def request(self, method, params=None, deadline=DEADLINE):
        """Sends a request and returns its whole response message."""
        return self.wait_response(self.send_request(method, params), deadline)

    def result(self, method, params=None, deadline=DEADLINE):
        response = self.request(method, params, deadline)
        if "error" in response:
            raise AssertionError("%s failed: %r" % (method, response["error"]))
        return response["result"]

    def wait_notification(self, method, predicate=lambda params: True, deadline=DEADLINE):
        return self.wait_for(
            lambda m: m.get("method") == method and "id" not in m and predicate(m.get("params")),
            "notification %s" % method, deadline)["params"]

    def responses_with_id(self, request_id):
        """Every response seen so far (stashed) with this id."""
        return [m for m in self._stash if "method" not in m and m.get("id") == request_id]

    # ------------------------------------------------------------ LSP helpers

    def initialize(self, capabilities=None, initialization_options=None):
        params = {"processId": os.getpid(), "rootUri": None, "capabilities": capabilities or {}}
        if initialization_options is not None:
            params["initializationOptions"] = initialization_options
        result = self.result("initialize", params)
        self.notify("initialized", {})
        return result

    def open(self, uri, text, version=1):
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "arkscript", "version": version, "text": text}})

    def change(self, uri, version, changes):
        self.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version}, "contentChanges": changes})

    def file_text(self, uri):
        return self.result("ark/viewFileText", {"textDocument": {"uri": uri}})

    def ping(self):
        """Proves the server still answers: an unknown method must get -32601."""
        response = self.request("ark/ping")
        assert response.get("error", {}).get("code") == -32601, response
        return True

    def wait_exit(self, deadline=DEADLINE):
        try:
            return self.proc.wait(timeout=deadline)
        except subprocess.TimeoutExpired:
            raise Timeout("server did not exit; stderr:\n" + self.stderr_text())

    def shutdown_and_exit(self):
        assert self.result("shutdown") is None
        self.notify("exit")
        return self.wait_exit()

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                stream.close()
            except Exception:
                pass
        if self.tcp and getattr(self, "sock", None):
            self.sock.close()

    def stdout_was_protocol_only(self):
        """True if everything the server wrote to stdout was well-framed messages.
        Asked after the server exited and its output was read to the end: while it
        runs, the reader may be between a message's header and its body."""
        assert self.proc.poll() is not None, "ask once the server has exited"
        self._reader.join(DEADLINE)
        assert not self._reader.is_alive(), "the server's stdout stayed open"
        data = bytes(self._stdout_bytes)
        position = 0
        while position < len(data):
            match = re.match(rb"Content-Length: (\d+)\r\n\r\n", data[position:])
            if not match:
                return False
            position += match.end() + int(match.group(1))
        return position == len(data)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
