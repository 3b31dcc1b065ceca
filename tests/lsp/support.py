"""Shared unittest base: one fresh server per test, killed on cleanup."""
import unittest

from lsp_client import Server

URI = "file:///tmp/ark-lsp-test/main.ark"


class ServerTest(unittest.TestCase):
    # Subclasses set these to change how the session starts.
    initialize = True
    capabilities = None
    initialization_options = None
    tcp = False

    def setUp(self):
        self.server = Server(tcp=self.tcp)
        self.addCleanup(self.stop_and_check_stderr)
        if self.initialize:
            self.init_result = self.server.initialize(self.capabilities, self.initialization_options)

    def stop_and_check_stderr(self):
        """Kills the server and fails the test if a sanitizer reported anything."""
        self.server.kill()
        self.server.wait_stderr_closed()
        for marker in ("Sanitizer", "runtime error:"):
            self.assertNotIn(marker, self.server.stderr_text(), "sanitizer report in the server's stderr")

    def assertError(self, response, code):
        self.assertIn("error", response, response)
        self.assertEqual(response["error"]["code"], code, response)
        self.assertIsInstance(response["error"]["message"], str)
        self.assertNotIn("result", response)

    def assertAlive(self):
        self.assertTrue(self.server.ping())
