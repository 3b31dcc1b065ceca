"""The requests the server sends the client share one id scheme (`ark/N`),
and each answer goes to the part of the server that asked."""
import os
import re
import shutil
import tempfile

from support import ServerTest


class OutgoingRequestsTest(ServerTest):
    initialize = False

    def start(self):
        self.root = os.path.realpath(tempfile.mkdtemp(prefix="ark-lsp-out-"))
        self.addCleanup(shutil.rmtree, self.root, True)
        capabilities = {"workspace": {"configuration": True, "didChangeWatchedFiles": {"dynamicRegistration": True}},
                        "window": {"workDoneProgress": True}}
        self.server.result("initialize", {"processId": os.getpid(), "rootUri": "file://" + self.root,
                                          "capabilities": capabilities})
        self.server.notify("initialized", {})

    def request_from_server(self, method):
        return self.server.wait_for(lambda m: m.get("method") == method and "id" in m, "request " + method)

    def test_every_server_request_has_a_distinct_ark_id(self):
        self.start()
        ids = [self.request_from_server(method)["id"]
               for method in ("window/workDoneProgress/create", "client/registerCapability", "workspace/configuration")]
        for request_id in ids:
            self.assertRegex(request_id, r"^ark/\d+$")
        self.assertEqual(len(set(ids)), 3)

    def test_an_error_answer_is_logged_with_its_method(self):
        self.start()
        request = self.request_from_server("client/registerCapability")
        self.server.send({"jsonrpc": "2.0", "id": request["id"],
                          "error": {"code": -32601, "message": "no dynamic registration here"}})
        self.server.wait_stderr(re.compile(r"client/registerCapability failed: .*no dynamic registration here"))
        self.assertAlive()

    def test_the_configuration_answer_reaches_the_runner(self):
        self.start()
        request = self.request_from_server("workspace/configuration")
        self.server.send({"jsonrpc": "2.0", "id": request["id"], "error": {"code": -32603, "message": "broken"}})
        self.server.wait_stderr(re.compile(r"workspace/configuration failed: .*broken"))

    def test_an_answer_to_an_unknown_id_is_logged_and_ignored(self):
        self.start()
        self.server.send({"jsonrpc": "2.0", "id": "ark/999", "result": None})
        self.server.send({"jsonrpc": "2.0", "id": 7, "result": None})
        self.server.wait_stderr(re.compile(r"unknown request id 7"))
        self.assertAlive()
