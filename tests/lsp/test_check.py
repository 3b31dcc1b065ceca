"""`ark lsp --check FILE`: every feature at every token, without an editor."""
import os
import re
import subprocess
import tempfile
import unittest

from lsp_client import DEADLINE, ark_binary

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.join(HERE, "..", "programs", "examples")


def check(path, deadline=DEADLINE * 6):
    return subprocess.run([ark_binary(), "lsp", "--check", path], capture_output=True, text=True, timeout=deadline)


class CheckTest(unittest.TestCase):
    def test_every_example_program_passes(self):
        examples = sorted(f for f in os.listdir(EXAMPLES) if f.endswith(".ark"))
        self.assertTrue(examples)
        for name in examples:
            with self.subTest(name):
                run = check(os.path.join(EXAMPLES, name))
                self.assertEqual(run.returncode, 0, run.stdout[-2000:] + run.stderr[-2000:])
                self.assertRegex(run.stdout, r"\d+ positions checked, 0 internal errors")
                for method in ("textDocument/hover", "textDocument/completion", "textDocument/signatureHelp",
                               "textDocument/rename", "textDocument/formatting", "textDocument/inlayHint"):
                    self.assertIn(method, run.stdout)

    def test_broken_program_and_invalid_utf8(self):
        with tempfile.NamedTemporaryFile("wb", suffix=".ark", delete=False) as out:
            out.write(b'(let f (fun (a b) {\n  (print "\xff\xfe" a\n(f 1 2 3\n(set f (+ 1 )) ] ) # \xc3\n')
        self.addCleanup(os.remove, out.name)
        run = check(out.name)
        self.assertEqual(run.returncode, 0, run.stdout[-2000:] + run.stderr[-2000:])
        self.assertIn("E0004", run.stdout)  # the diagnostics are listed first

    def test_report_has_a_timing_table(self):
        run = check(os.path.join(EXAMPLES, sorted(os.listdir(EXAMPLES))[0]))
        row = re.search(r"^textDocument/hover\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+0$", run.stdout, re.M)
        self.assertIsNotNone(row, run.stdout)
        self.assertGreater(int(row.group(1)), 0)

    def test_missing_file(self):
        run = check("/nonexistent/file.ark")
        self.assertEqual(run.returncode, 2)
        self.assertIn("cannot read", run.stderr)


if __name__ == "__main__":
    unittest.main()
