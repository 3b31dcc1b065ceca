"""Run limits from a project's own settings (workspace/configuration,
workspace/didChangeConfiguration) may lower what initializationOptions (the
user's settings, or the built-in defaults) allow, never raise or remove it,
and never grant trust: an untrusted project must not give its programs
unlimited runs."""
import os

from test_code_lens import RunTest

SPIN = "(mut i 0)\n(while true (set i (+ i 1)))\n"
# Ends by itself after building a 64 MiB string: over a 16 MiB cap, within no cap.
GROW_TO_64_MIB = '(mut s "0123456789abcdef")\n(mut n 0)\n(while (< n 22) { (set s (+ s s)) (set n (+ n 1)) })\n(print (len s))\n'


class CeilingTest(RunTest):
    capabilities = {"workspace": {"configuration": True}}

    def answer_configuration(self, section):
        request = self.server.wait_for(lambda m: m.get("method") == "workspace/configuration", "a configuration request")
        self.server.send({"jsonrpc": "2.0", "id": request["id"], "result": [section]})
        # The answer is applied before the next message is read.
        self.assertAlive()


class TimeLimitCeilingTest(CeilingTest):
    # Only the time limit can stop SPIN: no budget, and SPIN allocates nothing.
    initialization_options = {"run": {"timeoutMs": 700, "instructionBudget": 0}}

    def test_zero_from_workspace_configuration_keeps_the_time_limit(self):
        self.answer_configuration({"timeoutMs": 0, "maxMemoryMb": 0, "instructionBudget": 0})
        self.open(SPIN)
        result = self.run_command("ark.run")
        self.assertEqual(result["status"], "timeout", result)
        self.assertIn("700 ms", result["error"]["message"])

    def test_a_longer_time_from_workspace_configuration_is_ignored(self):
        self.answer_configuration({"timeoutMs": 86400000})
        self.open(SPIN)
        result = self.run_command("ark.run")
        self.assertEqual(result["status"], "timeout", result)
        self.assertIn("700 ms", result["error"]["message"])

    def test_a_shorter_time_from_workspace_configuration_applies(self):
        self.answer_configuration({"timeoutMs": 300})
        self.open(SPIN)
        result = self.run_command("ark.run")
        self.assertEqual(result["status"], "timeout", result)
        self.assertIn("300 ms", result["error"]["message"])

    def test_did_change_configuration_cannot_lift_the_time_limit(self):
        self.answer_configuration(None)
        self.server.notify("workspace/didChangeConfiguration",
                           {"settings": {"ark": {"run": {"timeoutMs": 0}}, "ark.run": {"timeoutMs": 0}}})
        self.answer_configuration({"timeoutMs": 0})
        self.open(SPIN)
        result = self.run_command("ark.run")
        self.assertEqual(result["status"], "timeout", result)
        self.assertIn("700 ms", result["error"]["message"])


class MemoryCeilingTest(CeilingTest):
    # Only the memory cap can stop GROW_TO_64_MIB, which otherwise ends by itself.
    initialization_options = {"run": {"maxMemoryMb": 16, "timeoutMs": 0, "instructionBudget": 0}}

    def test_zero_from_workspace_configuration_keeps_the_memory_cap(self):
        self.answer_configuration({"maxMemoryMb": 0, "timeoutMs": 0})
        self.open(GROW_TO_64_MIB)
        result = self.run_command("ark.run")
        self.assertEqual(result["status"], "memory", result)
        self.assertAlive()


class OutputCeilingTest(CeilingTest):
    initialization_options = {"run": {"maxOutputBytes": 10}}

    def test_more_output_from_workspace_configuration_is_ignored(self):
        self.answer_configuration({"maxOutputBytes": 1048576})
        self.open('(print "0123456789abcdef")\n')
        result = self.run_command("ark.run")
        self.assertEqual((result["output"], result["truncated"]), ("0123456789", True), result)


class TrustFromWorkspaceTest(CeilingTest):
    def test_workspace_configuration_cannot_grant_trust(self):
        self.answer_configuration({"trustedWorkspace": True, "trusted_workspace": True})
        self.server.notify("workspace/didChangeConfiguration",
                           {"settings": {"ark": {"trustedWorkspace": True, "run": {"trustedWorkspace": True}}}})
        self.answer_configuration({"trustedWorkspace": True})
        path = "/tmp/ark-lens-ceiling-%d.txt" % os.getpid()
        self.open('(builtin__sys:exec "touch %s")\n' % path)
        result = self.run_command("ark.run")
        self.assertEqual((result["status"], result["error"]["kind"]), ("error", "IOError"), result)
        self.assertFalse(os.path.exists(path))
