#!/usr/bin/env python3
"""`ark repl` through the real binary: values shown, one-line errors, commands, the REPL's own
functions, the start-up file, and (on a pseudo-terminal, through readline) tab completion and the
persistent history.

Usage: run_repl_tests.py ARK
Each check prints one line; the script exits 1 if any failed. Sessions through a pipe end at the
end of their input; sessions on a terminal are read until the text they must show appears (a
60 s bound only catches a hang), never after a fixed wait.
"""
import os
import pty
import select
import signal
import subprocess
import sys
import tempfile

ARK = os.path.abspath(sys.argv[1])
failures = []
HANG = 60


def check(name, condition, detail=""):
    print(("ok   " if condition else "FAIL ") + name)
    if not condition:
        failures.append(name)
        if detail:
            print("     " + detail.replace("\n", "\n     "))


def repl(lines, env=None, cwd=None):
    """(status, stdout, stderr) of a session reading `lines` from a pipe."""
    try:
        p = subprocess.run([ARK, "repl"], input="".join(line + "\n" for line in lines), capture_output=True,
                           text=True, timeout=HANG, env=env, cwd=cwd)
    except subprocess.TimeoutExpired:
        return None, "", "timed out: the REPL hung"
    return p.returncode, p.stdout, p.stderr


def expect(name, lines, stdout, stderr=None, status=0, env=None):
    code, out, err = repl(lines, env)
    ok = code == status and out == stdout and (stderr is None or err == stderr)
    check(name, ok, f"exit {code} (want {status})\nstdout: {out!r} (want {stdout!r})\nstderr: {err!r}"
          + (f" (want {stderr!r})" if stderr is not None else ""))
    return out, err


# Values: each input's value is printed as an element of a list would show it (strings quoted),
# except nil and the value of a binding (let, mut, set give their value in 4.8, but it was just typed).
expect("an expression's value is printed", ["(+ 1 2)"], "3\n", "")
expect("a string value is quoted, a list as print shows it", ['"ab"', '[1 "b" nil]'], '"ab"\n[1 "b" nil]\n', "")
expect("(print 1) prints 1 once: print gives nil, which is not shown", ["(print 1)"], "1\n", "")
expect("let, mut and set show nothing; the name then shows its value",
       ["(let a 1)", "(mut b 2)", "(set b 3)", "a", "b"], "1\n3\n", "")
expect("nil, while and an empty begin show nothing", ["nil", "(while false 1)", "{}"], "", "")
code, out, err = repl(["(let f (fun (x) x))", "f"])
check("a function value is shown", code == 0 and out.startswith("Function@") and err == "", repr(out + err))
expect("an input of several forms shows its last form's value", ["(+ 1 1) (+ 2 2)"], "4\n", "")
expect("a form left open continues on the next line", ["(+ 1", "   2)"], "3\n", "")
expect("a macro definition shows nothing; its use does", ["(macro twice (x) (* 2 x))", "(twice 21)"], "42\n", "")

# Errors: one line on stderr, then the session goes on with its definitions.
out, err = expect("a runtime error is one line and the session goes on",
                  ["(let x 5)", '(+ x "a")', "(* x 2)"], "10\n")
check("the runtime error line names its kind", err.count("\n") == 1 and err.startswith("TypeError: "), repr(err))
out, err = expect("a compile error is one line, at its line and column in the input",
                  ["(let x 5)", "(print", "  nope)", "x"], "5\n")
check("the compile error is at 2:3 of its input", err.count("\n") == 1 and err.startswith("2:3: ") and "nope" in err,
      repr(err))
expect("(sys:exit n) ends the session with n", ["(import std.Sys)", "(print 1)", "(sys:exit 3)", "(print 2)"], "1\n", "", status=3)

# Ctrl-C (SIGINT) stops the input that runs, not the session, which keeps its definitions.
session = subprocess.Popen([ARK, "repl"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
session.stdin.write('(let kept 41)\n(print "looping") (while true ())\n')
session.stdin.flush()
started = session.stdout.readline()  # printed once the loop's input runs
session.send_signal(signal.SIGINT)
try:
    out, err = session.communicate("(+ kept 1)\n", timeout=HANG)
except subprocess.TimeoutExpired:
    session.kill()
    out, err = session.communicate()
check("Ctrl-C interrupts the running input and the session goes on",
      started == "looping\n" and session.returncode == 0 and out == "42\n" and err == "interrupted (Ctrl-C)\n",
      f"{session.returncode} {started!r} {out!r} {err!r}")

# Commands.
out, _ = repl([":help"])[1:]
check(":help lists the commands and the REPL's functions",
      all(word in out for word in (":load", ":reset", ":quit", "repl:history", "repl:save", "repl:load",
                                   "ARKSCRIPT_REPL_STARTUP")), out)
expect(":reset forgets the definitions", ["(let a 1)", ":reset", "(let a 2)", "a"], "2\n", "")
expect("an unknown command is an error and the session goes on", [":frobnicate", "(+ 1 1)"], "2\n",
       "error: unknown command :frobnicate (:help lists them)\n")
expect(":quit ends the session", [":quit", "(print 1)"], "", "")

with tempfile.TemporaryDirectory() as folder:
    library = os.path.join(folder, "lib.ark")
    with open(library, "w") as f:
        f.write("(let double (fun (x) (* 2 x)))\n(double 4)\n")
    expect(":load FILE runs the file in the session and shows its value", [":load " + library, "(double 21)"],
           "8\n42\n", "")
    expect("(repl:load FILE) runs the file once the input has ended", ['(repl:load "%s")' % library, "(double 5)"],
           "8\n10\n", "")
    expect(":load of a missing file is an error", [":load " + os.path.join(folder, "nope.ark"), "1"], "1\n")

    # The REPL's own functions (upstream 4.1.2): the history of the inputs before the current one.
    saved = os.path.join(folder, "saved.ark")
    expect("(repl:history) is the inputs so far, as typed",
           ["(let a 1)", "(+ a", "  1)", "(print (repl:history))"], "2\n(let a 1)\n(+ a\n  1)\n\n", "")
    expect("(repl:save FILE) writes the history", ["(let a 40)", "(mut b 2)", '(repl:save "%s")' % saved], "", "")
    with open(saved) as f:
        text = f.read()
    check("the saved history is the inputs", text == "(let a 40)\n(mut b 2)\n", repr(text))
    p = subprocess.run([ARK, "-e", text + "(print (+ a b))"], capture_output=True, text=True, timeout=HANG)
    check("the saved history runs with ark run", p.returncode == 0 and p.stdout == "42\n", p.stdout + p.stderr)
    for snippet in ("(repl:history)", '(repl:save "x")', '(repl:load "x")'):
        p = subprocess.run([ARK, "-e", snippet], capture_output=True, text=True, timeout=HANG)
        check("%s does not exist under ark run" % snippet,
              p.returncode == 255 and "repl:" in p.stderr and "NameError" in p.stderr, p.stderr)
    out, err = expect("the REPL's functions check their arguments", ["(repl:save 1)", "1"], "1\n")
    check("repl:save of a number is a TypeError", err.startswith("TypeError: repl:save"), err)

    # The start-up file: run quietly before the first input, and again after :reset.
    startup = os.path.join(folder, "startup.ark")
    with open(startup, "w") as f:
        f.write("(let greeting \"hi\")\n(+ 1 2)\n")
    env = dict(os.environ, ARKSCRIPT_REPL_STARTUP=startup)
    expect("ARKSCRIPT_REPL_STARTUP is run before the first input, quietly", ["greeting", ":reset", "greeting"],
           '"hi"\n"hi"\n', "", env=env)


def terminal_session(env, keys_and_waits):
    """Runs `ark repl` on a pseudo-terminal. Each step sends keys, then reads until `wait` shows up.
    Returns (all output, the step that never saw its text or None)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(ARK, [ARK, "repl"], env)
    output = b""
    missing = None
    try:
        for keys, wait in keys_and_waits:
            start = len(output)
            os.write(fd, keys.encode())
            while wait.encode() not in output[start:]:
                ready, _, _ = select.select([fd], [], [], HANG)
                if not ready:
                    missing = (keys, wait)
                    break
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    chunk = b""
                if not chunk:
                    missing = (keys, wait)
                    break
                output += chunk
            if missing:
                break
        # Ctrl-D ends the session only once readline reads keys one by one: a Ctrl-D the
        # terminal gets in line mode, before the next prompt, is the end of an empty read.
        while not missing and not output.rstrip(b" ").endswith(b"ark>"):
            ready, _, _ = select.select([fd], [], [], HANG)
            chunk = os.read(fd, 4096) if ready else b""
            if not chunk:
                missing = ("", "the last prompt")
            output += chunk
    finally:
        try:
            os.write(fd, b"\x04")  # Ctrl-D: end of input
        except OSError:
            pass
        while True:
            ready, _, _ = select.select([fd], [], [], HANG)
            try:
                chunk = os.read(fd, 4096) if ready else b""
            except OSError:
                chunk = b""
            if not chunk:
                break
            output += chunk
        if not ready:  # a hang: the session never ended
            os.kill(pid, signal.SIGKILL)
            missing = missing or ("Ctrl-D", "the end of the session")
        os.waitpid(pid, 0)
        os.close(fd)
    return output.decode("utf-8", "replace"), missing


with tempfile.TemporaryDirectory() as home:
    inputrc = os.path.join(home, "inputrc")
    with open(inputrc, "w") as f:
        f.write("set enable-bracketed-paste off\n")
    data = os.path.join(home, "data")
    env = dict(os.environ, HOME=home, XDG_DATA_HOME=data, TERM="dumb", INPUTRC=inputrc)
    env.pop("ARKSCRIPT_REPL_STARTUP", None)
    # Tab completes the session's own definitions, builtins and package names.
    out, missing = terminal_session(env, [
        ("", "ark> "),
        ("(let my-long-name 5)\n", "ark> "),
        ("(+ 37 my-lo\t)\n", "42"),
        ("(builtin__list:rever\t[1 2])\n", "[2 1]"),
        ("(import std.Mat\t)\n", "std.Math"),
        ("(math:ab\t -7)\n", "\r\n7\r\n"),
        ("(+ 40 2)\n", "42"),
    ])
    check("tab completes a definition of the session, a builtin, a package and an imported name",
          missing is None, "never saw %r\n%s" % (missing, out[-600:]))
    history_file = os.path.join(data, "ark", "repl_history")
    history = open(history_file).read() if os.path.exists(history_file) else ""
    check("the history is kept in $XDG_DATA_HOME/ark/repl_history", "(let my-long-name 5)" in history, history)
    # A new session starts with that history: Ctrl-P recalls the last input.
    out, missing = terminal_session(env, [("", "ark> "), ("\x10\n", "42\r\n")])
    check("a new session recalls the previous session's inputs", missing is None, "never saw %r\n%s" % (missing, out[-600:]))
    # On a terminal, Ctrl-C at the prompt drops the form being typed (here an open one), and
    # while an input runs stops it; the session goes on either way.
    out, missing = terminal_session(env, [("", "ark> "), ("(+ 1\n", "...> "), ("\x03", "ark> "), ("(+ 2 3)\n", "\r\n5\r\n"),
                                          ('(print "looping") (while true ())\n', "looping\r\n"),
                                          ("\x03", "interrupted (Ctrl-C)"), ("(+ 3 4)\n", "\r\n7\r\n")])
    check("Ctrl-C at the prompt drops the open form; while an input runs, stops it", missing is None,
          "never saw %r\n%s" % (missing, out[-600:]))

print(f"repl: {'all passed' if not failures else str(len(failures)) + ' failed'}")
sys.exit(1 if failures else 0)
