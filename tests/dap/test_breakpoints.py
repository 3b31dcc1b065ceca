"""Line, conditional, hit-count, log, function breakpoints; (breakpoint) forms;
breakpoints in imported files and in code a macro made."""
import unittest

from dap_client import Adapter, line_of, program


class Breakpoints(unittest.TestCase):
    def test_line_breakpoint_and_moved_line(self):
        a = Adapter()
        in_f = line_of("basic.ark", "in-f")
        # the line before in-f is blank: it moves to in-f; a line after the end has no code
        _, result = a.start("basic.ark", breakpoints=[in_f - 1, 500])
        moved, beyond = result["breakpoints"]
        self.assertTrue(moved["verified"])
        self.assertEqual(moved["line"], in_f)
        self.assertFalse(beyond["verified"])
        stop = a.stopped(reason="breakpoint")
        self.assertEqual(stop["hitBreakpointIds"], [moved["id"]])
        top = a.top(stop["threadId"])
        self.assertEqual((top["name"], top["line"]), ("f", in_f))
        self.assertEqual(a.variables_of(top["id"])["x"]["value"], "3")
        self.assertEqual(a.variables_of(top["id"], "Globals")["scale"]["value"], "10")
        a.request("continue", {"threadId": stop["threadId"]})
        a.finish()
        self.assertEqual(a.output, "total 16\ndone\n")

    def test_condition_hit_count_and_log_point(self):
        a = Adapter()
        line = line_of("loop.ark", "loop-line")
        a.start("loop.ark", breakpoints=[{"line": line, "condition": "(= i 5)"}])
        stop = a.stopped(reason="breakpoint")
        frame = a.top(stop["threadId"])["id"]
        self.assertEqual(a.evaluate("i", frame)["result"], "5")
        self.assertEqual(a.evaluate("sum", frame)["result"], "10")
        # replace it with a hit count: the 3rd hit from now on
        a.request("setBreakpoints", {"source": {"path": program("loop.ark")},
                                     "breakpoints": [{"line": line, "hitCondition": "3"}]})
        a.request("continue", {"threadId": stop["threadId"]})
        stop = a.stopped(reason="breakpoint")
        self.assertEqual(a.evaluate("i", a.top(stop["threadId"])["id"])["result"], "8")
        # a log point never stops
        a.request("setBreakpoints", {"source": {"path": program("loop.ark")},
                                     "breakpoints": [{"line": line, "logMessage": "i is {i}, sum {sum}"}]})
        a.request("continue", {"threadId": stop["threadId"]})
        a.finish()
        self.assertIn("i is 9, sum 36\n", a.output)
        self.assertNotIn("i is 8", a.output)
        self.assertIn("sum 45\n", a.output)

    def test_function_breakpoint(self):
        a = Adapter()
        a.request("initialize", {"adapterID": "arkscript"})
        a.request("launch", {"program": program("basic.ark")})
        a.event("initialized")
        result = a.request("setFunctionBreakpoints", {"breakpoints": [{"name": "add"}, {"name": "nothing"}]})
        self.assertEqual([b["verified"] for b in result["breakpoints"]], [True, False])
        a.request("configurationDone")
        stop = a.stopped(reason="function breakpoint")
        top = a.top(stop["threadId"])
        self.assertEqual(top["name"], "add")
        self.assertEqual(a.variables_of(top["id"])["a"]["value"], "6")
        a.request("continue", {"threadId": stop["threadId"]})
        a.finish()

    def test_breakpoint_forms(self):
        a = Adapter()
        a.start("breakpoint_form.ark")
        stop = a.stopped(reason="breakpoint")
        top = a.top(stop["threadId"])
        self.assertEqual(top["line"], line_of("breakpoint_form.ark", "conditional-form"))
        self.assertEqual(a.evaluate("i", top["id"])["result"], "7")
        a.request("continue", {"threadId": stop["threadId"]})
        stop = a.stopped(reason="breakpoint")
        self.assertEqual(a.top(stop["threadId"])["line"], line_of("breakpoint_form.ark", "plain-form"))
        a.request("continue", {"threadId": stop["threadId"]})
        a.finish()
        self.assertEqual(a.output, "after 10\n")

    def test_imported_file_and_macro_use(self):
        a = Adapter()
        a.request("initialize", {"adapterID": "arkscript"})
        a.request("launch", {"program": program("imports.ark")})
        a.event("initialized")
        helper = program("lib/helper.ark")
        a.request("setBreakpoints", {"source": {"path": helper}, "breakpoints": [{"line": line_of("lib/helper.ark", "in-helper")}]})
        a.request("setBreakpoints", {"source": {"path": program("imports.ark")},
                                     "breakpoints": [{"line": line_of("imports.ark", "macro-use")}]})
        a.request("configurationDone")
        stop = a.stopped(reason="breakpoint")
        top = a.top(stop["threadId"])
        self.assertEqual(top["line"], line_of("imports.ark", "macro-use"))
        a.request("continue", {"threadId": stop["threadId"]})
        stop = a.stopped(reason="breakpoint")
        top = a.top(stop["threadId"])
        self.assertEqual(top["source"]["path"], helper)
        self.assertEqual(top["name"], "helper:helper-twice")  # a package name carries its prefix (4.0)
        self.assertEqual(a.variables_of(top["id"])["v"]["value"], "5")
        a.request("continue", {"threadId": stop["threadId"]})
        a.finish()
        self.assertEqual(a.output, "10\n")


if __name__ == "__main__":
    unittest.main()
