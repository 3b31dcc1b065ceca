"""Scopes and variables under shallow binding, expandable values, setVariable,
evaluate (side effects, errors, hover/watch)."""
import unittest

from dap_client import Adapter, line_of, program


class Variables(unittest.TestCase):
    def stop_in_inner(self, a):
        a.start("shadow.ark", breakpoints=[line_of("shadow.ark", "in-inner")])
        thread = a.stopped(reason="breakpoint")["threadId"]
        frames = a.request("stackTrace", {"threadId": thread})["stackFrames"]
        self.assertEqual([f["name"] for f in frames], ["inner", "outer", "<global>"])
        return thread, frames

    def test_each_frame_sees_its_own_values(self):
        a = Adapter()
        thread, frames = self.stop_in_inner(a)
        self.assertEqual(a.variables_of(frames[0]["id"])["x"]["value"], "40")
        self.assertEqual(a.variables_of(frames[1]["id"])["x"]["value"], "4")
        self.assertEqual(a.evaluate("x", frames[1]["id"])["result"], "4")
        self.assertEqual(a.evaluate("(* x 2)", frames[0]["id"])["result"], "80")
        # set in the outer frame: the inner frame still sees its own x
        self.assertEqual(a.evaluate("(set x 7)", frames[1]["id"])["result"], "7")
        self.assertEqual(a.variables_of(frames[0]["id"])["x"]["value"], "40")
        self.assertEqual(a.variables_of(frames[1]["id"])["x"]["value"], "7")
        a.request("continue", {"threadId": thread})
        a.finish()
        self.assertEqual(a.output, "48\n")  # z = 41, then (+ r x) with the outer x = 7

    def test_set_variable_writes_where_the_frame_reads(self):
        a = Adapter()
        thread, frames = self.stop_in_inner(a)
        scopes = a.request("scopes", {"frameId": frames[0]["id"]})["scopes"]
        locals_ref = [s for s in scopes if s["name"] == "Locals"][0]["variablesReference"]
        self.assertEqual(a.request("setVariable", {"variablesReference": locals_ref, "name": "x", "value": "100"})["value"], "100")
        self.assertIn("no variable", a.failing("setVariable", {"variablesReference": locals_ref, "name": "nope", "value": "1"}))
        a.request("continue", {"threadId": thread})
        a.finish()
        self.assertEqual(a.output, "105\n")  # z = 101, outer x still 4

    def test_lists_closures_and_globals(self):
        a = Adapter()
        a.start("closure.ark", breakpoints=[line_of("closure.ark", "in-closure")])
        thread = a.stopped(reason="breakpoint")["threadId"]
        top = a.top(thread)
        self.assertEqual(a.variables_of(top["id"])["step"]["value"], "2")
        self.assertEqual(a.variables_of(top["id"], "Captured")["count"]["value"], "5")
        a.request("continue", {"threadId": thread})
        a.finish()
        self.assertEqual(a.output, "7\n")

        b = Adapter()
        b.start("basic.ark", breakpoints=[line_of("basic.ark", "in-f")])
        thread = b.stopped(reason="breakpoint")["threadId"]
        top = b.top(thread)
        numbers = b.variables_of(top["id"], "Globals")["numbers"]
        self.assertEqual(numbers["indexedVariables"], 3)
        items = b.request("variables", {"variablesReference": numbers["variablesReference"], "start": 1, "count": 2})["variables"]
        self.assertEqual([(v["name"], v["value"]) for v in items], [("[1]", "2"), ("[2]", "3")])
        add = b.variables_of(top["id"], "Globals")["add"]
        self.assertEqual(add["type"], "Function")
        b.request("continue", {"threadId": thread})
        b.finish()

    def test_a_package_closure_shows_its_fields_by_their_short_names(self):
        a = Adapter()
        a.request("initialize", {"adapterID": "arkscript"})
        a.request("launch", {"program": program("package_closure.ark")})
        a.event("initialized")
        a.request("setBreakpoints", {"source": {"path": program("lib/tally.ark")},
                                     "breakpoints": [{"line": line_of("lib/tally.ark", "in-counter")}]})
        a.request("setBreakpoints", {"source": {"path": program("package_closure.ark")},
                                     "breakpoints": [{"line": line_of("package_closure.ark", "after-call")}]})
        a.request("configurationDone")
        thread = a.stopped(reason="breakpoint")["threadId"]
        top = a.top(thread)
        captured = a.variables_of(top["id"], "Captured")
        self.assertEqual([(name, v["value"]) for name, v in captured.items()], [("count", "5")])
        scopes = a.request("scopes", {"frameId": top["id"]})["scopes"]
        captured_ref = [s for s in scopes if s["name"] == "Captured"][0]["variablesReference"]
        self.assertEqual(a.request("setVariable", {"variablesReference": captured_ref, "name": "count", "value": "10"})["value"], "10")
        a.request("continue", {"threadId": thread})
        thread = a.stopped(reason="breakpoint")["threadId"]
        counter = a.variables_of(a.top(thread)["id"], "Globals")["tally:counter"]
        fields = a.request("variables", {"variablesReference": counter["variablesReference"]})["variables"]
        self.assertEqual([(v["name"], v["value"]) for v in fields], [("count", "11")])
        a.request("continue", {"threadId": thread})
        a.finish()
        self.assertEqual(a.output, "11\n11\n")

    def test_lock_state(self):
        a = Adapter()
        a.start("locks.ark")
        thread = a.stopped(reason="breakpoint")["threadId"]
        guard = a.variables_of(a.top(thread)["id"], "Globals")["guard"]
        self.assertEqual(guard["type"], "Lock")
        state = a.request("variables", {"variablesReference": guard["variablesReference"]})["variables"]
        self.assertEqual([(v["name"], v["value"]) for v in state], [("state", "held")])
        a.request("continue", {"threadId": thread})
        a.finish()
        self.assertEqual(a.output, "done\n")

    def test_completions_offer_the_frame_names(self):
        a = Adapter()
        caps, _ = a.start("shadow.ark", breakpoints=[line_of("shadow.ark", "in-inner")])
        self.assertTrue(caps["supportsCompletionsRequest"])
        thread = a.stopped(reason="breakpoint")["threadId"]
        frames = a.request("stackTrace", {"threadId": thread})["stackFrames"]
        targets = a.request("completions", {"text": "(+ x", "column": 5, "frameId": frames[0]["id"]})["targets"]
        labels = [t["label"] for t in targets]
        self.assertIn("x", labels)
        self.assertNotIn("__ark_debug_eval__", labels)
        targets = a.request("completions", {"text": "(pri", "column": 5, "frameId": frames[0]["id"]})["targets"]
        printing = [t for t in targets if t["label"] == "print"]
        self.assertEqual(len(printing), 1)
        self.assertEqual((printing[0]["start"], printing[0]["length"]), (2, 3))
        self.assertIn("outer", [t["label"] for t in a.request("completions", {"text": "ou", "column": 3})["targets"]])
        a.request("continue", {"threadId": thread})
        a.finish()

    def test_evaluate_side_effects_errors_and_hover(self):
        a = Adapter()
        a.start("basic.ark", breakpoints=[line_of("basic.ark", "call-add")])
        thread = a.stopped(reason="breakpoint")["threadId"]
        frame = a.top(thread)["id"]
        self.assertIn("TypeError", a.failing("evaluate", {"expression": "(+ 1 \"a\")", "frameId": frame, "context": "repl"}))
        self.assertIn("unbound", a.failing("evaluate", {"expression": "no-such-name", "frameId": frame}).lower())
        self.assertIn("balance", a.failing("evaluate", {"expression": "(+ 1", "frameId": frame}))
        self.assertIn("not evaluated", a.failing("evaluate", {"expression": "(set y 1)", "frameId": frame, "context": "hover"}))
        self.assertIn("not evaluated", a.failing("evaluate", {"expression": "(print 1)", "frameId": frame, "context": "watch"}))
        self.assertEqual(a.evaluate("(+ y 1)", frame, "hover")["result"], "7")
        self.assertEqual(a.evaluate("(@ numbers 0)", frame, "watch")["result"], "1")
        self.assertEqual(a.evaluate("(set y 100)", frame)["result"], "100")
        a.request("continue", {"threadId": thread})
        a.finish()
        self.assertEqual(a.output, "total 110\ndone\n")


if __name__ == "__main__":
    unittest.main()
