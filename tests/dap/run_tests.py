#!/usr/bin/env python3
"""Runs the debug adapter (ark dap) session tests against a real binary.

    tests/dap/run_tests.py ARK_BINARY [unittest args, e.g. -k cancel]

Exits non-zero if any test fails.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "support"))
import session_tests  # noqa: E402

if __name__ == "__main__":
    sys.exit(session_tests.run(HERE, sys.argv))
