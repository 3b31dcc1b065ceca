"""Initialize, launch, run to the end, entry stops, terminate and disconnect."""
import os
import shutil
import tempfile
import unittest

from dap_client import Adapter, line_of, program


class Lifecycle(unittest.TestCase):
    def test_capabilities_and_run_to_end(self):
        a = Adapter()
        caps, _ = a.start("basic.ark")
        self.assertTrue(caps["supportsConfigurationDoneRequest"])
        self.assertTrue(caps["supportsConditionalBreakpoints"])
        self.assertEqual([f["filter"] for f in caps["exceptionBreakpointFilters"]], ["uncaught", "raised"])
        exited = a.event("exited")
        self.assertEqual(exited["exitCode"], 0)
        a.finish()
        self.assertEqual(a.output, "total 16\ndone\n")
        seqs = [m["seq"] for m in a.seen]
        self.assertEqual(seqs, sorted(seqs))
        self.assertEqual(len(set(seqs)), len(seqs))
        # the main thread started and exited
        self.assertTrue(any(m.get("event") == "thread" and m["body"]["reason"] == "started" for m in a.seen))
        self.assertTrue(any(m.get("event") == "thread" and m["body"]["reason"] == "exited" for m in a.seen))

    def test_stop_on_entry_threads_and_continue(self):
        a = Adapter()
        a.start("basic.ark", stop_on_entry=True)
        stop = a.stopped(reason="entry")
        self.assertTrue(stop["allThreadsStopped"])
        threads = a.request("threads")["threads"]
        self.assertEqual(threads, [{"id": stop["threadId"], "name": "main"}])
        top = a.top(stop["threadId"])
        self.assertEqual(top["name"], "<global>")
        self.assertEqual(top["source"]["path"], program("basic.ark"))
        a.request("continue", {"threadId": stop["threadId"]})
        a.finish()
        self.assertIn("done", a.output)

    def test_loaded_sources_source_and_disassemble(self):
        a = Adapter()
        a.start("imports.ark", stop_on_entry=True)
        stop = a.stopped(reason="entry")
        sources = [s["path"] for s in a.request("loadedSources")["sources"]]
        self.assertIn(program("imports.ark"), sources)
        self.assertIn(program("lib/helper.ark"), sources)
        content = a.request("source", {"source": {"path": program("lib/helper.ark")}})["content"]
        self.assertIn("helper-twice", content)
        a.failing("source", {"source": {"path": "/etc/passwd"}})
        top = a.top(stop["threadId"])
        body = a.request("disassemble", {"memoryReference": top["instructionPointerReference"],
                                         "instructionOffset": 0, "instructionCount": 3})
        self.assertEqual(len(body["instructions"]), 3)
        self.assertNotIn("invalid", body["instructions"][0].get("presentationHint", ""))
        a.request("continue", {"threadId": stop["threadId"]})
        a.finish()

    def test_terminate_while_paused(self):
        a = Adapter()
        a.start("forever.ark", stop_on_entry=True)
        a.stopped(reason="entry")
        a.request("terminate", {})
        a.event("terminated")
        a.request("disconnect", {})
        a.close()

    def test_a_command_the_program_runs_reads_nothing_of_the_protocol(self):
        # On stdio the adapter's standard input is the protocol: `cat` must read /dev/null.
        a = Adapter()
        a.start("commands.ark")
        a.finish()
        self.assertEqual(a.output, "cat read 0 bytes\ndone\n")

    def test_terminate_while_a_command_runs(self):
        # `sleep 3600` runs in a child process: terminate kills it and the program ends.
        a = Adapter()
        a.start("commands.ark", args=["sleep"])
        a.wait(lambda m: "cat read" in a.output, "the program's first line")
        a.request("terminate", {})
        a.event("terminated")
        a.request("disconnect", {})
        a.close()

    def test_disconnect_while_running(self):
        a = Adapter()
        a.start("forever.ark")
        a.event("thread", reason="started")
        a.request("disconnect", {"terminateDebuggee": True})
        a.close()

    def test_over_tcp_with_the_token(self):
        a = Adapter(tcp=True)
        a.start("basic.ark")
        a.finish()
        self.assertEqual(a.output, "total 16\ndone\n")

    def test_disconnect_while_a_task_is_paused(self):
        a = Adapter()
        a.start("tasks.ark", breakpoints=[line_of("tasks.ark", "in-task")])
        a.stopped(reason="breakpoint")
        a.request("disconnect", {"terminateDebuggee": True})
        a.close()

    def test_restart(self):
        a = Adapter()
        a.start("basic.ark", stop_on_entry=True)
        a.stopped(reason="entry")
        a.request("restart", {})
        a.stopped(reason="entry")
        threads = a.request("threads")["threads"]
        a.request("continue", {"threadId": threads[0]["id"]})
        a.finish()
        self.assertIn("done", a.output)

    def test_restart_recompiles_and_moves_breakpoints(self):
        folder = tempfile.mkdtemp()
        try:
            path = os.path.join(folder, "edited.ark")
            shutil.copy(program("basic.ark"), path)
            line = line_of("basic.ark", "in-f")
            a = Adapter()
            a.request("initialize", {"adapterID": "arkscript"})
            a.request("launch", {"program": path})
            a.event("initialized")
            first = a.request("setBreakpoints", {"source": {"path": path}, "breakpoints": [{"line": line}]})["breakpoints"][0]
            self.assertEqual(first["line"], line)
            a.request("configurationDone")
            a.stopped(reason="breakpoint")
            # the file changes: one line more at the top; the breakpoint's line is now the blank one
            with open(path) as f:
                text = f.read()
            with open(path, "w") as f:
                f.write("# one more line\n" + text)
            a.request("restart", {})
            moved = a.event("breakpoint", reason="changed")["breakpoint"]
            self.assertEqual((moved["id"], moved["line"], moved["verified"]), (first["id"], line + 1, True))
            stop = a.stopped(reason="breakpoint")
            self.assertEqual(stop["hitBreakpointIds"], [first["id"]])
            self.assertEqual(a.top(stop["threadId"])["line"], line + 1)
            a.request("continue", {"threadId": stop["threadId"]})
            a.finish()
        finally:
            shutil.rmtree(folder)

    def test_compile_error_fails_launch(self):
        a = Adapter()
        a.request("initialize", {"adapterID": "arkscript"})
        message = a.failing("launch", {"program": program("lib/../missing.ark")})
        self.assertIn("can not read", message)
        message = a.failing("launch", {"program": program("broken.ark")})
        self.assertIn("broken.ark:3:13: NameError[E0101]", message)
        a.request("disconnect", {})
        a.close()


if __name__ == "__main__":
    unittest.main()
