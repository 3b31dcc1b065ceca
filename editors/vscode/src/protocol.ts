// Our LSP extensions as the extension sees them (mirror: lsp/protocol/extensions.hpp once it
// lands). Command names are matched by pattern too, so a renamed server command still works.

/** The server command that runs a file or a function (the "Run" / "Run async" lenses). */
export const RUN_COMMANDS = ['ark.run', 'ark.runAsync', 'ark.runFile', 'ark.runFunction'];
/** The server command that stops a run, when the server has one. */
export const STOP_COMMANDS = ['ark.stopRun', 'ark.cancelRun', 'ark.stop'];

export function isRunCommand(name: string): boolean {
  return RUN_COMMANDS.includes(name) || (/run/i.test(name) && !isStopCommand(name));
}

export function isStopCommand(name: string): boolean {
  return STOP_COMMANDS.includes(name) || /(stop|cancel)/i.test(name);
}

/** Run limits sent in `initializationOptions.run` and `workspace/didChangeConfiguration`. */
export interface RunLimits {
  timeoutMs: number;
  maxOutputBytes: number;
  instructionLimit: number;
}

/** What a run answers. Servers may use any of these fields; `runText` reads them all. */
export interface RunResult {
  output?: string;
  stdout?: string;
  stderr?: string;
  text?: string;
  error?: string | { message?: string };
  message?: string;
  exitCode?: number;
  status?: string | number;
  truncated?: boolean;
  cancelled?: boolean;
  timedOut?: boolean;
}

/** The text of a run result for the output channel. */
export function runText(result: unknown): string {
  if (result === null || result === undefined) {
    return '';
  }
  if (typeof result === 'string') {
    return result;
  }
  if (typeof result !== 'object') {
    return String(result);
  }
  const run = result as RunResult;
  const parts: string[] = [];
  for (const text of [run.output, run.stdout, run.text]) {
    if (typeof text === 'string' && text !== '') {
      parts.push(text.replace(/\n$/, ''));
    }
  }
  for (const text of [run.stderr, run.error, run.message]) {
    const value = typeof text === 'object' && text !== null ? text.message : text;
    if (typeof value === 'string' && value !== '') {
      parts.push(value.replace(/\n$/, ''));
    }
  }
  if (run.truncated) {
    parts.push('[output truncated]');
  }
  if (run.timedOut) {
    parts.push('[stopped: time limit]');
  }
  if (run.cancelled) {
    parts.push('[stopped]');
  }
  const status = run.exitCode ?? run.status;
  if (status !== undefined && status !== null) {
    parts.push(`[exit: ${status}]`);
  }
  return parts.length > 0 ? parts.join('\n') : JSON.stringify(result, null, 2);
}
