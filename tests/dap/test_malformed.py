"""Malformed input gets error responses, never a crash."""
import json
import unittest

from dap_client import Adapter, frame, program


class Malformed(unittest.TestCase):
    def test_bad_json_bad_headers_unknown_commands(self):
        a = Adapter()
        a.send_raw(frame("{not json"))
        r = a.wait(lambda m: m.get("type") == "response" and not m["success"], "error for bad JSON")
        self.assertIn("invalid JSON", r["message"])
        a.send_raw(b"Garbage-Header-Without-Length\r\n\r\n")
        a.send_raw(frame(json.dumps([1, 2, 3])))
        a.wait(lambda m: m.get("type") == "response" and "not a request" in m.get("message", ""), "error for an array")
        self.assertIn("unknown command", a.failing("fly", {}))
        # the session still works
        a.request("initialize", {"adapterID": "arkscript"})
        a.request("disconnect", {})
        a.close()

    def test_wrong_argument_types(self):
        a = Adapter()
        a.request("initialize", {"adapterID": "arkscript"})
        self.assertIn("wrong type", a.failing("launch", {"program": 5}))
        self.assertIn("missing", a.failing("launch", {}))
        self.assertIn("launch first", a.failing("stackTrace", {"threadId": 1}))
        a.request("launch", {"program": program("basic.ark"), "stopOnEntry": True})
        a.event("initialized")
        self.assertIn("must be an array", a.failing("setBreakpoints", {"source": {"path": program("basic.ark")},
                                                                       "breakpoints": "x"}))
        self.assertIn("arguments must be an object", a.failing("stackTrace", "nope"))
        a.request("configurationDone")
        stop = a.stopped(reason="entry")
        self.assertIn("wrong type", a.failing("stackTrace", {"threadId": "one"}))
        self.assertIn("no thread", a.failing("stackTrace", {"threadId": 99}))
        self.assertIn("no variables reference", a.failing("variables", {"variablesReference": 12345}))
        self.assertIn("unknown exception filter", a.failing("setExceptionBreakpoints", {"filters": ["sometimes"]}))
        self.assertIn("did not stop on an error", a.failing("exceptionInfo", {"threadId": stop["threadId"]}))
        a.request("continue", {"threadId": stop["threadId"]})
        a.finish()


if __name__ == "__main__":
    unittest.main()
