// Our extensions to LSP: the commands the code lenses carry, what they answer,
// the notifications that stream a run's output, and the run settings. Names
// only, no code. Mirror: editors/vscode/src/protocol.ts.
//
// Commands (workspace/executeCommand; all listed in executeCommandProvider).
// `arguments` is an array holding one object:
//
//   ark.run         {uri, function?, runId?}
//                   Without `function`: runs the whole file (the "Run" lens above
//                   the first form). With it: runs the file's top level, then
//                   calls (function) with no arguments ("Run" above a definition).
//   ark.runAsync    {uri, function, runId?}
//                   Like ark.run with a function, but calls (await (async function)),
//                   so the future and task-pool path runs.
//   ark.runExample  {uri, call, expected, runId?}
//                   Runs the file's top level, then `call` (a doc-comment example
//                   `# (f 10) => 55`), and compares its printed value with
//                   `expected` (the "printed value" rule of tests/std/run_doc_examples.py:
//                   print's text, a string result wrapped in double quotes).
//   ark.stopRun     {runId} | {uri} | (no argument)
//                   Stops that run / every run of that file / every run. Answers
//                   {"stopped": N}, the number of runs it stopped (queued ones included).
//
// `runId` is optional: a client that wants to stop a run before its answer
// arrives picks the id itself; otherwise the server makes one ("run-7") and
// announces it in the "started" output notification.
//
// A run command answers when the run ends (a run that fails is still a result,
// not a JSON-RPC error; $/cancelRequest on it answers -32800 and stops the run):
//   {
//     "runId": "run-7", "command": "ark.run",
//     "status": "ok" | "error" | "exit" | "timeout" | "budget" | "memory" | "stopped" | "cancelled",
//     "result": "55" | null,        // printed value of the function/example call
//     "durationMs": 12.5,            // execution only, compile time excluded
//     "output": "...",               // everything the run printed (up to maxOutputBytes)
//     "truncated": false,            // output went over maxOutputBytes
//     "timedOut": false, "cancelled": false,   // convenience flags
//     "exitCode": 3,                 // only when the program called (sys:exit 3)
//     "error": {"kind": "TypeError", "message": "...",
//               "traceback": [{"function": "f", "location": "/x/main.ark:3:5"}],
//               "awaitedAt": [...]},          // only when status is not ok/exit
//     "example": {"call": "(f 10)", "expected": "55", "actual": "55", "passed": true}
//   }                                // `example` only for ark.runExample
//
// Streamed output. While a run goes, what it prints reaches the client in
// chunks (small writes coalesced, at most every 50 ms or 8 KiB):
//   - if the executeCommand params carried a `workDoneToken`: $/progress on that
//     token (begin: title; report: message = the chunk; end: message = summary);
//   - otherwise window/logMessage, type 4 (Log), message "[run-7] <chunk>", plus
//     the fields `runId`, `event` ("started" | "output" | "finished") and `text`
//     (the raw chunk) that plain clients ignore and ours read.
//
// Settings: initializationOptions.run, refreshed from workspace/configuration
// (section "ark.run") when the client supports it, at start and on
// workspace/didChangeConfiguration (whose settings.ark.run is also read):
//   timeoutMs (10000)  instructionBudget (alias instructionLimit; 2e9 ticks, 0 = off)
//   maxCallDepth (10000)  maxConcurrent (4)  maxOutputBytes (1 MiB)  maxMemoryMb (512, 0 = off)
// initializationOptions (or these defaults) are a ceiling: workspace
// configuration may only lower a limit (its 0 lifts none) and never sets trust.
//
// The Debug lens: initializationOptions.debugCommand (a string) says the client
// can start a debug session (`ark dap`) on a file and names its own command
// that does it. Only then the file's "Run" lens gets a "Debug" lens beside it,
// whose command is that one with the argument {uri} (the client runs it
// itself: it is not one of the server's executeCommand commands). The VS Code
// extension sends "arkscript.debugFile".
#pragma once
#include <string_view>

namespace ark::lsp::extensions {

inline constexpr std::string_view kRunCommand = "ark.run";
inline constexpr std::string_view kRunAsyncCommand = "ark.runAsync";
inline constexpr std::string_view kRunExampleCommand = "ark.runExample";
inline constexpr std::string_view kStopRunCommand = "ark.stopRun";

inline constexpr std::string_view kCommands[] = {kRunCommand, kRunAsyncCommand, kRunExampleCommand, kStopRunCommand};

// The configuration section the run settings live in.
inline constexpr std::string_view kRunSettingsSection = "ark.run";

}  // namespace ark::lsp::extensions
