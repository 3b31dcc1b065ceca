"""initialize / initialized / shutdown / exit, exit codes, and the lifecycle
errors (-32002 before initialize, -32600 after shutdown), over stdio and TCP."""
import re
import unittest

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


if __name__ == "__main__":
    unittest.main()
