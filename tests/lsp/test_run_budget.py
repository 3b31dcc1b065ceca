"""A lens run's memory limit is its allocation budget (vm/allocation_budget.hpp):
its values charge it and give it back when freed, so a run that makes and
drops far more than its budget finishes, one that holds more is stopped with
the memory error, and the server's own work is never charged."""
from test_code_lens import NO_BUDGET, NO_TIMEOUT, RunTest

# A 1 MiB string (16 bytes doubled 16 times), made afresh in each of 64 iterations.
CHURN = ('(mut i 0)\n(while (< i 64) {\n  (mut s "0123456789abcdef") (mut j 0)\n'
         '  (while (< j 16) { (set s (+ s s)) (set j (+ j 1)) })\n  (set i (+ i 1)) })\n(print "made 64 MiB")\n')


class RunBudgetTest(RunTest):
    initialization_options = {"run": {"timeoutMs": NO_TIMEOUT, "instructionBudget": NO_BUDGET, "maxMemoryMb": 8}}

    def test_values_made_and_dropped_give_their_bytes_back(self):
        self.open(CHURN)
        result = self.run_command("ark.run")
        self.assertEqual((result["status"], result["output"]), ("ok", "made 64 MiB\n"), result)

    def test_values_held_over_the_budget_are_stopped(self):
        self.open('(mut kept [])\n' + CHURN.replace("(set i (+ i 1))", "(append! kept s) (set i (+ i 1))"))
        result = self.run_command("ark.run")
        self.assertEqual(result["status"], "memory", result)
        self.assertIn("memory budget of 8 MiB", result["error"]["message"])
        # The next run starts from nothing: the stopped run's values were given back with it.
        self.open(CHURN)
        self.assertEqual(self.run_command("ark.run")["status"], "ok")
        self.assertAlive()

    def test_a_fill_over_the_budget_is_refused_before_it_is_made(self):
        self.open("(let big (builtin__list:fill 1000000000 0))\n")
        result = self.run_command("ark.run")
        self.assertEqual(result["status"], "memory", result)
        self.assertAlive()
