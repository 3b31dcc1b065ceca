"""`ark run --debugger`: the terminal front end of the debugger core, driven on stdin."""
import os
import subprocess
import unittest

from dap_client import ark_binary, program, DEADLINE


def run(name, commands, *extra):
    p = subprocess.run([ark_binary(), "run", "--debugger", program(name), *extra], input=commands,
                       capture_output=True, text=True, timeout=DEADLINE)
    return p.returncode, p.stdout, p.stderr


class CliDebugger(unittest.TestCase):
    def test_breakpoint_form_prompt(self):
        status, out, _ = run("prompt.ark", "stack\nlocals\nlocals 1\nframe 1\n(set x 7)\nx\nc\n")
        self.assertEqual(status, 0)
        self.assertIn("[debugger] stopped (breakpoint): (breakpoint) in inner at prompt.ark:4:3", out)
        self.assertIn("#0 inner (prompt.ark:4:3)\n  #1 outer (prompt.ark:7:", out)
        self.assertIn("#2 <global> (prompt.ark:9:", out)
        self.assertIn("  x = 40\n  z = 41\n", out)          # the innermost frame
        self.assertIn("  x = 4\n", out)                     # outer's own x under shallow binding
        self.assertIn("dbg> 7\ndbg> 7\n", out)              # set in the outer frame, read back
        self.assertTrue(out.endswith("48\n"), out)          # r = 41, outer x = 7

    def test_step_and_help(self):
        status, out, _ = run("prompt.ark", "help\nnext\nz\nc\n")
        self.assertEqual(status, 0)
        self.assertIn("stack [N]", out)
        self.assertIn("stopped (step) in inner at prompt.ark:5:", out)
        self.assertIn("dbg> 41\n", out)
        self.assertTrue(out.endswith("45\n"), out)

    def test_uncaught_error_and_quit(self):
        status, out, err = run("error.ark", "stack\nlocals\nv\nq\n")
        self.assertEqual(status, 1)
        self.assertIn("stopped (exception): TypeError:", out)
        self.assertIn("#0 explode (error.ark:2:", out)
        self.assertIn("  v = 5\n", out)

    def test_continue_after_error_prints_it(self):
        status, out, err = run("error.ark", "c\n")
        self.assertEqual(status, 1)
        self.assertIn("TypeError", err)

    def test_eof_runs_to_the_end_and_plain_run_ignores_breakpoints(self):
        status, out, _ = run("prompt.ark", "")
        self.assertEqual(status, 0)
        self.assertTrue(out.endswith("45\n"))
        p = subprocess.run([ark_binary(), "run", program("prompt.ark")], capture_output=True, text=True, timeout=DEADLINE)
        self.assertEqual(p.stdout, "45\n")

    def test_compile_error(self):
        status, out, err = run("broken.ark", "")
        self.assertEqual(status, 255)
        self.assertIn("broken.ark:3:13: NameError[E0101]", err)

    def test_evaluate_errors_keep_the_prompt(self):
        status, out, _ = run("prompt.ark", "(+ x \"a\")\nnothing-here\nx\nc\n")
        self.assertEqual(status, 0)
        self.assertIn("error: TypeError", out)
        self.assertIn("dbg> 40\n", out)


if __name__ == "__main__":
    unittest.main()
