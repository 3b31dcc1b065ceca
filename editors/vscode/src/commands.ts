// The Runner behind `ArkScript: Run File`, `ArkScript: Stop Run` and the code lenses: runs go
// through the server's run command when it has one (cancellable with $/cancelRequest), else
// through `ark run FILE` in a child process. Output always lands in "ArkScript Run".
import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  CancellationTokenSource, CodeLens, CodeLensRequest, CodeLensResolveRequest, ExecuteCommandRequest, LanguageClient,
} from 'vscode-languageclient/node';
import { runLimits } from './client';
import { isRunCommand, isStopCommand, runText } from './protocol';
import { RunOutput } from './run_output';

export class Runner implements vscode.Disposable {
  private readonly running = new Set<CancellationTokenSource>();
  private readonly processes = new Set<ChildProcess>();

  constructor(
    private readonly output: RunOutput,
    private readonly client: () => LanguageClient | undefined,
    private readonly binary: () => string | undefined,
  ) {}

  private serverCommands(): string[] {
    const provider = this.client()?.initializeResult?.capabilities.executeCommandProvider;
    return provider?.commands ?? [];
  }

  private reveal(): boolean {
    return vscode.workspace.getConfiguration('ark.run').get<boolean>('revealOutput', true);
  }

  /** Sends a run command to the server and writes its answer; resolves to the result. */
  async runOnServer(command: string, args: unknown[], title: string): Promise<unknown> {
    const client = this.client();
    if (!client) {
      throw new Error('the ArkScript language server is not running');
    }
    const cancel = new CancellationTokenSource();
    this.running.add(cancel);
    this.output.start(title, this.reveal());
    try {
      const result = await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args }, cancel.token);
      this.output.appendLine(runText(result));
      return result;
    } catch (error) {
      const message = cancel.token.isCancellationRequested ? '[stopped]' : `error: ${(error as Error).message}`;
      this.output.appendLine(message);
      return { error: message };
    } finally {
      this.running.delete(cancel);
      cancel.dispose();
    }
  }

  /** The lens middleware: every server run command goes through `runOnServer`. */
  handleLens(command: string, args: unknown[]): Promise<unknown> {
    return this.runOnServer(command, args, lensTitle(command, args));
  }

  /** The file's "Run" lens (or its first run lens), resolved. */
  private async fileLens(document: vscode.TextDocument): Promise<CodeLens | undefined> {
    const client = this.client();
    if (!client || !this.serverCommands().some(isRunCommand)) {
      return undefined;
    }
    const lenses = (await client.sendRequest(CodeLensRequest.type, {
      textDocument: { uri: client.code2ProtocolConverter.asUri(document.uri) },
    })) ?? [];
    let fallback: CodeLens | undefined;
    for (let lens of lenses) {
      if (!lens.command && client.initializeResult?.capabilities.codeLensProvider?.resolveProvider) {
        lens = await client.sendRequest(CodeLensResolveRequest.type, lens);
      }
      if (lens.command && isRunCommand(lens.command.command)) {
        if (lens.command.title === 'Run') {
          return lens;
        }
        fallback ??= lens;
      }
    }
    return fallback;
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
    const lens = await this.fileLens(document).catch(() => undefined);
    if (lens?.command) {
      const result = await this.runOnServer(lens.command.command, lens.command.arguments ?? [],
        `Run ${path.basename(document.uri.fsPath)}`);
      return runText(result);
    }
    return this.runProcess(document.uri.fsPath);
  }

  /** `ark run FILE` in a child process, with the run limits of the settings. */
  private runProcess(file: string): Promise<string> {
    const binary = this.binary();
    this.output.start(`ark run ${path.basename(file)}`, this.reveal());
    if (!binary) {
      this.output.appendLine('error: the `ark` binary was not found (setting `ark.serverPath`)');
      return Promise.resolve('');
    }
    const limits = runLimits();
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
        if (truncated) {
          this.output.appendLine('\n[output truncated]');
        }
        this.output.appendLine(signal ? `[stopped: ${signal}]` : `[exit: ${code}]`);
        resolve(text);
      });
      child.on('error', (error) => {
        this.output.appendLine(`error: ${error.message}`);
      });
    });
  }

  /** `ArkScript: Stop Run`: cancels server runs, asks the server to stop, kills child runs. */
  async stop(): Promise<void> {
    for (const cancel of this.running) {
      cancel.cancel();
    }
    const client = this.client();
    const stopCommand = this.serverCommands().find(isStopCommand);
    if (client && stopCommand) {
      await client.sendRequest(ExecuteCommandRequest.type, { command: stopCommand, arguments: [] }).catch(() => undefined);
    }
    for (const child of this.processes) {
      child.kill('SIGKILL');
    }
  }

  get busy(): boolean {
    return this.running.size > 0 || this.processes.size > 0;
  }

  dispose(): void {
    void this.stop();
  }
}

function lensTitle(command: string, args: unknown[]): string {
  const first = args[0] as { name?: string; function?: string } | string | undefined;
  const name = typeof first === 'object' && first !== null ? first.name ?? first.function : undefined;
  return name ? `${command} ${name}` : command;
}
