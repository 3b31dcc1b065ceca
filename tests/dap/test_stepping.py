"""next, stepIn, stepOut: through calls, tail calls and into async tasks."""
import unittest

from dap_client import Adapter, line_of, program


class Stepping(unittest.TestCase):
    def test_over_in_out(self):
        a = Adapter()
        a.start("basic.ark", breakpoints=[line_of("basic.ark", "in-f")])
        thread = a.stopped(reason="breakpoint")["threadId"]
        a.request("next", {"threadId": thread})
        a.stopped(reason="step")
        top = a.top(thread)
        self.assertEqual((top["name"], top["line"]), ("f", line_of("basic.ark", "call-add")))
        self.assertEqual(a.variables_of(top["id"])["y"]["value"], "6")
        a.request("stepIn", {"threadId": thread})
        a.stopped(reason="step")
        self.assertEqual(a.top(thread)["name"], "add")
        depth = len(a.request("stackTrace", {"threadId": thread})["stackFrames"])
        self.assertEqual(depth, 3)
        a.request("stepOut", {"threadId": thread})
        a.stopped(reason="step")
        frames = a.request("stackTrace", {"threadId": thread})["stackFrames"]
        self.assertLess(len(frames), depth)
        a.request("continue", {"threadId": thread})
        a.finish()
        self.assertEqual(a.output, "total 16\ndone\n")

    def test_tail_calls_keep_one_frame(self):
        a = Adapter()
        a.start("tail.ark", breakpoints=[line_of("tail.ark", "tail-test")])
        thread = a.stopped(reason="breakpoint")["threadId"]
        body = a.request("stackTrace", {"threadId": thread})
        self.assertEqual(body["totalFrames"], 2)
        self.assertEqual(a.evaluate("n", body["stackFrames"][0]["id"])["result"], "3")
        # stepping through the tail call: the next stop is the same test, n one less, same depth
        lines = []
        for _ in range(6):
            a.request("next", {"threadId": thread})
            a.stopped()  # a step, or the breakpoint on the test line
            top = a.top(thread)
            lines.append(top["line"])
            if top["line"] == line_of("tail.ark", "tail-test") and a.evaluate("n", top["id"])["result"] == "2":
                break
        else:
            self.fail("never back at the test with n = 2: %s" % lines)
        self.assertEqual(a.request("stackTrace", {"threadId": thread})["totalFrames"], 2)
        a.request("setBreakpoints", {"source": {"path": program("tail.ark")}, "breakpoints": []})
        a.request("continue", {"threadId": thread})
        a.finish()
        self.assertEqual(a.output, "6\n")

    def test_step_out_of_a_task_stops_after_its_await(self):
        a = Adapter()
        a.start("tasks.ark", breakpoints=[line_of("tasks.ark", "in-task")])
        task = a.stopped(reason="breakpoint")["threadId"]
        a.request("stepOut", {"threadId": task})
        stop = a.stopped(reason="step")
        self.assertNotEqual(stop["threadId"], task)
        top = a.top(stop["threadId"])
        self.assertEqual((top["name"], top["line"]), ("<global>", line_of("tasks.ark", "await")))
        a.request("continue", {"threadId": stop["threadId"]})
        a.finish()
        self.assertEqual(a.output, "result 42\n")

    def test_step_into_async(self):
        a = Adapter()
        a.start("tasks.ark", breakpoints=[line_of("tasks.ark", "spawn")])
        main = a.stopped(reason="breakpoint")["threadId"]
        a.request("stepIn", {"threadId": main})
        stop = a.wait(lambda m: m.get("event") == "stopped" and m["body"]["threadId"] != main, "a stop in the task")
        task = stop["body"]["threadId"]
        top = a.top(task)
        self.assertEqual(top["name"], "work")
        names = {t["id"]: t["name"] for t in a.request("threads")["threads"]}
        self.assertRegex(names[task], r"^task %d: work \(spawned at tasks\.ark:%d\)$" % (task, line_of("tasks.ark", "spawn")))
        self.assertEqual(a.variables_of(top["id"])["n"]["value"], "21")
        a.request("continue", {"threadId": task})
        a.finish()
        self.assertEqual(a.output, "result 42\n")


if __name__ == "__main__":
    unittest.main()
