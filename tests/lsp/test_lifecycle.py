"""initialize / initialized / shutdown / exit, exit codes, and the lifecycle
errors (-32002 before initialize, -32600 after shutdown), over stdio and TCP."""
import json
import os
import re
import shutil
import tempfile
import unittest

from lsp_client import DEADLINE, Server, frame
from support import ServerTest, URI


class InitializeTest(ServerTest):
    def test_capabilities(self):
        capabilities = self.init_result["capabilities"]
        self.assertEqual(capabilities["positionEncoding"], "utf-16")
        self.assertEqual(capabilities["textDocumentSync"]["change"], 2)
        self.assertTrue(capabilities["textDocumentSync"]["openClose"])
        self.assertEqual(self.init_result["serverInfo"]["name"], "ark-lsp")

    def test_shutdown_then_exit_returns_0(self):
        self.assertEqual(self.server.shutdown_and_exit(), 0)

    def test_exit_without_shutdown_returns_1(self):
        self.server.notify("exit")
        self.assertEqual(self.server.wait_exit(), 1)

    def test_end_of_input_without_shutdown_returns_1(self):
        self.server.close_input()
        self.assertEqual(self.server.wait_exit(), 1)

    def test_initialize_twice_is_an_invalid_request(self):
        response = self.server.request("initialize", {"processId": None, "capabilities": {}})
        self.assertError(response, -32600)
        self.assertAlive()

    def test_requests_after_shutdown_are_invalid(self):
        self.assertIsNone(self.server.result("shutdown"))
        self.assertError(self.server.request("ark/viewFileText", {"textDocument": {"uri": URI}}), -32600)
        self.assertError(self.server.request("shutdown"), -32600)
        self.server.notify("exit")
        self.assertEqual(self.server.wait_exit(), 0)

    def test_logs_never_reach_stdout(self):
        self.server.notify("no/suchNotification", {})  # logged, not answered
        self.server.send_bytes(b"garbage\r\n\r\n")       # logged by the transport
        self.assertAlive()
        self.assertEqual(self.server.shutdown_and_exit(), 0)
        self.assertTrue(self.server.stdout_was_protocol_only())
        self.server.wait_stderr_closed()  # read by another thread: all of it once closed
        self.assertIn("ark lsp:", self.server.stderr_text())


class Utf8NegotiationTest(ServerTest):
    capabilities = {"general": {"positionEncodings": ["utf-32", "utf-8", "utf-16"]}}

    def test_utf8_is_chosen_when_offered(self):
        self.assertEqual(self.init_result["capabilities"]["positionEncoding"], "utf-8")


class Utf16FallbackTest(ServerTest):
    capabilities = {"general": {"positionEncodings": ["utf-32"]}}

    def test_utf16_when_utf8_is_not_offered(self):
        self.assertEqual(self.init_result["capabilities"]["positionEncoding"], "utf-16")


class BeforeInitializeTest(ServerTest):
    initialize = False

    def test_requests_before_initialize_answer_32002(self):
        self.assertError(self.server.request("shutdown"), -32002)
        self.assertError(self.server.request("textDocument/hover", {
            "textDocument": {"uri": URI}, "position": {"line": 0, "character": 0}}), -32002)
        self.assertError(self.server.request("no/such/method"), -32002)
        self.server.initialize()
        self.assertAlive()

    def test_notifications_before_initialize_are_ignored(self):
        self.server.open(URI, "(let a 1)")
        self.server.initialize()
        # The early didOpen was dropped, so the document is not open.
        self.assertError(self.server.request("ark/viewFileText", {"textDocument": {"uri": URI}}), -32602)

    def test_exit_before_initialize_returns_1(self):
        self.server.notify("exit")
        self.assertEqual(self.server.wait_exit(), 1)


class TcpTest(ServerTest):
    tcp = True

    def test_session_over_tcp(self):
        self.assertEqual(self.init_result["capabilities"]["positionEncoding"], "utf-16")
        self.server.open(URI, "(print 1)")
        self.assertEqual(self.server.file_text(URI)["text"], "(print 1)")
        self.assertError(self.server.request("no/such/method"), -32601)
        self.assertIsNotNone(re.search(r"listening on 127\.0\.0\.1:\d+", self.server.stderr_text()))
        self.assertEqual(self.server.shutdown_and_exit(), 0)

    def test_disconnect_without_shutdown_returns_1(self):
        self.server.close_input()
        self.assertEqual(self.server.wait_exit(), 1)


class TcpAuthenticationTest(ServerTest):
    """`ark lsp --port N`: anyone on the machine can connect to 127.0.0.1, so a
    connection must start with the token, and trust is not the client's to
    choose unless the user said so (--allow-trusted-workspace)."""
    initialize = False
    tcp = True

    def setUp(self):
        self.addCleanup(lambda: self.server.kill() if hasattr(self, "server") else None)

    def start(self, extra_args=(), **options):
        self.server = Server(extra_args, tcp=True, **options)
        self.addCleanup(self.stop_and_check_stderr)

    def assertClosedByServer(self, sock):
        sock.settimeout(DEADLINE)
        try:
            self.assertEqual(sock.recv(65536), b"", "the server answered a connection without its token")
        finally:
            sock.close()

    def test_a_connection_without_the_token_is_closed_and_the_next_one_served(self):
        def intruders(server):
            initialize = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
                          "params": {"processId": None, "rootUri": None, "capabilities": {},
                                     "initializationOptions": {"trustedWorkspace": True}}}
            for first_bytes in (frame(json.dumps(initialize)),
                                b"Ark-Token: 0123456789abcdef\r\n" + frame(json.dumps(initialize))):
                sock = server.connect(None)
                sock.sendall(first_bytes)
                self.assertClosedByServer(sock)
        self.start(before_connect=intruders)
        self.server.initialize()
        self.assertAlive()
        self.assertEqual(self.server.shutdown_and_exit(), 0)
        # Counted once the server's stderr is closed: the lines are read by
        # another thread, which may not have them yet while the server runs.
        self.server.wait_stderr_closed()
        self.assertEqual(len(re.findall("refused a connection", self.server.stderr_text())), 2)

    def test_the_token_may_come_as_the_first_header_of_the_first_message(self):
        self.start(token_as_header=True)
        self.server.initialize()
        self.assertAlive()
        self.assertEqual(self.server.shutdown_and_exit(), 0)

    def test_token_file_is_private_replaces_a_symlink_and_is_removed_at_exit(self):
        folder = tempfile.mkdtemp(prefix="ark-lsp-token-")
        self.addCleanup(shutil.rmtree, folder, True)
        victim = os.path.join(folder, "victim.txt")
        with open(victim, "w") as f:
            f.write("untouched")
        token_file = os.path.join(folder, "token")
        os.symlink(victim, token_file)
        self.start(["--token-file", token_file])
        self.assertFalse(os.path.islink(token_file))
        self.assertEqual(os.stat(token_file).st_mode & 0o777, 0o600)
        token = self.server.token()
        self.assertRegex(token, r"^[0-9a-f]{64}$")
        self.assertNotIn(token, self.server.stderr_text())
        with open(victim) as f:
            self.assertEqual(f.read(), "untouched")
        self.server.initialize()
        self.assertEqual(self.server.shutdown_and_exit(), 0)
        self.assertFalse(os.path.exists(token_file))

    def run_exists(self):
        uri = "file:///tmp/ark-lsp-test/trust.ark"
        self.server.open(uri, '(let probe (fun () (builtin__io:fileExists? "/")))\n')
        response = self.server.request("workspace/executeCommand", {
            "command": "ark.run", "arguments": [{"uri": uri, "function": "probe"}]})
        return response["result"]

    def test_trusted_workspace_over_tcp_needs_the_flag(self):
        self.start()
        self.server.initialize(initialization_options={"trustedWorkspace": True})
        result = self.run_exists()
        self.assertEqual((result["status"], result["error"]["kind"]), ("error", "IOError"), result)
        self.server.wait_stderr(re.compile(re.escape("ignored initializationOptions.trustedWorkspace")))

    def test_trusted_workspace_over_tcp_with_the_flag(self):
        self.start(["--allow-trusted-workspace"])
        self.server.initialize(initialization_options={"trustedWorkspace": True})
        result = self.run_exists()
        self.assertEqual((result["status"], result["result"]), ("ok", "true"), result)


if __name__ == "__main__":
    unittest.main()
