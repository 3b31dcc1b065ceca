#!/usr/bin/env python3
"""The `ark` command itself through the real binary: `run`, a bare file, `-e`, `check`, `disasm`,
`repl`, `--version`, and the exit statuses scripts rely on (cli/commands.hpp, LANGUAGE.md §8.3:
0 success, 1 runtime error, 2 usage error, 255 compile error, `(sys:exit n)` n).

Usage: run_cli_tests.py ARK
Each check prints one line; the script exits 1 if any failed.
"""
import json
import os
import subprocess
import sys
import tempfile

ARK = os.path.abspath(sys.argv[1])
failures = []


def ark(*args, stdin="", cwd=None):
    """(status, stdout, stderr); status None if ark still ran after 60 s (only a hang takes that long)."""
    try:
        p = subprocess.run([ARK, *args], input=stdin, cwd=cwd, capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        return None, "", "timed out: ark hung"
    return p.returncode, p.stdout, p.stderr


def check(name, condition, detail=""):
    print(("ok   " if condition else "FAIL ") + name)
    if not condition:
        failures.append(name)
        if detail:
            print("     " + detail.replace("\n", "\n     "))


def expect(name, result, code, stdout=None, stderr_has=None):
    got_code, out, err = result
    ok = got_code == code and (stdout is None or out == stdout) and (stderr_has is None or stderr_has in err)
    check(name, ok, f"exit {got_code} (want {code})\nstdout: {out!r}\nstderr: {err[:400]!r}")


with tempfile.TemporaryDirectory() as folder:
    def write(name, text):
        path = os.path.join(folder, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    args_program = write("args.ark", "(import std.Sys)\n(print sys:args)\n")
    expect("run FILE ARGS passes the arguments", ark("run", args_program, "a", "b c"), 0, '["a" "b c"]\n')
    expect("a bare FILE runs it", ark(args_program, "x"), 0, '["x"]\n')
    expect("-e runs code", ark("-e", "(print (+ 1 2))"), 0, "3\n")
    deprecated = write("deprecated.ark", "# @deprecated use new-thing\n(let old-thing 1)\n(print old-thing)\n")
    expect("run: a use of a @deprecated global prints W0303 on stderr and runs (4.4+)", ark("run", deprecated), 0, "1\n",
           "deprecated.ark:3:8: warning[W0303]: `old-thing' is deprecated: use new-thing")
    expect("run - reads the program from stdin (4.3+)", ark("run", "-", "x", stdin="(import std.Sys)\n(print sys:args (+ 1 2))\n"), 0,
           '["x"]3\n')
    expect("run -: errors name <stdin>", ark("run", "-", stdin="(print 1)\n(print (/ 1 0))\n"), 1, "1\n",
           "at <global> (<stdin>:2:8)")
    expect("(sys:exit n) exits with n", ark("-e", "(import std.Sys)\n(print 1)\n(sys:exit 7)\n(print 2)"), 7, "1\n")
    expect("a runtime error exits 1 with KIND: message and a trace",
           ark("-e", "(let f (fun (x) (/ x 0)))\n(print (f 1))"), 1, "",
           "DivisionByZero: Can not compute expression (/ 1 0)\n  at f (<eval>:1:17)\n  at <global> (<eval>:2:8)")
    expect("a compile error exits 255 and runs nothing", ark("-e", "(print 1)\n(print (+ 1"), 255, "",
           "<eval>:2:8: SyntaxError[E0004]")
    expect("a missing file is a usage error", ark("run", os.path.join(folder, "nope.ark")), 2, "", "no such file")
    expect("an unknown option is a usage error", ark("--no-such-option"), 2)
    expect("--version", ark("--version"), 0, None)
    check("--version names ark", ark("--version")[1].startswith("ark "))

    broken = write("broken.ark", "(let x 1)\n(set x 2)\n")
    expect("check reports a compile error with its code (255)", ark("check", broken), 255, "",
           "broken.ark:2:6: MutabilityError[E0107]")
    expect("check on a clean file exits 0 and prints nothing", ark("check", args_program), 0, "")
    # A raw string (4.8) left open points at its `r"` (columns in characters, as for "abc), with
    # a hint when an escaped quote is what kept it open.
    raw = write("raw.ark", '(print "\u00e9\u65e5" r"C:\\dir\\")\n')
    expect("check: an unterminated raw string is E0001 at its r\"", ark("check", raw), 255, "",
           'raw.ark:1:13: SyntaxError[E0001]: unterminated raw string: this `r"` is never closed\n'
           '    1 | (print "\u00e9\u65e5" r"C:\\dir\\")\n'
           '      |             ^~\n'
           '  hint: in a raw string `\\"` is an escaped quote')
    expect("run: raw strings keep their backslashes", ark("-e", '(print r"C:\\new" (len r"\\n"))'), 0,
           "C:\\new2\n")
    other = write("other.ark", "(print (not 1 2))\n")
    code, out, err = ark("check", "--error-format=json", broken, args_program, other)
    try:
        document = json.loads(err)
    except ValueError:
        document = None
    check("check --error-format=json prints one JSON array for all the files",
          code == 255 and out == "" and isinstance(document, list) and
          [(os.path.basename(d["location"]["file"]), d["code"]) for d in document] ==
          [("broken.ark", "E0107"), ("other.ark", "E0301")], err)

    fib = write("fib.ark", "(let fib (fun (n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2))))))\n(print (fib 10))\n")
    code, out, _ = ark("disasm", fib)
    check("disasm lists every page with readable operands",
          code == 0 and "page 1 <fib> params=1 bound=[n]" in out and "LOAD_SUB_CONST" in out and "; fib" in out, out)

    # The REPL keeps its state between inputs, reads forms spread over lines, and after a
    # runtime error inside calls goes on with the variables as they were before the input.
    session = "\n".join([
        "(mut x 1)",
        "(let f (fun (x)",
        "  (/ x 0)))",
        "(f 5)",
        "(print x)",
        "(let l (lock:new))",
        "(let g (fun (x) (lock:with l (fun () (/ x 0)))))",
        "(g 6)",
        "(print x (lock:try l))",
        "(set x (+ x 41))",
        "(print x)",
    ]) + "\n"
    code, out, err = ark("repl", stdin=session)
    check("repl: state kept, multi-line forms, variables restored after an error in a call",
          code == 0 and out == "1\n1true\n42\n" and err.count("DivisionByZero") == 2, f"{code} {out!r} {err!r}")

# Files that are not regular files are refused, never read: a FIFO would block
# (no writer ever comes), a symlink to /dev/zero would never end.
with tempfile.TemporaryDirectory() as folder:
    os.mkfifo(os.path.join(folder, "fifo.ark"))
    os.symlink("/dev/zero", os.path.join(folder, "zero.ark"))
    with open(os.path.join(folder, "big.ark"), "wb") as f:
        f.truncate(17 << 20)  # sparse
    importer = os.path.join(folder, "importer.ark")
    for package, code, reason in (("fifo", "E0404", "not a regular file"), ("zero", "E0404", "not a regular file"),
                                  ("big", "E0404", "larger than 16 MiB")):
        with open(importer, "w") as f:
            f.write("(import %s)\n(print 1)\n" % package)
        expect("check: importing %s.ark is %s (%s)" % (package, code, reason), ark("check", importer), 255, "",
               "ImportError[%s]: couldn't import %s: `%s': %s" % (code, package, os.path.join(folder, package + ".ark"),
                                                                 reason))
    for name in ("fifo.ark", "zero.ark"):
        for command in ("check", "run", "fmt", "disasm"):
            expect("%s on %s is a usage error, not a hang" % (command, name),
                   ark(command, os.path.join(folder, name)), 2, "", "not a regular file")
    expect("an over-large program is refused", ark("check", os.path.join(folder, "big.ark")), 2, "",
           "larger than 16 MiB")
    # The CLI runs what its user asked for: a symlink out of the folder is followed.
    outside = os.path.join(folder, "outside")
    os.mkdir(outside)
    with open(os.path.join(outside, "far.ark"), "w") as f:
        f.write("(let far 3)\n")
    project = os.path.join(folder, "project")
    os.mkdir(project)
    os.symlink(os.path.join(outside, "far.ark"), os.path.join(project, "far.ark"))
    with open(os.path.join(project, "main.ark"), "w") as f:
        f.write("(import far)\n(print far:far)\n")
    expect("run: an import through a symlink is read", ark("run", os.path.join(project, "main.ark")), 0, "3\n")
    # But a folder's symlinks are not followed when the folder is walked: fmt, lint --fix and
    # migrate write what they find, and this link leads out of the project.
    with open(os.path.join(outside, "far.ark"), "w") as f:
        f.write("(let   far 3)\n")
    os.symlink(outside, os.path.join(project, "linked-folder"))
    expect("fmt of a folder: its symlinks are skipped", ark("fmt", project), 0)
    with open(os.path.join(outside, "far.ark")) as f:
        check("fmt of a folder leaves the file a symlink leads to alone", f.read() == "(let   far 3)\n")
    expect("fmt of a folder: the folder's own files are formatted", ark("fmt", "--check", project), 0)
    with open(os.path.join(outside, "old.ark"), "w") as f:
        f.write("(let down (fun (n) { (set n (- n 1)) n }))\n")
    os.symlink(os.path.join(outside, "old.ark"), os.path.join(project, "old-link.ark"))
    expect("migrate of a folder: its symlinks are skipped", ark("migrate", project), 0)
    with open(os.path.join(outside, "old.ark")) as f:
        check("migrate of a folder leaves the files its symlinks lead to alone", "(mut n)" not in f.read())
    expect("fmt: a symlinked file named itself is followed", ark("fmt", os.path.join(project, "far.ark")), 0)
    with open(os.path.join(outside, "far.ark")) as f:
        check("fmt: the named symlink's target is formatted", f.read() == "(let far 3)\n")

# `ark migrate`: pre-4.x programs rewritten into 4.8, in place.
with tempfile.TemporaryDirectory() as folder:
    old = ("# a counter\n"
           "(let count-down (fun (n acc) {\n"
           "  (while (> n 0) { (append! acc n) (set n (- n 1)) })\n"
           "  acc }))\n"
           "(let keep (fun (x) x))\n"
           "(print (count-down 3 []) (keep 1))\n")
    program = os.path.join(folder, "old.ark")
    with open(program, "w") as f:
        f.write(old)
    expect("migrate --check: a pre-4.x program would change (exit 1)", ark("migrate", "--check", folder), 1, "",
           "would migrate")
    with open(program) as f:
        check("migrate --check writes nothing", f.read() == old)
    expect("migrate: changed parameters become (mut x)", ark("migrate", folder), 0, "",
           "changed parameters declared (mut x) (2)")
    with open(program) as f:
        migrated = f.read()
    check("migrate: only the changed parameters, comments kept",
          migrated == old.replace("(fun (n acc)", "(fun ((mut n) (mut acc))"), migrated)
    expect("migrate: the migrated program runs", ark("run", program), 0, "[3 2 1]1\n")
    expect("migrate: a second run changes nothing", ark("migrate", "--check", program), 0)
    expect("migrate: a missing path is a usage error", ark("migrate", os.path.join(folder, "nope")), 2)

# `ark migrate` and 4.0 loop scopes: a `mut` in a loop body of a variable declared before the
# loop redeclared that variable in the old dialect; it becomes a `set` (a `let` it made mutable
# becomes a `mut`, a parameter a `(mut x)`), which keeps what the program did.
with tempfile.TemporaryDirectory() as folder:
    old = ("(let total 0)\n"
           "(mut i 0)\n"
           "(while (< i 4) {\n"
           "  (mut total (+ total i))\n"
           "  (let step 1)\n"
           "  (mut i (+ i step)) })\n"
           "(let count (fun (n) { (while (> n 0) { (mut n (- n 1)) }) n }))\n"
           "(print total \" \" (count 3))\n")
    program = os.path.join(folder, "loops.ark")
    with open(program, "w") as f:
        f.write(old)
    expect("migrate: a mut of an outer variable in a loop body becomes set", ark("migrate", program), 0, "",
           "mut of an outer variable in a loop body becomes set (4.0 loop scopes) (3)")
    with open(program) as f:
        migrated = f.read()
    wanted = (old.replace("(let total 0)", "(mut total 0)").replace("(mut total (+", "(set total (+")
              .replace("(mut i (+", "(set i (+").replace("(fun (n)", "(fun ((mut n))").replace("(mut n (-", "(set n (-"))
    check("migrate: loop redeclarations rewritten, the loop's own let kept", migrated == wanted, migrated)
    expect("migrate: the migrated loops run as before", ark("run", program), 0, "6 0\n")
    expect("migrate: loop rewrites are done once", ark("migrate", "--check", program), 0)

expect("lsp --token-file needs --port", ark("lsp", "--token-file", "/tmp/never-written"), 2)
expect("lsp --allow-trusted-workspace needs --port", ark("lsp", "--allow-trusted-workspace"), 2)
code, out, _ = ark("lsp", "--help")
check("lsp --help explains the TCP token", code == 0 and "Ark-Token:" in out and "--token-file" in out, out)

print(f"cli: {'all passed' if not failures else str(len(failures)) + ' failed'}")
sys.exit(1 if failures else 0)
