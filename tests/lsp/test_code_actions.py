"""Code actions through the real binary: each refactoring is applied to a
program, and the result must compile with no new diagnostic and print what the
original printed (both are run with `ark run`). Quick fixes, source.fixAll and
organize imports too."""
import os
import shutil
import subprocess
import tempfile

from fixture import parse_cursor, position
from lsp_client import DEADLINE, ark_binary
from support import ServerTest

ROOT = "/tmp/ark-lsp-test"


def offset_of(text, line_column):
    """Byte-free offset (Python str index) of an LSP position; the fixtures are ASCII."""
    lines = text.split("\n")
    return sum(len(line) + 1 for line in lines[:line_column["line"]]) + line_column["character"]


def apply_edits(text, edits):
    """Applies LSP TextEdits (non-overlapping) to a text."""
    spans = sorted(((offset_of(text, e["range"]["start"]), offset_of(text, e["range"]["end"]), e["newText"])
                    for e in edits), reverse=True)
    for start, end, new_text in spans:
        text = text[:start] + new_text + text[end:]
    return text


class CodeActionTest(ServerTest):
    def setUp(self):
        super().setUp()
        self.folder = tempfile.mkdtemp(prefix="ark-lsp-actions-")
        self.addCleanup(shutil.rmtree, self.folder, True)
        self.version = 0

    def run_program(self, text):
        path = os.path.join(self.folder, "program.ark")
        with open(path, "w") as out:
            out.write(text)
        done = subprocess.run([ark_binary(), "run", path], capture_output=True, text=True, timeout=DEADLINE)
        return done.returncode, done.stdout

    def uri(self):
        return "file://" + os.path.join(self.folder, "main.ark")

    def diagnostics_of(self, text):
        """Opens (or replaces) the document and returns its linted diagnostics, pulled."""
        self.version += 1
        if self.version == 1:
            self.server.open(self.uri(), text)
        else:
            self.server.change(self.uri(), self.version, [{"text": text}])
        report = self.server.result("textDocument/diagnostic", {"textDocument": {"uri": self.uri()}})
        return sorted((d["code"], d["message"]) for d in report["items"])

    def actions(self, source, only=None):
        text, cursors = parse_cursor(source)
        self.text = text
        self.before = self.diagnostics_of(text)
        start = cursors[0]
        end = cursors[1] if len(cursors) > 1 else cursors[0]
        context = {"diagnostics": []}
        if only:
            context["only"] = only
        return self.server.result("textDocument/codeAction", {
            "textDocument": {"uri": self.uri()}, "range": {"start": position(start), "end": position(end)},
            "context": context})

    def action(self, source, kind, title_part=""):
        found = [a for a in self.actions(source) if a["kind"] == kind and title_part in a["title"]]
        self.assertEqual(len(found), 1, [(a["kind"], a["title"]) for a in self.actions(source)])
        return found[0]

    def assertRefactors(self, source, kind, expected_text, title_part=""):
        """Applies the action, checks the text, then that the result has no new
        diagnostic and prints the same as the original."""
        action = self.action(source, kind, title_part)
        edits = action["edit"]["changes"][self.uri()]
        after = apply_edits(self.text, edits)
        self.assertEqual(after, expected_text)
        self.assertEqual(self.diagnostics_of(after), self.before)
        code_before, out_before = self.run_program(self.text)
        code_after, out_after = self.run_program(after)
        self.assertEqual((code_before, out_before), (0, out_before))
        self.assertEqual((code_after, out_after), (code_before, out_before))
        self.assertTrue(out_before, "the program must print something to compare")

    def assertNotOffered(self, source, kind):
        self.assertEqual([a["title"] for a in self.actions(source) if a["kind"] == kind], [])


class ExtractTest(CodeActionTest):
    def test_extract_variable(self):
        self.assertRefactors("""(let f (fun (x) {
  (print (* $0(+ x 1)$0 2))
  x }))
(f 4)
""", "refactor.extract", """(let f (fun (x) {
  (let value (+ x 1))
  (print (* value 2))
  x }))
(f 4)
""", "variable")

    def test_extract_variable_inside_a_loop_body_stays_in_it(self):
        self.assertRefactors("""(mut i 0)
(while (< i 3) {
  (print $0(* i 2)$0)
  (set i (+ i 1)) })
""", "refactor.extract", """(mut i 0)
(while (< i 3) {
  (let value (* i 2))
  (print value)
  (set i (+ i 1)) })
""", "variable")

    def test_extract_variable_is_not_offered_out_of_a_loop_or_a_branch(self):
        self.assertEqual([a["title"] for a in self.actions("""(mut i 0)
(while (< (set i (+ i 1)) 3) (print $0(* i 2)$0))
""") if "variable" in a["title"]], [])
        self.assertEqual([a["title"] for a in self.actions("""(let g (fun (x) (if (> x 0) $0(print x)$0 nil)))
(g 1)
""") if "variable" in a["title"]], [])

    def test_extract_function_free_names_become_parameters(self):
        self.assertRefactors("""(let area (fun (w h) {
  (let margin 2)
  (print $0(* (+ w margin) (+ h margin))$0) }))
(area 3 4)
""", "refactor.extract", """(let extracted (fun (w margin h) (* (+ w margin) (+ h margin))))

(let area (fun (w h) {
  (let margin 2)
  (print (extracted w margin h)) }))
(area 3 4)
""", "function")

    def test_extract_function_refuses_a_set_of_a_local(self):
        self.assertEqual([a["title"] for a in self.actions("""(let f (fun () {
  (mut n 0)
  $0(set n (+ n 1))$0
  (print n) }))
(f)
""") if "function" in a["title"]], [])


class InlineTest(CodeActionTest):
    def test_inline_variable(self):
        self.assertRefactors("""(let f (fun (x) {
  (let d$0ouble (* x 2))
  (print double (+ double 1))
  nil }))
(f 5)
""", "refactor.inline", """(let f (fun (x) {
  (print (* x 2) (+ (* x 2) 1))
  nil }))
(f 5)
""")

    def test_inline_refuses_a_captured_variable(self):
        self.assertNotOffered("""(let step$0 2)
(let add (fun (&step x) (+ x step)))
(print (add 1))
""", "refactor.inline")

    def test_inline_refuses_a_value_with_effects(self):
        self.assertNotOffered("""(let t$0 (print "once"))
(print t t)
""", "refactor.inline")


class BindingTest(CodeActionTest):
    def test_let_to_mut(self):
        self.assertRefactors("""(l$0et total 3)
(print total)
""", "refactor.rewrite", """(mut total 3)
(print total)
""", "mutable")

    def test_mut_to_let_when_never_set(self):
        self.assertRefactors("""(mut t$0otal 3)
(print total)
""", "refactor.rewrite", """(let total 3)
(print total)
""", "constant")

    def test_mut_to_let_is_not_offered_when_set(self):
        self.assertEqual([a["title"] for a in self.actions("""(mut t$0otal 3)
(set total 4)
(print total)
""") if "constant" in a["title"]], [])


class AsyncRewriteTest(CodeActionTest):
    def test_wrap_a_call_in_async_await(self):
        self.assertRefactors("""(let square (fun (x) (* x x)))
(print ($0square 7))
""", "refactor.rewrite", """(let square (fun (x) (* x x)))
(print (await (async square 7)))
""", "async")

    def test_unwrap_async_await(self):
        self.assertRefactors("""(let square (fun (x) (* x x)))
(print (await (async squ$0are 7)))
""", "refactor.rewrite", """(let square (fun (x) (* x x)))
(print (square 7))
""", "directly")

    def test_not_offered_for_a_function_that_sets_a_variable_it_does_not_bind(self):
        self.assertEqual([a["title"] for a in self.actions("""(mut hits 0)
(let hit (fun () (set hits (+ hits 1))))
($0hit)
(print hits)
""") if "async" in a["title"]], [])


class LockTest(CodeActionTest):
    def test_wrap_in_lock_with(self):
        self.assertRefactors("""(let guard (lock:new))
(let work (fun (x) {
  $0(print (* x 3))$0
  x }))
(work 2)
""", "refactor.rewrite", """(let guard (lock:new))
(let work (fun (x) {
  (lock:with guard (fun () (print (* x 3))))
  x }))
(work 2)
""", "lock:with")


    def test_wrap_a_function_body_that_sets_a_global(self):
        self.assertRefactors("""(let guard (lock:new))
(mut total 0)
(let add (fun (n) $0{
  (set total (+ total n))
  total }$0))
(print (add 2) (add 3))
""", "refactor.rewrite", """(let guard (lock:new))
(mut total 0)
(let add (fun (n) (lock:with guard (fun () {
  (set total (+ total n))
  total }))))
(print (add 2) (add 3))
""", "lock:with")

    def test_a_block_that_defines_a_name_is_not_wrapped(self):
        self.assertEqual([a["title"] for a in self.actions("""(let guard (lock:new))
(let f (fun () {
  $0{ (let inner 1) (print inner) }$0
  inner }))
(f)
""") if "lock:with" in a["title"]], [])


class ImportActionsTest(CodeActionTest):
    def test_organize_imports(self):
        with open(os.path.join(self.folder, "beta.ark"), "w") as out:
            out.write("(let b-value 2)\n")
        with open(os.path.join(self.folder, "alpha.ark"), "w") as out:
            out.write("(let a-value 1)\n(let a-other 3)\n")
        self.assertRefactors("""(import beta:*)
(import al$0pha :a-value)
(import alpha :a-other)
(print b-value a-value a-other)
""", "source.organizeImports", """(import alpha :a-other :a-value)
(import beta:*)
(print b-value a-value a-other)
""")

    def test_add_the_missing_std_import(self):
        text, _ = parse_cursor("(print (list:sum$0 [1 2 3]))\n")
        std_modules = [name[:-4] for name in os.listdir(os.path.join(os.path.dirname(__file__), "..", "..", "std"))
                       if name.endswith(".ark") and name[:-4].lower() == "list"]
        self.assertEqual(len(std_modules), 1)
        action = self.action("(print (list:sum$0 [1 2 3]))\n", "quickfix", "import")
        # analysis' E0113 carries the fix (the one `ark migrate` applies)
        self.assertEqual(action["title"], "add (import std.%s)" % std_modules[0])
        after = apply_edits(self.text, action["edit"]["changes"][self.uri()])
        self.assertEqual(after, "(import std.%s)\n(print (list:sum [1 2 3]))\n" % std_modules[0])
        self.assertIn("E0113", [code for code, _ in self.before])
        self.assertNotIn("E0113", [code for code, _ in self.diagnostics_of(after)])
        self.assertEqual(self.run_program(after), (0, "6\n"))


class FixAllTest(CodeActionTest):
    def test_fix_all_applies_every_safe_lint_fix(self):
        actions = self.actions("""(let f (fun (a $0unused) {
  (let never 1)
  (print a) }))
(f 1 2)
""", only=["source.fixAll"])
        self.assertEqual([a["kind"] for a in actions], ["source.fixAll"])
        after = apply_edits(self.text, actions[0]["edit"]["changes"][self.uri()])
        lint_codes = lambda diagnostics: [code for code, _ in diagnostics if code.startswith("A")]
        self.assertTrue(lint_codes(self.before))
        self.assertEqual(lint_codes(self.diagnostics_of(after)), [])
        self.assertEqual(self.run_program(after), self.run_program(self.text))

    def test_quick_fixes_keep_working(self):
        actions = self.actions("(let a 1)\n(set $0a 2)\n(print a)\n")
        fixes = [a for a in actions if a["kind"] == "quickfix"]
        self.assertTrue(fixes)
        self.assertEqual(fixes[0]["diagnostics"][0]["code"], "E0107")
        self.assertEqual([e["newText"] for e in fixes[0]["edit"]["changes"][self.uri()]], ["mut"])

    def test_only_filters_by_kind(self):
        kinds = {a["kind"] for a in self.actions("(print $0(+ 1 2)$0)\n", only=["refactor.extract"])}
        self.assertEqual(kinds, {"refactor.extract"})
