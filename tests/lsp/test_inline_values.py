"""textDocument/inlineValue: the variables of the lines down to a stopped
location, in scope there, as variable lookups for a debugger."""
from fixture import as_tuple
from support import ServerTest, URI

PROGRAM = """(let limit 10)
(let step (fun (x) {
  (let doubled (* x 2))
  (mut total (+ doubled limit))
  (print total)
  total }))
(let other 5)
(step other)
"""


class InlineValueTest(ServerTest):
    def values(self, stopped_line, visible=((0, 0), (8, 0))):
        self.server.open(URI, PROGRAM)
        stop = {"start": {"line": stopped_line, "character": 2}, "end": {"line": stopped_line, "character": 2}}
        result = self.server.result("textDocument/inlineValue", {
            "textDocument": {"uri": URI},
            "range": {"start": {"line": visible[0][0], "character": visible[0][1]},
                      "end": {"line": visible[1][0], "character": visible[1][1]}},
            "context": {"frameId": 1, "stoppedLocation": stop}})
        for value in result:
            self.assertTrue(value["caseSensitiveLookup"])
        return [(as_tuple(v["range"])[0], v["variableName"]) for v in result]

    def test_variables_of_the_function_down_to_the_stopped_line(self):
        self.assertEqual(self.values(4), [
            ((1, 16), "x"),
            ((2, 7), "doubled"), ((2, 18), "x"),
            ((3, 7), "total"), ((3, 16), "doubled"), ((3, 24), "limit"),
            ((4, 9), "total"),
        ])

    def test_only_the_visible_range(self):
        self.assertEqual(self.values(4, visible=((3, 0), (8, 0))), [
            ((3, 7), "total"), ((3, 16), "doubled"), ((3, 24), "limit"), ((4, 9), "total")])

    def test_at_the_top_level_the_stopped_form(self):
        self.assertEqual(self.values(7), [((7, 6), "other")])

    def test_capability(self):
        self.assertTrue(self.init_result["capabilities"]["inlineValueProvider"])
