"""Call hierarchy: prepare, incoming and outgoing calls, across an import,
with calls through `async` marked in the item's detail."""
from fixture import as_tuple
from workspace_support import WorkspaceFolderTest

LIB = """(let helper (fun (x) (* x 2)))
(let twice (fun (x) (helper (helper x))))
"""

MAIN = """(import lib:*)
(let run (fun (n) {
  (let task (async helper n))
  (print (await task) (twice n)) }))
(run 3)
(print (helper 1))
"""


class CallHierarchyTest(WorkspaceFolderTest):
    def setUp(self):
        super().setUp()
        self.write("lib.ark", LIB)
        self.write("main.ark", MAIN)
        self.start()
        self.open("main.ark")

    def prepare(self, line, character):
        return self.server.result("textDocument/prepareCallHierarchy", {
            "textDocument": {"uri": self.uri("main.ark")}, "position": {"line": line, "character": character}})

    def test_prepare_on_a_use_gives_the_definition_in_the_imported_file(self):
        items = self.prepare(5, 8)  # (print (helper 1))
        self.assertEqual(len(items), 1)
        self.assertEqual(items[0]["name"], "lib:helper")  # a package name carries its prefix (4.0)
        self.assertEqual(items[0]["kind"], 12)
        self.assertEqual(items[0]["uri"], self.uri("lib.ark"))
        self.assertEqual(as_tuple(items[0]["selectionRange"]), ((0, 5), (0, 11)))
        self.assertEqual(items[0]["detail"], "(fun (x))")

    def test_prepare_on_a_non_function_gives_nothing(self):
        self.assertIsNone(self.prepare(4, 5))  # the literal 3

    def test_incoming_calls_across_files_with_async_marked(self):
        helper = self.prepare(5, 8)[0]
        calls = self.server.result("callHierarchy/incomingCalls", {"item": helper})
        summary = sorted((c["from"]["name"], c["from"]["detail"], c["from"]["uri"].rsplit("/", 1)[1],
                          [as_tuple(r) for r in c["fromRanges"]]) for c in calls)
        self.assertEqual(summary, [
            ("lib:twice", "(fun (x))", "lib.ark", [((1, 21), (1, 27)), ((1, 29), (1, 35))]),
            ("run", "(fun (n)) · through async", "main.ark", [((2, 19), (2, 25))]),
            ("top level of main.ark", "top level", "main.ark", [((5, 8), (5, 14))]),
        ])

    def test_incoming_calls_from_files_that_import_the_module(self):
        # Asked from lib.ark, whose analysis does not contain main.ark: the
        # workspace files importing it are built for their calls.
        self.write("sub/nothing.ark", "(let unrelated (fun () 1))\n")
        self.open("lib.ark")
        helper = self.server.result("textDocument/prepareCallHierarchy", {
            "textDocument": {"uri": self.uri("lib.ark")}, "position": {"line": 0, "character": 6}})[0]
        self.assertEqual(helper["uri"], self.uri("lib.ark"))
        calls = self.server.result("callHierarchy/incomingCalls", {"item": helper})
        summary = sorted((c["from"]["name"], c["from"]["detail"], c["from"]["uri"].rsplit("/", 1)[1],
                          [as_tuple(r) for r in c["fromRanges"]]) for c in calls)
        self.assertEqual(summary, [
            ("run", "(fun (n)) · through async", "main.ark", [((2, 19), (2, 25))]),
            ("top level of main.ark", "top level", "main.ark", [((5, 8), (5, 14))]),
            ("twice", "(fun (x))", "lib.ark", [((1, 21), (1, 27)), ((1, 29), (1, 35))]),
        ])

    def test_outgoing_calls(self):
        run = self.prepare(1, 6)[0]
        self.assertEqual(run["name"], "run")
        calls = self.server.result("callHierarchy/outgoingCalls", {"item": run})
        summary = sorted((c["to"]["name"], c["to"]["detail"], c["to"]["uri"].rsplit("/", 1)[1],
                          [as_tuple(r) for r in c["fromRanges"]]) for c in calls)
        self.assertEqual(summary, [
            ("lib:helper", "(fun (x)) · through async", "lib.ark", [((2, 19), (2, 25))]),
            ("lib:twice", "(fun (x))", "lib.ark", [((3, 23), (3, 28))]),
        ])

    def test_capability(self):
        self.assertTrue(self.init_result["capabilities"]["callHierarchyProvider"])
