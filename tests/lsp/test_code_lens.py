"""Run lenses through the real binary: where the lenses are, and what the
commands they carry do (lsp/runner). Runs stream their output as
window/logMessage notifications tagged with the run id (or $/progress on a
client's token); the command answers when the run ends."""
import errno
import os
import tempfile
import time
import unittest

from lsp_client import DEADLINE
from support import ServerTest, URI

PROGRAM = """\
# The sum of 1..n.
# (sum-to 10) => 55
# (sum-to 3) => 7
(let sum-to (fun (n) (if (= n 0) 0 (+ n (sum-to (- n 1))))))

(let main (fun () { (print "main says hi") 42 }))
(let add (fun (a b) (+ a b)))
# (greeting) => "hi"
(let greeting (fun () "hi"))
(print "top level")
"""


# Limits a test must never reach: a session that tests one limit makes the
# others unreachable, so the outcome never depends on which trips first (a
# loaded or sanitized run is slow in wall-clock time, never in ticks or bytes).
NO_TIMEOUT = 3600000
NO_BUDGET = 1e15
# How long to wait for a run whose work is real (megabytes, millions of ticks)
# on a loaded machine under ThreadSanitizer.
SLOW_DEADLINE = max(DEADLINE, 180)


def line_of(text, needle):
    return next(number for number, line in enumerate(text.split("\n")) if needle in line)


class RunTest(ServerTest):
    # Runs that should end on their own never meet the time limit, however
    # loaded the machine: a test that wants a limit sets it (and only it).
    initialization_options = {"run": {"timeoutMs": NO_TIMEOUT}}

    def open(self, text):
        self.server.open(URI, text)
        self.text = text

    def execute(self, command, argument, **extra):
        params = {"command": command, "arguments": [dict({"uri": URI}, **argument)]}
        params.update(extra)
        return self.server.send_request("workspace/executeCommand", params)

    def run_command(self, command, argument=None, deadline=SLOW_DEADLINE, **extra):
        response = self.server.wait_response(self.execute(command, argument or {}, **extra), deadline)
        self.assertIn("result", response, response)
        return response["result"]

    def run_log(self, run_id, event, deadline=SLOW_DEADLINE):
        """The window/logMessage a run sent for `event` (started, output, finished)."""
        return self.server.wait_notification(
            "window/logMessage", lambda p: p.get("runId") == run_id and p.get("event") == event, deadline)

    def stop_run(self, run_id, request_id):
        """Stops the run with ark.stopRun and returns its answer, which says it was stopped."""
        self.assertEqual(self.server.result("workspace/executeCommand", {
            "command": "ark.stopRun", "arguments": [{"runId": run_id}]}), {"stopped": 1})
        result = self.server.wait_response(request_id, SLOW_DEADLINE)["result"]
        self.assertEqual((result["status"], result["cancelled"]), ("stopped", True), result)
        return result

    def wait_until(self, condition, message):
        deadline = time.monotonic() + SLOW_DEADLINE
        while not condition():
            self.assertLess(time.monotonic(), deadline, message)
            time.sleep(0.02)

    def hover_works(self, needle):
        line = line_of(self.text, needle)
        character = self.text.split("\n")[line].index(needle) + 1
        hover = self.server.result("textDocument/hover", {
            "textDocument": {"uri": URI}, "position": {"line": line, "character": character}})
        self.assertIsNotNone(hover)


class LensTest(RunTest):
    def test_capabilities_list_every_command(self):
        capabilities = self.init_result["capabilities"]
        self.assertEqual(capabilities["codeLensProvider"], {"resolveProvider": False})
        self.assertEqual(sorted(capabilities["executeCommandProvider"]["commands"]),
                         ["ark.run", "ark.runAsync", "ark.runExample", "ark.stopRun"])

    def test_lenses_at_the_right_lines(self):
        self.open(PROGRAM)
        lenses = self.server.result("textDocument/codeLens", {"textDocument": {"uri": URI}})
        seen = [(lens["range"]["start"]["line"], lens["command"]["title"], lens["command"]["command"],
                 lens["command"]["arguments"][0]) for lens in lenses]
        self.assertEqual(seen, [
            (1, "Run example", "ark.runExample", {"uri": URI, "call": "(sum-to 10)", "expected": "55"}),
            (2, "Run example", "ark.runExample", {"uri": URI, "call": "(sum-to 3)", "expected": "7"}),
            (3, "Run", "ark.run", {"uri": URI}),
            (5, "Run", "ark.run", {"uri": URI, "function": "main"}),
            (5, "Run async", "ark.runAsync", {"uri": URI, "function": "main"}),
            (7, "Run example", "ark.runExample", {"uri": URI, "call": "(greeting)", "expected": '"hi"'}),
            (8, "Run", "ark.run", {"uri": URI, "function": "greeting"}),
            (8, "Run async", "ark.runAsync", {"uri": URI, "function": "greeting"}),
        ])

    def test_no_lenses_in_an_empty_file(self):
        self.open("# only a comment\n")
        self.assertEqual(self.server.result("textDocument/codeLens", {"textDocument": {"uri": URI}}), [])


class DebugLensTest(RunTest):
    """A client whose initializationOptions name a debugCommand (it can start a
    debug session on a file) gets "Debug" beside the file's "Run"; the others
    never see a lens they could not run."""
    initialization_options = {"run": {"timeoutMs": NO_TIMEOUT}, "debugCommand": "arkscript.debugFile"}

    def lenses(self):
        lenses = self.server.result("textDocument/codeLens", {"textDocument": {"uri": URI}})
        return [(lens["range"]["start"]["line"], lens["command"]["title"], lens["command"]["command"],
                 lens["command"]["arguments"][0]) for lens in lenses]

    def test_debug_lens_beside_the_file_run_lens(self):
        self.server.open(URI, PROGRAM)
        seen = self.lenses()
        self.assertIn((3, "Run", "ark.run", {"uri": URI}), seen)
        self.assertIn((3, "Debug", "arkscript.debugFile", {"uri": URI}), seen)
        self.assertEqual(seen.index((3, "Debug", "arkscript.debugFile", {"uri": URI})),
                         seen.index((3, "Run", "ark.run", {"uri": URI})) + 1)
        # Only the file gets one: a debug session launches a program, not a function.
        self.assertEqual([lens for lens in seen if lens[1] == "Debug"], [(3, "Debug", "arkscript.debugFile", {"uri": URI})])
        # The server does not claim the client's command as its own.
        self.assertNotIn("arkscript.debugFile", self.init_result["capabilities"]["executeCommandProvider"]["commands"])

    def test_no_lens_in_an_empty_file(self):
        self.server.open(URI, "# only a comment\n")
        self.assertEqual(self.lenses(), [])


class NoDebugLensTest(RunTest):
    """Without debugCommand (or with one that is not a string), no Debug lens."""
    initialization_options = {"run": {"timeoutMs": NO_TIMEOUT}, "debugCommand": True}

    def test_no_debug_lens_without_a_debug_command(self):
        self.server.open(URI, PROGRAM)
        lenses = self.server.result("textDocument/codeLens", {"textDocument": {"uri": URI}})
        titles = [lens["command"]["title"] for lens in lenses]
        self.assertIn("Run", titles)
        self.assertNotIn("Debug", titles)


class RunCommandTest(RunTest):
    def test_run_file_returns_and_streams_output(self):
        self.open(PROGRAM)
        result = self.run_command("ark.run", {"runId": "file-1"})
        self.assertEqual(result["status"], "ok", result)
        self.assertEqual(result["output"], "top level\n")
        self.assertIsNone(result["result"])
        self.assertGreaterEqual(result["durationMs"], 0)
        self.assertEqual(result["runId"], "file-1")
        self.assertEqual(self.run_log("file-1", "output")["text"], "top level\n")
        self.assertIn("ok", self.run_log("file-1", "finished")["message"])

    def test_run_function(self):
        self.open(PROGRAM)
        result = self.run_command("ark.run", {"function": "main"})
        self.assertEqual((result["status"], result["result"]), ("ok", "42"), result)
        self.assertEqual(result["output"], "top level\nmain says hi\n")

    def test_run_async(self):
        self.open(PROGRAM)
        result = self.run_command("ark.runAsync", {"function": "main"})
        self.assertEqual((result["status"], result["result"]), ("ok", "42"), result)
        self.assertIn("main says hi", result["output"])

    def test_run_example_pass_and_fail(self):
        self.open(PROGRAM)
        passed = self.run_command("ark.runExample", {"call": "(sum-to 10)", "expected": "55"})
        self.assertEqual(passed["example"], {"call": "(sum-to 10)", "expected": "55", "actual": "55", "passed": True})
        self.assertIn("example (sum-to 10) => 55: passed", passed["output"])
        failed = self.run_command("ark.runExample", {"call": "(sum-to 3)", "expected": "7"})
        self.assertEqual(failed["example"], {"call": "(sum-to 3)", "expected": "7", "actual": "6", "passed": False})
        self.assertIn("expected 7, got 6", failed["output"])
        quoted = self.run_command("ark.runExample", {"call": "(greeting)", "expected": '"hi"'})
        self.assertTrue(quoted["example"]["passed"], quoted)

    def test_error_has_kind_message_and_traceback(self):
        self.open('(let boom (fun () (+ 1 "a")))\n(let outer (fun () (boom)))\n')
        result = self.run_command("ark.run", {"function": "outer"})
        self.assertEqual(result["status"], "error", result)
        self.assertEqual(result["error"]["kind"], "TypeError")
        functions = [frame["function"] for frame in result["error"]["traceback"]]
        self.assertEqual(functions[:2], ["boom", "outer"], result)

    def test_compile_error_is_reported(self):
        self.open("(let a (fun () (undefined-thing)))\n")
        result = self.run_command("ark.run", {"function": "a"})
        self.assertEqual((result["status"], result["error"]["kind"]), ("error", "CompileError"), result)

    def test_input_fails_cleanly(self):
        self.open('(let ask (fun () (input "name? ")))\n')
        result = self.run_command("ark.run", {"function": "ask"})
        self.assertEqual(result["status"], "error", result)
        self.assertEqual(result["error"]["kind"], "IOError")
        self.assertIn("disabled", result["error"]["message"])

    def test_untrusted_workspace_refuses_files_and_processes(self):
        # Without initializationOptions.trustedWorkspace, a run never touches the disk.
        path = "/tmp/ark-lens-untrusted-%d.txt" % os.getpid()
        self.open('(let write (fun () (builtin__io:writeFile "%s" "x")))\n'
                  '(let exec (fun () (builtin__sys:exec "touch %s")))\n'
                  '(let read (fun () (builtin__io:fileExists? "/")))\n' % (path, path))
        for function, builtin in (("write", "io:writeFile"), ("exec", "sys:exec"), ("read", "io:fileExists?")):
            result = self.run_command("ark.run", {"function": function})
            self.assertEqual((result["status"], result["error"]["kind"]), ("error", "IOError"), result)
            self.assertIn(builtin + ": access to files and processes is refused", result["error"]["message"])
        self.assertFalse(os.path.exists(path))
        self.assertAlive()

    def test_sys_exit_ends_the_run_not_the_server(self):
        self.open('(print "before")\n(builtin__sys:exit 3)\n(print "after")\n')
        result = self.run_command("ark.run")
        self.assertEqual((result["status"], result["exitCode"], result["output"]), ("exit", 3, "before\n"), result)
        self.assertAlive()
        self.assertEqual(self.run_command("ark.run")["exitCode"], 3)

    def test_recursion_without_end_is_an_error(self):
        self.open("(let deep (fun (n) (+ 1 (deep n))))\n(let go (fun () (deep 0)))\n")
        result = self.run_command("ark.run", {"function": "go"})
        self.assertEqual(result["status"], "error", result)
        self.assertIn("recursion depth", result["error"]["message"])
        self.assertAlive()

    def test_output_only_reaches_stdout_as_json_rpc(self):
        self.open('(mut i 0)\n(while (< i 200) { (print "line " i) (puts "no newline") (set i (+ i 1)) })\n')
        result = self.run_command("ark.run")
        self.assertEqual(result["status"], "ok", result)
        self.assertEqual(result["output"].count("line "), 200)
        self.assertEqual(self.server.shutdown_and_exit(), 0)
        self.assertTrue(self.server.stdout_was_protocol_only())
        self.assertNotIn("no newline", self.server.stderr_text())

    def test_bad_arguments(self):
        self.open(PROGRAM)
        for params in ({"command": "ark.nope", "arguments": [{"uri": URI}]},
                       {"command": "ark.runAsync", "arguments": [{"uri": URI}]},
                       {"command": "ark.run", "arguments": [{"uri": URI, "function": "a) (print 1"}]},
                       {"command": "ark.run", "arguments": ["not an object"]},
                       {"arguments": []}):
            self.assertError(self.server.request("workspace/executeCommand", params), -32602)
        response = self.server.request("workspace/executeCommand", {
            "command": "ark.run", "arguments": [{"uri": "file:///not/open.ark"}]})
        self.assertError(response, -32602)

    def test_progress_token_streams_through_progress(self):
        self.open(PROGRAM)
        result = self.run_command("ark.run", workDoneToken="tok-1")
        self.assertEqual(result["status"], "ok")
        begin = self.server.wait_notification("$/progress", lambda p: p["value"]["kind"] == "begin")
        self.assertEqual(begin["token"], "tok-1")
        report = self.server.wait_notification("$/progress", lambda p: p["value"]["kind"] == "report")
        self.assertEqual(report["value"]["message"], "top level\n")
        self.server.wait_notification("$/progress", lambda p: p["value"]["kind"] == "end")


class TimeLimitTest(RunTest):
    initialization_options = {"run": {"timeoutMs": 700, "instructionBudget": NO_BUDGET}}

    def test_infinite_loop_stopped_by_the_time_limit_while_hover_answers(self):
        self.open("(let spin (fun () { (mut i 0) (while true (set i (+ i 1))) }))\n")
        request_id = self.execute("ark.run", {"function": "spin", "runId": "spin"})
        self.run_log("spin", "started")
        self.hover_works("spin")  # the loop runs on its own thread
        self.assertAlive()
        response = self.server.wait_response(request_id, SLOW_DEADLINE)
        result = response["result"]
        self.assertEqual(result["status"], "timeout", result)
        self.assertTrue(result["timedOut"])
        self.assertIn("700 ms", result["error"]["message"])
        self.assertEqual(result["error"]["traceback"][0]["function"], "spin")

    def test_sleep_is_cut_short_by_the_time_limit(self):
        # An hour of sleep: the answer coming at all says the sleep was cut short.
        self.open("(builtin__sys:sleep 3600000)\n")
        result = self.run_command("ark.run")
        self.assertEqual(result["status"], "timeout", result)


class MemoryLimitTest(RunTest):
    # The cap counts the bytes the run's own threads hold; time and ticks are unlimited.
    initialization_options = {"run": {"timeoutMs": NO_TIMEOUT, "instructionBudget": NO_BUDGET, "maxMemoryMb": 64}}
    # A 32 MiB string built by doubling: 48 MiB at the peak (the last two strings).
    HOLD_32_MIB = '(mut s "0123456789abcdef")\n(mut i 0)\n(while (< i 21) { (set s (+ s s)) (set i (+ i 1)) })\n'

    def test_allocating_without_end_is_stopped(self):
        self.open('(mut s "0123456789abcdef")\n(while true (set s (+ s s)))\n')
        result = self.run_command("ark.run")
        self.assertEqual(result["status"], "memory", result)
        self.assertIn("memory", result["error"]["message"])
        self.assertAlive()

    def test_allocating_slowly_without_end_is_stopped(self):
        self.open('(mut l [])\n(while true (append! l (+ "item " (toString (len l)))))\n')
        result = self.run_command("ark.run")
        self.assertEqual(result["status"], "memory", result)
        self.assertAlive()

    def test_allocating_without_end_in_a_future_is_stopped(self):
        self.open('(let grow (fun () { (mut s "0123456789abcdef") (while true (set s (+ s s))) }))\n')
        result = self.run_command("ark.runAsync", {"function": "grow"})
        self.assertEqual(result["status"], "memory", result)
        self.assertAlive()

    def test_memory_other_runs_hold_does_not_count(self):
        # Each run stays under its 64 MiB; together they hold more. The cap is per run.
        self.open(self.HOLD_32_MIB + '(print "held " (len s))\n(builtin__sys:sleep 3600000)\n')
        holder = self.execute("ark.run", {"runId": "holder"})
        self.assertEqual(self.run_log("holder", "output")["text"], "held 33554432\n")
        other = URI.replace("main.ark", "other.ark")
        self.server.open(other, self.HOLD_32_MIB + '(print "built " (len s))\n')
        result = self.run_command("ark.run", {"uri": other})
        self.assertEqual((result["status"], result["output"]), ("ok", "built 33554432\n"), result)
        self.assertEqual(self.server.result("workspace/executeCommand", {
            "command": "ark.stopRun", "arguments": [{"runId": "holder"}]}), {"stopped": 1})
        self.assertEqual(self.server.wait_response(holder, SLOW_DEADLINE)["result"]["status"], "stopped")

    def test_unawaited_failures_filling_memory_do_not_end_the_server(self):
        # Forty unawaited futures fail with a 1 MiB message each (an IndexError
        # quotes the string): collecting their errors after the program ended
        # once ran out of room outside the run's failure boundary (SIGABRT).
        # The run itself stays under its cap: every task fails with its IndexError.
        self.open('(mut s "0123456789abcdef")\n(mut i 0)\n(while (< i 16) { (set s (+ s s)) (set i (+ i 1)) })\n'
                  '(let fail (fun () (@ s 100000000)))\n'
                  '(mut n 0)\n(while (< n 40) { (async fail) (set n (+ n 1)) })\n(print "spawned")\n')
        result = self.run_command("ark.run")
        self.assertEqual(result["status"], "ok", result)
        self.assertTrue(result["output"].startswith("spawned\nwarning: unawaited future failed: IndexError: "),
                        result["output"][:200])
        self.assertLessEqual(len(result["output"].encode()), 1 << 20)
        self.assertTrue(result["truncated"])
        self.assertAlive()


class BudgetTest(RunTest):
    initialization_options = {"run.instructionBudget": 100000, "run.timeoutMs": NO_TIMEOUT}

    def test_instruction_budget(self):
        self.open("(mut i 0)\n(while true (set i (+ i 1)))\n")
        result = self.run_command("ark.run")
        self.assertEqual(result["status"], "budget", result)
        self.assertIn("instruction budget", result["error"]["message"])

    def test_budget_is_shared_by_all_tasks_of_a_run(self):
        # Fifty tasks of 40k ticks each: every one fits in the budget, all of them do not.
        self.open("(let work (fun () { (mut i 0) (while (< i 40000) (set i (+ i 1))) i }))\n"
                  "(mut n 0)\n(while (< n 50) { (await (async work)) (set n (+ n 1)) })\n(print \"finished\")\n")
        result = self.run_command("ark.run")
        self.assertEqual(result["status"], "budget", result)
        self.assertIn("instruction budget", result["error"]["message"])
        self.assertNotIn("finished", result["output"])


class OutputCapTest(RunTest):
    initialization_options = {"run": {"timeoutMs": NO_TIMEOUT, "instructionBudget": NO_BUDGET, "maxOutputBytes": 60}}
    LONG = ('(let long (fun () { (mut s "0123456789") (mut i 0) (while (< i 4) { (set s (+ s s)) (set i (+ i 1)) }) s }))\n'
            '(let bad (fun () (@ (long) 1000)))\n')

    def test_errors_of_unawaited_futures_stay_within_the_cap(self):
        self.open('(print "0123456789")\n(let fail (fun () (@ [1 2 3] 10)))\n'
                  '(mut n 0)\n(while (< n 5) { (async fail) (set n (+ n 1)) })\n')
        result = self.run_command("ark.run")
        self.assertEqual(result["status"], "ok", result)
        self.assertTrue(result["output"].startswith("0123456789\nwarning: unawaited future failed: IndexError"), result)
        self.assertLessEqual(len(result["output"].encode()), 60, result)
        self.assertTrue(result["truncated"], result)

    def test_result_and_error_stay_within_the_cap(self):
        self.open(self.LONG)
        result = self.run_command("ark.run", {"function": "long"})
        self.assertEqual(result["status"], "ok", result)
        self.assertEqual(result["result"], ('"' + "0123456789" * 16)[:60], result)
        self.assertTrue(result["truncated"], result)
        failed = self.run_command("ark.run", {"function": "bad"})
        self.assertEqual((failed["status"], failed["error"]["kind"]), ("error", "IndexError"), failed)
        self.assertLessEqual(len(failed["error"]["message"].encode()), 60, failed)
        self.assertTrue(failed["truncated"], failed)

    def test_small_output_is_not_truncated(self):
        self.open('(print "short")\n')
        result = self.run_command("ark.run")
        self.assertEqual((result["output"], result["truncated"]), ("short\n", False), result)


class StopTest(RunTest):
    initialization_options = {"run": {"timeoutMs": NO_TIMEOUT, "instructionBudget": NO_BUDGET}}
    LOOP = '(print "looping")\n(mut i 0)\n(while true (set i (+ i 1)))\n'

    def test_stop_command(self):
        self.open(self.LOOP)
        request_id = self.execute("ark.run", {"runId": "r1"})
        self.run_log("r1", "output")
        result = self.stop_run("r1", request_id)
        self.assertEqual(result["output"], "looping\n")

    def test_cancel_request(self):
        self.open(self.LOOP)
        request_id = self.execute("ark.run", {"runId": "r2"})
        self.run_log("r2", "output")
        self.server.notify("$/cancelRequest", {"id": request_id})
        self.assertError(self.server.wait_response(request_id), -32800)
        self.hover_works("i")
        # The run itself ends: nothing is left to stop once it has.
        self.wait_until(lambda: self.server.result("workspace/executeCommand", {"command": "ark.stopRun"})["stopped"] == 0,
                        "the cancelled run is still going")
        self.assertEqual(self.server.responses_with_id(request_id), [])

    def test_stop_every_run_of_a_file_including_queued_ones(self):
        self.open(self.LOOP)
        ids = [self.execute("ark.run", {"runId": "q%d" % n}) for n in range(6)]  # 4 run, 2 wait
        for n in range(4):
            self.run_log("q%d" % n, "output")
        stopped = self.server.result("workspace/executeCommand", {
            "command": "ark.stopRun", "arguments": [{"uri": URI}]})
        self.assertEqual(stopped, {"stopped": 6})
        statuses = [self.server.wait_response(request_id, SLOW_DEADLINE)["result"]["status"] for request_id in ids]
        self.assertEqual(statuses, ["stopped"] * 6)


class ParallelTest(RunTest):
    initialization_options = {"run": {"timeoutMs": NO_TIMEOUT, "instructionBudget": NO_BUDGET}}

    def test_two_runs_at_once(self):
        # Each run prints, then sleeps until it is stopped: both printing before
        # either is stopped shows they run side by side, however slow the machine.
        self.open('(let a (fun () { (print "a up") (builtin__sys:sleep 3600000) 1 }))\n'
                  '(let b (fun () { (print "b up") (builtin__sys:sleep 3600000) 2 }))\n')
        first = self.execute("ark.run", {"function": "a", "runId": "a"})
        second = self.execute("ark.run", {"function": "b", "runId": "b"})
        self.assertEqual(self.run_log("a", "output")["text"], "a up\n")
        self.assertEqual(self.run_log("b", "output")["text"], "b up\n")
        self.assertEqual(self.server.responses_with_id(first) + self.server.responses_with_id(second), [])
        self.assertEqual(self.server.result("workspace/executeCommand", {
            "command": "ark.stopRun", "arguments": [{"uri": URI}]}), {"stopped": 2})
        for request_id, output in ((first, "a up\n"), (second, "b up\n")):
            result = self.server.wait_response(request_id, SLOW_DEADLINE)["result"]
            self.assertEqual((result["status"], result["output"]), ("stopped", output), result)


class ConfigurationTest(RunTest):
    capabilities = {"workspace": {"configuration": True}}

    def test_settings_come_from_workspace_configuration(self):
        request = self.server.wait_for(lambda m: m.get("method") == "workspace/configuration", "a configuration request")
        self.assertEqual(request["params"], {"items": [{"section": "ark.run"}]})
        self.server.send({"jsonrpc": "2.0", "id": request["id"], "result": [{"timeoutMs": 300}]})
        self.open("(mut i 0)\n(while true (set i (+ i 1)))\n")
        result = self.run_command("ark.run")
        self.assertEqual(result["status"], "timeout", result)
        self.assertIn("300 ms", result["error"]["message"])

    def test_did_change_configuration_settings(self):
        request = self.server.wait_for(lambda m: m.get("method") == "workspace/configuration", "a configuration request")
        self.server.send({"jsonrpc": "2.0", "id": request["id"], "result": [None]})
        self.server.notify("workspace/didChangeConfiguration", {"settings": {"ark": {"run": {"maxOutputBytes": 10}}}})
        again = self.server.wait_for(lambda m: m.get("method") == "workspace/configuration", "a second request")
        self.server.send({"jsonrpc": "2.0", "id": again["id"], "result": [{}]})
        self.open('(print "0123456789abcdef")\n')
        result = self.run_command("ark.run")
        self.assertEqual((result["output"], result["truncated"]), ("0123456789", True), result)




class TrustedWorkspaceTest(RunTest):
    initialization_options = {"trustedWorkspace": True, "run": {"timeoutMs": NO_TIMEOUT}}

    def test_trusted_workspace_runs_may_touch_files(self):
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "out.txt")
            self.open('(let write (fun () { (builtin__io:writeFile "%s" "written") (builtin__io:readFile "%s") }))\n' % (path, path))
            result = self.run_command("ark.run", {"function": "write"})
            self.assertEqual((result["status"], result["result"]), ("ok", '"written"'), result)
            with open(path) as written:
                self.assertEqual(written.read(), "written")


class TrustedWorkspaceRunawayTest(RunTest):
    # In a trusted workspace a run reads files and runs commands, and a FIFO, a device or a
    # command may never end: they still stop when the run is stopped, or when what they give
    # outgrows the run's memory cap.
    initialization_options = {"trustedWorkspace": True,
                              "run": {"timeoutMs": NO_TIMEOUT, "instructionBudget": NO_BUDGET, "maxMemoryMb": 64}}

    def test_a_read_waiting_on_a_fifo_stops_with_the_run(self):
        with tempfile.TemporaryDirectory() as directory:
            fifo = os.path.join(directory, "no-writer")
            os.mkfifo(fifo)
            self.open('(print "reading")\n(builtin__io:readFile "%s")\n' % fifo)
            request_id = self.execute("ark.run", {"runId": "fifo"})
            self.run_log("fifo", "output")
            self.stop_run("fifo", request_id)
            # The read ends and closes the FIFO: soon no reader holds it. (A run stuck in the
            # read would be given up on after a grace period and reported stopped all the same,
            # its thread left holding the FIFO for good.)
            def has_reader():
                try:
                    os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
                    return True
                except OSError as error:
                    self.assertEqual(error.errno, errno.ENXIO)
                    return False
            self.wait_until(lambda: not has_reader(), "the read still holds the FIFO")
            self.assertAlive()

    def test_reading_a_device_without_end_meets_the_memory_cap(self):
        self.open('(builtin__io:readFile "/dev/zero")\n')
        result = self.run_command("ark.run")
        self.assertEqual(result["status"], "memory", result)
        self.assertAlive()

    def test_a_command_that_runs_for_an_hour_stops_with_the_run(self):
        with tempfile.TemporaryDirectory() as directory:
            pid_file = os.path.join(directory, "pid")
            self.open('(print "running")\n(builtin__sys:exec "echo $$ > %s; exec sleep 3600")\n' % pid_file)
            request_id = self.execute("ark.run", {"runId": "sleeper"})
            self.run_log("sleeper", "output")
            def written_pid():
                if not os.path.exists(pid_file):
                    return ""
                with open(pid_file) as f:
                    return f.read()
            self.wait_until(lambda: written_pid().endswith("\n"), "the command never started")
            pid = int(written_pid())
            self.stop_run("sleeper", request_id)
            # Killed and waited for: the process goes, and leaves no zombie.
            def running():
                try:
                    os.kill(pid, 0)
                    return True
                except ProcessLookupError:
                    return False
            self.wait_until(lambda: not running(), "the command is still running")
            self.assertAlive()

    def test_a_command_does_not_read_the_servers_input(self):
        # The server's standard input is the protocol: `cat` must see /dev/null, not the messages.
        self.open('(let out (builtin__sys:exec "cat"))\n(print (len out))\n')
        result = self.run_command("ark.run")
        self.assertEqual((result["status"], result["output"]), ("ok", "0\n"), result)
        self.hover_works("out")
        self.assertAlive()

    def test_a_command_gets_the_signals_a_shell_expects(self):
        # The server ignores SIGPIPE; a command must not inherit that, or a writer into a pipe
        # whose reader is gone (a loop that ignores echo's failures) runs for ever.
        self.open('(print (builtin__sys:exec "while :; do echo y; done | head -1"))\n')
        result = self.run_command("ark.run")
        self.assertEqual((result["status"], result["output"]), ("ok", "y\n\n"), result)

    def test_a_command_holds_none_of_the_servers_files(self):
        # Standard input, output and error only (the fourth is `ls` reading the folder).
        self.open('(print (builtin__sys:exec "ls /proc/self/fd"))\n')
        result = self.run_command("ark.run")
        self.assertEqual((result["status"], result["output"]), ("ok", "0\n1\n2\n3\n\n"), result)

    def test_a_command_printing_without_end_meets_the_memory_cap(self):
        self.open('(builtin__sys:exec "yes")\n')
        result = self.run_command("ark.run")
        self.assertEqual(result["status"], "memory", result)
        self.assertAlive()


if __name__ == "__main__":
    unittest.main()
