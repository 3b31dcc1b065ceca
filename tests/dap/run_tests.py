#!/usr/bin/env python3
"""Runs the debug adapter (ark dap) session tests against a real binary.

    tests/dap/run_tests.py ARK_BINARY [unittest args, e.g. -k cancel]

Exits non-zero if any test fails.
"""
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


def main(argv):
    if len(argv) > 1 and not argv[1].startswith("-"):
        os.environ["ARK_BINARY"] = os.path.abspath(argv[1])
        argv = argv[:1] + argv[2:]
    binary = os.environ.get("ARK_BINARY", "/work/main/build/ark")
    if not os.access(binary, os.X_OK):
        print("run_tests.py: no executable at %s (pass the path of `ark`)" % binary, file=sys.stderr)
        return 2
    sys.path.insert(0, HERE)
    program = unittest.main(module=None, argv=[argv[0], "discover", "-s", HERE, "-p", "test_*.py", *argv[1:]],
                            exit=False, verbosity=2)
    return 0 if program.result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
