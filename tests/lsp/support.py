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
        self.addCleanup(self.server.kill)
        if self.initialize:
            self.init_result = self.server.initialize(self.capabilities, self.initialization_options)

    def assertError(self, response, code):
        self.assertIn("error", response, response)
        self.assertEqual(response["error"]["code"], code, response)
        self.assertIsInstance(response["error"]["message"], str)
        self.assertNotIn("result", response)

    def assertAlive(self):
        self.assertTrue(self.server.ping())
