"""The runner of the protocol session suites (tests/lsp, tests/dap): unittest
discovery of test_*.py in the suite's folder, against the `ark` binary given
first on the command line (or $ARK_BINARY)."""
import os
import sys
import unittest


def run(suite_folder, argv):
    """Runs the suite; returns the process's exit status (2: no binary)."""
    if len(argv) > 1 and not argv[1].startswith("-"):
        os.environ["ARK_BINARY"] = os.path.abspath(argv[1])
        argv = argv[:1] + argv[2:]
    binary = os.environ.get("ARK_BINARY", "/work/main/build/ark")
    if not os.access(binary, os.X_OK):
        print("run_tests.py: no executable at %s (pass the path of `ark`)" % binary, file=sys.stderr)
        return 2
    sys.path.insert(0, suite_folder)
    program = unittest.main(module=None, argv=[argv[0], "discover", "-s", suite_folder, "-p", "test_*.py", *argv[1:]],
                            exit=False, verbosity=2)
    return 0 if program.result.wasSuccessful() else 1
