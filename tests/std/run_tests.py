#!/usr/bin/env python3
"""Runs the standard library's tests.

Usage: run_tests.py ARK_BINARY [-j JOBS]

1. Every tests/std/<Module>.ark (written with std.Testing) is run as `ARK run FILE` with
   ARKSCRIPT_PATH=<repository root>; it must exit with status 0 (each file calls
   `(sys:exit 1)` when its suite has a failure, since std.Testing itself does not change the
   exit status).
2. The error cases below, which std.Testing cannot express (the language has no way to catch
   an error), are run as tiny programs: each must fail with the given exit status and its
   stderr must contain the given error kind and message fragment.

Everything runs in parallel; failures are listed, then one summary line. Exit status 0 when
everything passes, 1 otherwise, 2 on bad usage.
"""
import argparse
import concurrent.futures
import glob
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.join(ROOT, "tests", "std")
TIMEOUT = 300

# (imports, program, exit status, kind, message fragment)
ERROR_CASES = [
    ("List", "(list:reduce [] (fun (a b) a))", 1, "IndexError", "0 out of range [] (length 0)"),
    ("List", "(list:unzip [[1 2] [3]])", 1, "IndexError", "out of range"),
    ("List", "(list:sum 5)", 1, "TypeError", "len"),
    ("List", "(list:sum [1 \"a\"])", 1, "TypeError", "+"),
    ("List", "(list:map [1])", 1, "ArityError", "list:map"),
    ("List", "(list:iterate 0 (fun (e) e) 0)", 1, "AssertionFailed", "list:iterate needs a length of at least 1"),
    ("List", "(list:iota 0 -1)", 1, "AssertionFailed", "list:iterate needs a length of at least 1"),
    ("List", "(list:chunkBy [1 2] 0)", 1, "AssertionFailed", "list:chunkBy needs a chunk size of at least 1"),
    ("List", "(list:window [1 2] 0 (fun (w) w))", 1, "AssertionFailed", "window size must be at least 1"),
    ("List", "(list:window [1 2] 3 (fun (w) w))", 1, "IndexError", "2 out of range [1 2] (length 2)"),
    ("List", "(list:window [1] 3 (fun (w) w))", 1, "IndexError", "1 out of range [1] (length 1)"),
    ("List", "(list:insert [1 2] 3 0)", 1, "AssertionFailed", "list:insert can not insert a value outside the list"),
    ("List", "(list:range 0 5 0)", 1, "AssertionFailed", "list:range needs a non-zero step value"),
    ("List", "(list:search [1 2] [])", 1, "AssertionFailed", "The sublist to look for can't be empty"),
    ("List", "(list:shiftLeft [1 2 3] -1)", 1, "AssertionFailed", "count must be positive"),
    ("List", "(list:shiftRight [1 2 3] -1)", 1, "AssertionFailed", "count must be positive"),
    ("List", "(list:first [1 2 3])", 1, "ArityError", "list:first"),
    ("List", "(list:collect (fun (f) nil))", 1, "ArityError", "list:collect"),
    ("List", "(list:slice1 [1 2 3] 2 1)", 1, "IndexError", "start index"),
    ("List", "(list:stopIteration)", 1, "AssertionFailed", "list:stopIteration is a marker"),
    ("String", "(string:slice \"\" 0 1)", 1, "AssertionFailed",
     "slice start index must be in range [0, string length["),
    ("String", "(string:slice \"hello\" 5 1)", 1, "AssertionFailed", "slice start index"),
    ("String", "(string:slice \"hello\" -1 1)", 1, "AssertionFailed", "slice start index"),
    ("String", "(string:split \"abc\" \"\")", 1, "AssertionFailed", "Separator of split can not be empty"),
    ("String", "(string:split 5 \",\")", 1, "TypeError", ""),
    ("String", "(string:setAt \"ab\" 2 \"c\")", 1, "IndexError", "string:setAt index (2) out of range"),
    ("String", "(string:setAt \"ab\" 0 1)", 1, "TypeError", "string:setAt"),
    ("String", "(string:repeat \"a\" 0)", 1, "AssertionFailed", "count must be >= 1"),
    ("String", "(string:utf8len 1)", 1, "TypeError", "string:utf8len"),
    ("String", "(string:codepoints nil)", 1, "TypeError", "string:codepoints"),
    ("String", "(string:bytes [])", 1, "TypeError", "string:bytes"),
    ("String", "(string:ord \"ab\")", 1, "AssertionFailed",
     "string:ord needs a string of one character, got \"ab\" (2 characters)"),
    ("String", "(string:ord \"\")", 1, "AssertionFailed",
     "string:ord needs a string of one character, got \"\" (0 characters)"),
    ("String", "(string:ord \"\u00e9z\")", 1, "AssertionFailed", "(2 characters)"),
    ("String", "(string:ord 65)", 1, "TypeError", "str:ord"),
    ("String", "(string:ord)", 1, "ArityError", "string:ord"),
    ("String", "(string:surrogate? \"ab\")", 1, "AssertionFailed", "string:ord needs a string of one character"),
    ("String", "(string:privateUse? \"\")", 1, "AssertionFailed", "string:ord needs a string of one character"),
    ("String", "(string:surrogate? 55296)", 1, "TypeError", "str:ord"),
    ("String", "(string:privateUse? 57344)", 1, "TypeError", "str:ord"),
    ("String", "(string:first \"abc\")", 1, "ArityError", "string:first"),
    ("String", "(string:last \"abc\")", 1, "ArityError", "string:last"),
    ("Math", "(math:divs 1)", 1, "AssertionFailed", "math:divs: n must be greater or equal to 2"),
    ("Math", "(math:log 0 2)", 1, "AssertionFailed", "math:log: x must be greater than 0"),
    ("Math", "(math:log 8 0.5)", 1, "AssertionFailed", "math:log: n must be greater or equal to 1"),
    ("Math", "(math:log 8 1)", 1, "AssertionFailed", "math:log: n must be greater than 1"),
    ("Math", "(math:sqrt -4)", 1, "", "math:sqrt: value -4 must be greater or equal to 0"),
    ("Math", "(math:floordiv 1 0)", 1, "DivisionByZero", ""),
    ("Math", "(math:complex-div (math:complex 1 2) (math:complex 0 0))", 1, "DivisionByZero", ""),
    ("Math", "(math:complex-add 1 (math:complex 1 2))", 1, "TypeError", "real"),
    ("Math", "(math:even? \"a\")", 1, "TypeError", "mod"),
    ("Math", "(math:dotProduct [1 2] [1])", 1, "AssertionFailed", "vectors should have the same length"),
    ("Math", "(math:euclideanDistance [1] [])", 1, "AssertionFailed", "Expected non-empty vectors to have the same size"),
    ("Math", "(math:euclideanDistance [] [])", 1, "AssertionFailed", "Expected non-empty vectors to have the same size"),
    ("Math", "(math:bitAnd 1.5 1)", 1, "ValueError", "math:bitAnd: 1.5 is not a 64-bit integer"),
    ("Math", "(math:bitOr \"a\" 1)", 1, "TypeError", "math:bitOr"),
    ("Math", "(math:lshift 1 -1)", 1, "ValueError", "math:lshift: the shift must be between 0"),
    ("Math", "(math:countLeftZeros 1 65)", 1, "ValueError", "the number of bits must be between 1 and 64"),
    ("Math", "(math:circularLeftShift 1 1 0)", 1, "ValueError", "the number of bytes must be between 1 and 8"),
    ("Math", "(math:bitWidth -1)", 1, "ValueError", "math:bitWidth: the value must be between 0"),
    ("Math", "(math:toBase 10 1)", 1, "AssertionFailed", "math:toBase: base must be an integer between 2 and 36"),
    ("Math", "(math:toBase 1.5 2)", 1, "AssertionFailed", "math:toBase: the number must be an integer"),
    ("Math", "(math:fromBase \"12\" 2)", 1, "AssertionFailed", "math:fromBase: 2 is not a digit in base 2"),
    ("Math", "(math:fromBase \"-\" 10)", 1, "AssertionFailed", "math:fromBase: no digits"),
    ("Math", "(math:countDigits 5 1)", 1, "AssertionFailed", "math:countDigits: base must be an integer greater or equal to 2"),
    ("Benchmark", "(bench (+ 1 1) 0)", 1, "AssertionFailed", "bench: the number of runs must be at least 1"),
    ("Cli", "(cli:parseArgs [\"a\"] 5)", 1, "TypeError", "dict:get"),
    ("Dict", "(dict:fromList [[\"a\" 1 2]])", 1, "AssertionFailed",
     "dict:fromList: every element must be a [key value] pair"),
    ("Dict", "(dict:get [1] 0)", 1, "TypeError", "dict:get expected (Dict, any)"),
    ("Dict", "(dict:keys 5)", 1, "TypeError", ""),
    ("Dict", "(dict:map (dict \"a\" 1) (fun (k) k))", 1, "ArityError", "needs 1 argument"),
    ("Macros", "(print (-> 1))", 255, "MacroError", "at least 2"),
    ("Macros", "(let f (fun (a) a)) (print ((partial f 1 2)))", 255, "", ""),
    ("Macros", "(unpack [1] a b c) (print a)", 1, "IndexError", "1 out of range [1] (length 1)"),
    ("Macros", "(let x 1) (++ x)", 255, "MutabilityError", "Can not set the constant `x'"),
    ("Macros", "(print ((partial2 - _ _ _ _ _ _ _ _ _) 1 2 3 4 5 6 7 8 9))", 255, "NameError",
     "_partial2:too_many_placeholders"),
    ("Colours", "(colours:parse 5)", 1, "AssertionFailed", "colours:parse needs a string, got Number"),
    ("Colours", "(colours:colours 1)", 1, "TypeError", ""),
    ("Datetime", "(datetime:utcOffsetMinutes \"Mars/Olympus\")", 1, "AssertionFailed",
     "datetime:utcOffsetMinutes: unknown time zone Mars/Olympus"),
    ("Datetime", "(datetime:utcOffsetRepr \"Nowhere\")", 1, "AssertionFailed", "unknown time zone Nowhere"),
    ("Datetime", "(datetime:makeUTCTimestamp 2024 1 1 0 0 0 0 \"Nowhere\" false)", 1, "AssertionFailed",
     "unknown time zone Nowhere"),
    ("Datetime", "(datetime:makeUTCTimestamp \"2024\" 1 1 0 0 0 0 nil false)", 1, "TypeError", ""),
    ("Datetime", "(datetime:makeUTCTimestamp 2024 1 1)", 1, "ArityError", "datetime:makeUTCTimestamp"),
    ("Datetime", "(datetime:toUTCTimestamp 5)", 1, "TypeError", "dict:get"),
    ("Datetime", "(datetime:asUTCDate \"0\")", 1, "TypeError", "datetime:asUTCDate"),
    ("Datetime", "(datetime:asUTCDate builtin__math:Inf)", 1, "ValueError", "datetime:asUTCDate: the timestamp must be a finite number"),
    ("Datetime", "(datetime:atDay 0 32)", 1, "AssertionFailed", "datetime:atDay: day 32 is not in the month"),
    ("Datetime", "(datetime:atDay 0 0)", 1, "AssertionFailed", "datetime:atDay: day 0 is not in the month"),
    ("Datetime", "(datetime:today 1)", 1, "ArityError", "datetime:today"),
    ("Datetime", "(datetime:yesterday 1)", 1, "ArityError", "datetime:yesterday"),
    ("Datetime", "(datetime:tomorrow 1)", 1, "ArityError", "datetime:tomorrow"),
    ("Datetime", "(datetime:asSeconds 5)", 1, "TypeError", "dict:contains"),
    ("Datetime", "(datetime:asSeconds (dict \"days\" 1))", 1, "TypeError", ""),
    ("Datetime", "(datetime:leapYear? \"2024\")", 1, "TypeError", ""),
    ("Datetime", "(datetime:parse 5)", 1, "TypeError", "datetime:parseAs"),
    ("Datetime", "(datetime:parseAs \"2024\" nil)", 1, "TypeError", "datetime:parseAs"),
    ("Datetime", "(datetime:plusSeconds 0 \"1\")", 1, "TypeError", ""),
    ("Datetime", "(datetime:minusSeconds 0 \"1\")", 1, "TypeError", ""),
    ("Datetime", "(datetime:plusMinutes 0 \"1\")", 1, "TypeError", ""),
    ("Datetime", "(datetime:minusMinutes 0 \"1\")", 1, "TypeError", ""),
    ("Datetime", "(datetime:plusHours 0 \"1\")", 1, "TypeError", ""),
    ("Datetime", "(datetime:minusHours 0 \"1\")", 1, "TypeError", ""),
    ("Datetime", "(datetime:plusDays 0 \"1\")", 1, "TypeError", ""),
    ("Datetime", "(datetime:minusDays 0 \"1\")", 1, "TypeError", ""),
    ("Datetime", "(datetime:plusWeeks 0 \"1\")", 1, "TypeError", ""),
    ("Datetime", "(datetime:minusWeeks 0 \"1\")", 1, "TypeError", ""),
    ("Datetime", "(datetime:plusMonths 0 \"1\")", 1, "TypeError", ""),
    ("Datetime", "(datetime:minusMonths 0 \"1\")", 1, "TypeError", ""),
    ("Datetime", "(datetime:plusYears 0 \"1\")", 1, "TypeError", ""),
    ("Datetime", "(datetime:minusYears 0 \"1\")", 1, "TypeError", ""),
    ("Datetime", "(datetime:atStartOfDay \"0\")", 1, "TypeError", ""),
    ("Datetime", "(datetime:atEndOfDay \"0\")", 1, "TypeError", ""),
    ("Datetime", "(datetime:nextDay \"0\")", 1, "TypeError", ""),
    ("Datetime", "(datetime:previousDay \"0\")", 1, "TypeError", ""),
    ("Datetime", "(datetime:asDelta \"0\")", 1, "TypeError", ""),
    ("Datetime", "(datetime:monthLength \"0\")", 1, "TypeError", ""),
    ("Datetime", "(datetime:yearLength \"0\")", 1, "TypeError", ""),
    ("Datetime", "(datetime:atFirstDayOfMonth \"0\")", 1, "TypeError", ""),
    ("Datetime", "(datetime:atLastDayOfMonth \"0\")", 1, "TypeError", ""),
    ("Datetime", "(datetime:asISO8601 \"0\")", 1, "TypeError", ""),
    ("Datetime", "(datetime:year nil)", 1, "TypeError", "datetime:asUTCDate"),
    ("Datetime", "(datetime:month nil)", 1, "TypeError", "datetime:asUTCDate"),
    ("Datetime", "(datetime:day nil)", 1, "TypeError", "datetime:asUTCDate"),
    ("Datetime", "(datetime:hour nil)", 1, "TypeError", "datetime:asUTCDate"),
    ("Datetime", "(datetime:minute nil)", 1, "TypeError", "datetime:asUTCDate"),
    ("Datetime", "(datetime:second nil)", 1, "TypeError", "datetime:asUTCDate"),
    ("Datetime", "(datetime:millisecond nil)", 1, "TypeError", "datetime:asUTCDate"),
    ("Datetime", "(datetime:dayOfWeek nil)", 1, "TypeError", "datetime:asUTCDate"),
    ("Datetime", "(datetime:dayOfYear nil)", 1, "TypeError", "datetime:asUTCDate"),
    ("Datetime", "(datetime:delta 0 \"1\")", 1, "TypeError", ""),
    ("Datetime", "(datetime:plusDelta 0 \"1\")", 1, "TypeError", ""),
    ("Datetime", "(datetime:minusDelta 0 \"1\")", 1, "TypeError", ""),
    ("Random", "(random:choice [])", 1, "AssertionFailed", "random:choice: the list must not be empty"),
    ("Random", "(random:shuffle 5)", 1, "TypeError", "len"),
    ("Sys", "(sys:sleep \"a\")", 1, "TypeError", "sys:sleep"),
    ("Sys", "(sys:exit 3)", 3, "", ""),
    ("Sys", "(builtin__sys:version 1)", 1, "TypeError", "sys:version"),
    ("Sys", "(builtin__sys:programName 1)", 1, "TypeError", "sys:programName"),
    ("Switch", "(print (switch 1 2))", 255, "MacroError", ""),
    ("Testing", "(test:case \"outside\" (test:eq 1 1))", 1, "TypeError", ""),
    ("Testing", "(test:suite outer { (test:suite inner { (test:eq 1 1) }) })", 1, "AssertionFailed",
     "test:suite inner: suites cannot be nested, but it is inside outer"),
    ("Testing", "(test:eq 1)", 255, "MacroError", ""),
    ("Testing", "(test:suite twice { }) (test:suite twice { })", 255, "MutabilityError", "twice-output"),
]


def run(ark, path, tmpdir):
    env = dict(os.environ, ARKSCRIPT_PATH=ROOT, NOCOLOR="1")
    try:
        p = subprocess.run([ark, "run", path], cwd=tmpdir, env=env, capture_output=True,
                           timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, "", f"timed out after {TIMEOUT}s"
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def test_file(ark, path, tmpdir):
    code, out, err = run(ark, path, tmpdir)
    if code == 0:
        return True, ""
    return False, f"exit status {code}\n{out}{err}"


def error_case(ark, index, case, tmpdir):
    module, prog, status, kind, fragment = case
    path = os.path.join(tmpdir, f"error_case_{index}.ark")
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"(import std.{module})\n{prog}\n")
    code, out, err = run(ark, path, tmpdir)
    problems = []
    if code != status:
        problems.append(f"exit status {code}, expected {status}")
    if kind and kind + ":" not in err and kind + "[" not in err:
        problems.append(f"no {kind} in stderr")
    if fragment and fragment not in err:
        problems.append(f"{fragment!r} not in stderr")
    if problems:
        return False, "; ".join(problems) + "\n     stderr: " + (err.strip().splitlines() or [""])[0]
    return True, ""


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("ark")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 4)
    args = ap.parse_args()
    if not (os.path.isfile(args.ark) and os.access(args.ark, os.X_OK)):
        print(f"error: {args.ark} is not an executable file", file=sys.stderr)
        return 2
    ark = os.path.abspath(args.ark)
    files = sorted(glob.glob(os.path.join(HERE, "*.ark")))
    failed = 0
    with tempfile.TemporaryDirectory(prefix="ark_std_tests_") as tmpdir:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            jobs = [(f"tests/std/{os.path.basename(f)}", pool.submit(test_file, ark, f, tmpdir))
                    for f in files]
            jobs += [(f"error case {c[0]}: {c[1]}", pool.submit(error_case, ark, i, c, tmpdir))
                     for i, c in enumerate(ERROR_CASES)]
            for name, fut in jobs:
                ok, why = fut.result()
                if not ok:
                    failed += 1
                    print(f"FAIL {name}\n     {why.rstrip()}")
    total = len(files) + len(ERROR_CASES)
    print(f"std tests: {total - failed} passed, {failed} failed, {total} total "
          f"({len(files)} test files, {len(ERROR_CASES)} error cases)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
