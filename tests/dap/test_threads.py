"""Tasks as threads: breakpoints in tasks, all-stop, errors raised in a task,
pause of a program looping forever. These run under ThreadSanitizer in CI."""
import unittest

from dap_client import Adapter, line_of


class Threads(unittest.TestCase):
    def test_breakpoint_in_task_stops_all(self):
        a = Adapter()
        a.start("tasks.ark", breakpoints=[line_of("tasks.ark", "in-task")])
        stop = a.stopped(reason="breakpoint")
        self.assertTrue(stop["allThreadsStopped"])
        task = stop["threadId"]
        names = {t["id"]: t["name"] for t in a.request("threads")["threads"]}
        self.assertRegex(names[task], r"^task %d: work \(spawned at tasks\.ark:%d\)$" % (task, line_of("tasks.ark", "spawn")))
        top = a.top(task)
        self.assertEqual(top["name"], "work")
        self.assertEqual(a.variables_of(top["id"])["n"]["value"], "21")
        self.assertEqual(a.evaluate("(* n 3)", top["id"])["result"], "63")  # runs on the task's thread
        # the main thread stopped too, at its next safe point (or waiting in await)
        main = [t for t in names if names[t] == "main"][0]
        self.assertIn(a.top(main)["name"], ("<global>", "waiting in await"))
        # resumed alone, it runs into the await of the stopped task, and shows that as its top frame
        a.request("continue", {"threadId": main, "singleThread": True})
        frames = a.request("stackTrace", {"threadId": main})["stackFrames"]
        self.assertEqual(frames[0]["name"], "waiting in await")
        self.assertEqual(frames[0]["line"], line_of("tasks.ark", "await"))
        fut = a.variables_of(frames[-1]["id"], "Globals")["fut"]
        self.assertEqual(fut["type"], "Future")
        state = a.request("variables", {"variablesReference": fut["variablesReference"]})["variables"][0]
        self.assertEqual((state["name"], state["value"]), ("state", "running"))
        a.request("continue", {"threadId": task})
        a.finish()
        self.assertEqual(a.output, "result 42\n")
        exits = [m for m in a.seen if m.get("event") == "thread" and m["body"]["reason"] == "exited"]
        self.assertEqual(len(exits), 2)

    def test_error_in_task_stops_there(self):
        a = Adapter()
        a.start("task_error.ark", filters=["uncaught"])
        stop = a.stopped(reason="exception")
        self.assertIn("TypeError", stop["text"])
        top = a.top(stop["threadId"])
        self.assertEqual(top["name"], "bad")
        self.assertEqual(top["line"], line_of("task_error.ark", "task-raise"))
        info = a.request("exceptionInfo", {"threadId": stop["threadId"]})
        self.assertEqual(info["exceptionId"], "TypeError")
        a.request("continue", {"threadId": stop["threadId"]})
        exited = a.event("exited")
        self.assertEqual(exited["exitCode"], 1)
        a.finish()
        self.assertIn("TypeError", a.output)

    def test_no_exception_stop_without_filters(self):
        a = Adapter()
        a.start("error.ark", filters=[])
        self.assertEqual(a.event("exited")["exitCode"], 1)
        a.finish()
        self.assertFalse(any(m.get("event") == "stopped" for m in a.seen))
        self.assertIn("before\n", a.output)

    def test_pause_a_loop_forever_then_terminate(self):
        a = Adapter()
        a.start("forever.ark")
        a.event("output", output="looping\n")
        a.request("pause", {"threadId": 1})
        stop = a.stopped(reason="pause")
        top = a.top(stop["threadId"])
        self.assertIn(top["line"], range(line_of("forever.ark", "loop-body") - 2, line_of("forever.ark", "loop-body") + 1))
        self.assertGreaterEqual(float(a.evaluate("i", top["id"])["result"]), 0)
        a.request("pause", {"threadId": 1})  # stopped already: nothing happens
        a.request("continue", {"threadId": stop["threadId"]})
        a.request("pause", {"threadId": 1})
        a.stopped(reason="pause")
        self.assertEqual(len([m for m in a.seen if m.get("event") == "stopped"]), 2)
        a.request("terminate", {})
        a.event("terminated")
        a.request("disconnect", {})
        a.close()


if __name__ == "__main__":
    unittest.main()
