// Our LSP extensions as the extension sees them. Mirror of lsp/protocol/extensions.hpp: the
// commands the code lenses carry, what a run answers, and the run settings.

export const RUN_COMMAND = 'ark.run';
export const RUN_ASYNC_COMMAND = 'ark.runAsync';
export const RUN_EXAMPLE_COMMAND = 'ark.runExample';
export const STOP_RUN_COMMAND = 'ark.stopRun';

/**
 * Sent as `initializationOptions.debugCommand`: this extension's command that starts a debug
 * session on a file. The server's "Debug" lens calls it with `{ uri }` (a string).
 */
export const DEBUG_FILE_COMMAND = 'arkscript.debugFile';

/** Commands that start a run; their answers go to "ArkScript Run". */
export const RUN_COMMANDS = [RUN_COMMAND, RUN_ASYNC_COMMAND, RUN_EXAMPLE_COMMAND];

export function isRunCommand(name: string): boolean {
  return RUN_COMMANDS.includes(name);
}

/** The one object in a run command's `arguments`. */
export interface RunArguments {
  uri: string;
  function?: string;
  call?: string;
  expected?: string;
  runId?: string;
}

/** `initializationOptions.run` and the `ark.run` configuration section. */
export interface RunSettings {
  timeoutMs: number;
  instructionBudget: number;
  maxCallDepth: number;
  maxConcurrent: number;
  maxOutputBytes: number;
  maxMemoryMb: number;
}

/** What a run command answers when the run ends. */
export interface RunResult {
  runId?: string;
  command?: string;
  status?: 'ok' | 'error' | 'exit' | 'timeout' | 'budget' | 'memory' | 'stopped' | 'cancelled';
  result?: string | null;
  durationMs?: number;
  output?: string;
  truncated?: boolean;
  timedOut?: boolean;
  cancelled?: boolean;
  exitCode?: number;
  error?: { kind?: string; message?: string; traceback?: { function?: string; location?: string }[] };
  example?: { call: string; expected: string; actual: string; passed: boolean };
}

/** The lines after a run's output: value, error with traceback, example verdict, status. */
export function runSummary(run: RunResult): string {
  const lines: string[] = [];
  if (run.truncated) {
    lines.push('[output truncated]');
  }
  if (run.error && (run.error.kind || run.error.message)) {
    lines.push(`${run.error.kind ?? 'Error'}: ${run.error.message ?? ''}`);
    for (const frame of run.error.traceback ?? []) {
      lines.push(`    at ${frame.function ?? '<top level>'} (${frame.location ?? '?'})`);
    }
  }
  if (run.example) {
    const verdict = run.example.passed ? 'passed' : `failed: expected ${run.example.expected}, got ${run.example.actual}`;
    lines.push(`${run.example.call} ${verdict}`);
  } else if (run.result !== undefined && run.result !== null) {
    lines.push(`=> ${run.result}`);
  }
  const status = run.status ?? 'done';
  const duration = run.durationMs !== undefined ? ` in ${run.durationMs.toFixed(1)} ms` : '';
  const exit = run.exitCode !== undefined ? ` (exit ${run.exitCode})` : '';
  lines.push(`[${status}${exit}${duration}]`);
  return lines.join('\n');
}

/** Everything about a run result as text (its output, then the summary). */
export function runText(result: unknown): string {
  if (result === null || result === undefined) {
    return '';
  }
  if (typeof result !== 'object') {
    return String(result);
  }
  const run = result as RunResult;
  const output = (run.output ?? '').replace(/\n$/, '');
  return (output ? output + '\n' : '') + runSummary(run);
}
