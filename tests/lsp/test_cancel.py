"""$/cancelRequest: a pending request answers -32800 exactly once; cancelling
an unknown or finished request changes nothing."""
import unittest

from support import ServerTest, URI


class CancelPendingTest(ServerTest):
    # Builds wait ten minutes after the last edit, so a request on a changed
    # document stays pending until we cancel it: deterministic, no sleeps.
    initialization_options = {"debounceMs": 600000}

    def test_cancel_answers_32800(self):
        self.server.open(URI, "(let a 1)")
        request_id = self.server.send_request("ark/viewFileText", {"textDocument": {"uri": URI}})
        self.server.notify("$/cancelRequest", {"id": request_id})
        self.assertError(self.server.wait_response(request_id), -32800)
        self.assertAlive()
        self.assertEqual(self.server.responses_with_id(request_id), [])

    def test_cancel_by_string_id(self):
        self.server.open(URI, "(let a 1)")
        self.server.send_request("ark/viewFileText", {"textDocument": {"uri": URI}}, request_id="req-1")
        self.server.notify("$/cancelRequest", {"id": "req-1"})
        self.assertError(self.server.wait_response("req-1"), -32800)

    def test_shutdown_does_not_wait_for_pending_work(self):
        self.server.open(URI, "(let a 1)")
        self.server.send_request("ark/viewFileText", {"textDocument": {"uri": URI}})
        self.assertEqual(self.server.shutdown_and_exit(), 0)

    def test_closing_the_document_fails_its_waiting_requests(self):
        self.server.open(URI, "(let a 1)")
        request_id = self.server.send_request("ark/viewFileText", {"textDocument": {"uri": URI}})
        self.server.notify("textDocument/didClose", {"textDocument": {"uri": URI}})
        self.assertError(self.server.wait_response(request_id), -32602)


class CancelFinishedTest(ServerTest):
    def test_cancel_after_the_answer_changes_nothing(self):
        self.server.open(URI, "(let a 1)")
        request_id = self.server.send_request("ark/viewFileText", {"textDocument": {"uri": URI}})
        self.assertIn("result", self.server.wait_response(request_id))
        self.server.notify("$/cancelRequest", {"id": request_id})
        self.assertAlive()  # the main loop handles messages in order: a reply to the cancel would come first
        self.assertEqual(self.server.responses_with_id(request_id), [])

    def test_cancel_of_unknown_ids_is_ignored(self):
        self.server.notify("$/cancelRequest", {"id": 12345})
        self.server.notify("$/cancelRequest", {"id": "nope"})
        self.server.notify("$/cancelRequest", {})
        self.server.notify("$/cancelRequest", None)
        self.assertAlive()


if __name__ == "__main__":
    unittest.main()
