"""The events a client gets without asking: `continued` where no request said
that threads resume, `breakpoint` where a breakpoint changes after it was set
(restart's replay is in test_lifecycle), or once the program is loaded."""
import unittest

from dap_client import Adapter, line_of, program


def events(adapter, name):
    return [m for m in adapter.seen if m.get("type") == "event" and m.get("event") == name]


class Continued(unittest.TestCase):
    def test_a_step_that_resumes_every_thread_says_so(self):
        a = Adapter()
        a.start("spin.ark", breakpoints=[line_of("spin.ark", "in-task")])
        stop = a.stopped(reason="breakpoint")
        task = stop["threadId"]
        names = {t["id"]: t["name"] for t in a.request("threads")["threads"]}
        main = [t for t in names if names[t] == "main"][0]
        # main spins until the task is past the breakpoint: it stopped at a safe
        # point between the spawn and its loop's end, not in an await
        top = a.top(main)
        self.assertEqual(top["name"], "<global>")
        self.assertIn(top["line"], range(line_of("spin.ark", "spawn"), line_of("spin.ark", "spin") + 1))
        # `next` names the task: VS Code takes it to resume that thread only
        a.request("next", {"threadId": task})
        self.assertEqual(a.event("continued"), {"threadId": task, "allThreadsContinued": True})
        a.stopped(reason="step", threadId=task)
        order = [m.get("event") or m.get("command") for m in a.seen
                 if m.get("event") in ("continued", "stopped") or m.get("command") == "next"]
        self.assertEqual(order, ["stopped", "next", "continued", "stopped"])
        # a single-thread step resumes nobody else: no event
        a.request("next", {"threadId": task, "singleThread": True})
        a.stopped(reason="step", threadId=task)
        self.assertEqual(a.top(task)["line"], line_of("spin.ark", "single-step"))
        # `continue` says in its response that every thread continued: no event
        self.assertTrue(a.request("continue", {"threadId": task})["allThreadsContinued"])
        a.finish()
        self.assertEqual(a.output, "result 105\n")
        self.assertEqual(len(events(a, "continued")), 1)

    def test_a_step_with_one_thread_says_nothing_more(self):
        a = Adapter()
        a.start("basic.ark", breakpoints=[line_of("basic.ark", "in-f")])
        stop = a.stopped(reason="breakpoint")
        a.request("next", {"threadId": stop["threadId"]})
        a.stopped(reason="step")
        a.request("continue", {"threadId": stop["threadId"]})
        a.finish()
        self.assertEqual(events(a, "continued"), [])


class BreakpointChanged(unittest.TestCase):
    def test_breakpoints_set_before_launch_land_once_the_program_loads(self):
        a = Adapter()
        a.request("initialize", {"adapterID": "arkscript"})
        a.event("initialized")  # ready for configuration before any program
        in_f = line_of("basic.ark", "in-f")
        pending = a.request("setBreakpoints", {"source": {"path": program("basic.ark")},
                                               "breakpoints": [{"line": in_f - 1}, {"line": 500}]})["breakpoints"]
        self.assertEqual([(b["verified"], b["line"]) for b in pending], [(False, in_f - 1), (False, 500)])
        self.assertIn("not loaded yet", pending[0]["message"])
        function = a.request("setFunctionBreakpoints", {"breakpoints": [{"name": "add"}]})["breakpoints"][0]
        self.assertFalse(function["verified"])
        self.assertEqual(len({b["id"] for b in pending + [function]}), 3)
        a.request("setExceptionBreakpoints", {"filters": ["uncaught"]})
        a.request("configurationDone")  # before launch: launch starts the program
        self.assertFalse(any(m.get("event") == "breakpoint" for m in a.seen))
        a.request("launch", {"program": program("basic.ark")})
        # each one, by the id the client has: the blank line's moved to the code, the one
        # past the end stays unverified, the function's is found
        landed = {}
        for _ in range(3):
            b = a.event("breakpoint", reason="changed")["breakpoint"]
            landed[b["id"]] = b
        self.assertEqual((landed[pending[0]["id"]]["verified"], landed[pending[0]["id"]]["line"]), (True, in_f))
        self.assertFalse(landed[pending[1]["id"]]["verified"])
        self.assertTrue(landed[function["id"]]["verified"])
        stop = a.stopped(reason="breakpoint")
        self.assertEqual(stop["hitBreakpointIds"], [pending[0]["id"]])
        self.assertEqual(a.top(stop["threadId"])["line"], in_f)
        a.request("continue", {"threadId": stop["threadId"]})
        stop = a.stopped(reason="function breakpoint")
        self.assertEqual(stop["hitBreakpointIds"], [function["id"]])
        # breakpoints set now get the core's ids, never one the client already has
        later = a.request("setBreakpoints", {"source": {"path": program("basic.ark")},
                                             "breakpoints": [{"line": in_f}]})["breakpoints"][0]
        self.assertNotIn(later["id"], (pending[1]["id"], function["id"]))
        a.request("continue", {"threadId": stop["threadId"]})
        a.finish()
        self.assertEqual(a.output, "total 16\ndone\n")

    def test_a_failing_condition_changes_its_breakpoint_once(self):
        a = Adapter()
        line = line_of("loop.ark", "loop-line")
        _, result = a.start("loop.ark", breakpoints=[{"line": line, "condition": "(= no_such_name 5)"}])
        set_ = result["breakpoints"][0]
        self.assertTrue(set_["verified"])
        self.assertNotIn("message", set_)
        # it stops (a condition that can not be decided does not hide the stop) and says why
        stop = a.stopped(reason="breakpoint")
        self.assertEqual(stop["hitBreakpointIds"], [set_["id"]])
        changed = a.event("breakpoint")
        self.assertEqual(changed["reason"], "changed")
        bp = changed["breakpoint"]
        self.assertEqual((bp["id"], bp["verified"], bp["line"]), (set_["id"], True, line))
        self.assertIn("no_such_name", bp["message"])
        self.assertTrue(bp["source"]["path"].endswith("loop.ark"))
        # the next hits fail alike: the client heard it once
        a.request("continue", {"threadId": stop["threadId"]})
        stop = a.stopped(reason="breakpoint")
        a.request("setBreakpoints", {"source": {"path": program("loop.ark")}, "breakpoints": []})
        a.request("continue", {"threadId": stop["threadId"]})
        a.finish()
        self.assertEqual(len(events(a, "breakpoint")), 1)
        self.assertIn("sum 45\n", a.output)

    def test_a_condition_that_holds_changes_nothing(self):
        a = Adapter()
        line = line_of("loop.ark", "loop-line")
        a.start("loop.ark", breakpoints=[{"line": line, "condition": "(= i 5)"}])
        stop = a.stopped(reason="breakpoint")
        a.request("continue", {"threadId": stop["threadId"]})
        a.finish()
        self.assertEqual(events(a, "breakpoint"), [])


if __name__ == "__main__":
    unittest.main()
