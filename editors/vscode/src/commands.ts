// The Runner behind `ArkScript: Run File`, `ArkScript: Stop Run` and the code lenses. Runs go
// through the server's `ark.run` (output streamed by $/progress, stoppable with `ark.stopRun`
// and $/cancelRequest); in an untrusted workspace the server's run is sandboxed (no files, no
// processes). Without that run (no server, or an older one) a trusted workspace gets
// `ark run FILE` in a child process, with full access; an untrusted one gets a message offering
// to trust it, never a full-access run. Output always lands in "ArkScript Run".
import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  CancellationTokenSource, ExecuteCommandRequest, LanguageClient, WorkDoneProgress,
} from 'vscode-languageclient/node';
import { RUN_COMMAND, RunArguments, RunResult, runSummary, runText, STOP_RUN_COMMAND } from './protocol';
import { RunOutput } from './run_output';
import { runSettings } from './settings';

let nextRun = 1;

export class Runner implements vscode.Disposable {
  private readonly running = new Set<CancellationTokenSource>();
  private readonly processes = new Set<ChildProcess>();

  constructor(
    private readonly output: RunOutput,
    private readonly client: () => LanguageClient | undefined,
    private readonly binary: () => string | undefined,
  ) {}

  private serverHas(command: string): boolean {
    const provider = this.client()?.initializeResult?.capabilities.executeCommandProvider;
    return (provider?.commands ?? []).includes(command);
  }

  private reveal(): boolean {
    return vscode.workspace.getConfiguration('ark.run').get<boolean>('revealOutput', true);
  }

  /** Sends a run command to the server, streams its output, writes the summary; resolves to the result. */
  async runOnServer(command: string, args: unknown[], title: string): Promise<RunResult | undefined> {
    const client = this.client();
    if (!client) {
      throw new Error('the ArkScript language server is not running');
    }
    const runId = `vscode-${nextRun++}`;
    const first = (args[0] ?? {}) as RunArguments;
    const runArgs = [{ ...first, runId: first.runId ?? runId }, ...args.slice(1)];
    const token = `ark-run/${runId}`;
    let streamed = '';
    const progress = client.onProgress(WorkDoneProgress.type, token, (value) => {
      if (value.kind === 'report' && value.message) {
        streamed += value.message;
        this.output.append(value.message);
      }
    });
    const cancel = new CancellationTokenSource();
    this.running.add(cancel);
    this.output.start(title, this.reveal());
    try {
      const result = (await client.sendRequest(ExecuteCommandRequest.type,
        { command, arguments: runArgs, workDoneToken: token }, cancel.token)) as RunResult | undefined;
      if (streamed === '' || !result) {
        this.output.appendLine(runText(result));
      } else {
        this.output.appendLine((streamed.endsWith('\n') ? '' : '\n') + runSummary(result));
      }
      if (refusedBySandbox(result)) {
        this.output.appendLine(SANDBOX_HINT);
      }
      return result;
    } catch (error) {
      this.output.appendLine(cancel.token.isCancellationRequested ? '[stopped]' : `error: ${(error as Error).message}`);
      return undefined;
    } finally {
      progress.dispose();
      this.running.delete(cancel);
      cancel.dispose();
    }
  }

  /** The lens middleware: every server run command goes through `runOnServer`. */
  handleLens(command: string, args: unknown[]): Promise<unknown> {
    return this.runOnServer(command, args, lensTitle(command, args));
  }

  /** `ArkScript: Run File`: resolves to what the run printed. */
  async runFile(uri?: vscode.Uri): Promise<string> {
    const document = uri
      ? await vscode.workspace.openTextDocument(uri)
      : vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== 'arkscript') {
      void vscode.window.showErrorMessage('ArkScript: open an .ark file to run it');
      return '';
    }
    if (document.isDirty) {
      await document.save();
    }
    const client = this.client();
    if (client && this.serverHas(RUN_COMMAND)) {
      const args: RunArguments = { uri: client.code2ProtocolConverter.asUri(document.uri) };
      const result = await this.runOnServer(RUN_COMMAND, [args], `Run ${path.basename(document.uri.fsPath)}`);
      return result?.output ?? '';
    }
    if (!vscode.workspace.isTrusted) {
      return this.refuseUntrusted(document.uri.fsPath);
    }
    return this.runProcess(document.uri.fsPath);
  }

  /** Run File without the server's sandboxed run, in an untrusted workspace: says why, offers trust. */
  private refuseUntrusted(file: string): string {
    const message = `ArkScript: not running ${path.basename(file)}: this workspace is not trusted, and ` +
      'without the language server\'s sandboxed run the file would run with full access to your files ' +
      'and processes. Trust the workspace to run it with `ark run`, or get the server running (see the ' +
      '"ArkScript" output, then ArkScript: Restart Language Server).';
    this.output.start(`Run ${path.basename(file)}`, this.reveal());
    this.output.appendLine(message);
    void vscode.window.showWarningMessage(message, 'Manage Workspace Trust').then((choice) => {
      if (choice) {
        void vscode.commands.executeCommand('workbench.trust.manage');
      }
    });
    return '';
  }

  /** `ark run FILE` in a child process, with the time and output limits of the settings. */
  private runProcess(file: string): Promise<string> {
    const binary = this.binary();
    this.output.start(`ark run ${path.basename(file)}`, this.reveal());
    if (!binary) {
      this.output.appendLine('error: the `ark` binary was not found (setting `ark.serverPath`)');
      return Promise.resolve('');
    }
    const limits = runSettings();
    return new Promise((resolve) => {
      let text = '';
      let truncated = false;
      const child = spawn(binary, ['run', file], { cwd: path.dirname(file) });
      this.processes.add(child);
      const timer = limits.timeoutMs > 0 ? setTimeout(() => child.kill('SIGKILL'), limits.timeoutMs) : undefined;
      const take = (chunk: Buffer) => {
        if (text.length >= limits.maxOutputBytes) {
          truncated = true;
          return;
        }
        const piece = chunk.toString('utf8').slice(0, limits.maxOutputBytes - text.length);
        text += piece;
        this.output.append(piece);
      };
      child.stdout.on('data', take);
      child.stderr.on('data', take);
      child.on('close', (code, signal) => {
        if (timer) {
          clearTimeout(timer);
        }
        this.processes.delete(child);
        const lead = text === '' || text.endsWith('\n') ? '' : '\n';
        this.output.appendLine(lead + (truncated ? '[output truncated]\n' : '') +
          (signal ? `[stopped: ${signal}]` : `[exit ${code}]`));
        resolve(text);
      });
      child.on('error', (error) => {
        this.output.appendLine(`error: ${error.message}`);
      });
    });
  }

  /** `ArkScript: Stop Run`: stops every run, on the server and in child processes. */
  async stop(): Promise<void> {
    const client = this.client();
    if (client && this.serverHas(STOP_RUN_COMMAND)) {
      await client.sendRequest(ExecuteCommandRequest.type, { command: STOP_RUN_COMMAND, arguments: [] })
        .catch(() => undefined);
    }
    for (const cancel of this.running) {
      cancel.cancel();
    }
    for (const child of this.processes) {
      child.kill('SIGKILL');
    }
  }

  dispose(): void {
    void this.stop();
  }
}

const SANDBOX_HINT = '[this workspace is not trusted: runs may not touch files or start processes; ' +
  'trust the workspace (Manage Workspace Trust) to allow them]';

/** Whether a run failed because the untrusted sandbox refused a file or process builtin. */
function refusedBySandbox(result: RunResult | undefined): boolean {
  return !vscode.workspace.isTrusted && result?.error?.kind === 'IOError' &&
    (result.error.message ?? '').includes('access to files and processes is refused');
}

function lensTitle(command: string, args: unknown[]): string {
  const first = (args[0] ?? {}) as RunArguments;
  const file = first.uri ? path.basename(vscode.Uri.parse(first.uri).fsPath) : '';
  const what = first.call ?? (first.function ? `(${first.function})` : file);
  return `${command} ${what}`.trim();
}
