// Entry point: registers the commands, starts the language client, restarts it when its
// settings change, and returns a small API (used by the end-to-end test).
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { createClient, missingBinaryMessage, resolveBinary } from './client';
import { Runner } from './commands';
import { RunOutput } from './run_output';

let client: LanguageClient | undefined;
let binary: string | undefined;
let startError: string | undefined;

export interface ArkApi {
  /** The running client, if the server started. */
  client(): LanguageClient | undefined;
  /** Why the server did not start, if it did not. */
  startError(): string | undefined;
  /** Everything "ArkScript Run" shows. */
  runOutput(): string;
  /** Runs a file as `ArkScript: Run File` does; resolves to its output. */
  runFile(uri?: vscode.Uri): Promise<string>;
}

async function start(runner: Runner): Promise<void> {
  const setting = vscode.workspace.getConfiguration('ark').get<string>('serverPath', 'ark') || 'ark';
  binary = resolveBinary(setting);
  if (!binary) {
    startError = missingBinaryMessage(setting);
    void vscode.window.showErrorMessage(startError, 'Open Settings').then((choice) => {
      if (choice) {
        void vscode.commands.executeCommand('workbench.action.openSettings', 'ark.serverPath');
      }
    });
    return;
  }
  startError = undefined;
  client = createClient(binary, (command, args) => runner.handleLens(command, args));
  try {
    await client.start();
  } catch (error) {
    startError = `ArkScript: the language server \`${binary}\` failed to start: ${(error as Error).message}`;
    void vscode.window.showErrorMessage(startError);
    client = undefined;
  }
}

async function stop(): Promise<void> {
  const old = client;
  client = undefined;
  if (old) {
    await old.stop().catch(() => undefined);
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<ArkApi> {
  const output = new RunOutput();
  const runner = new Runner(output, () => client, () => binary);
  context.subscriptions.push(output, runner);

  context.subscriptions.push(
    vscode.commands.registerCommand('arkscript.restartServer', async () => {
      await stop();
      await start(runner);
    }),
    vscode.commands.registerCommand('arkscript.runFile', (uri?: vscode.Uri) => runner.runFile(uri)),
    vscode.commands.registerCommand('arkscript.stopRun', () => runner.stop()),
    vscode.commands.registerCommand('arkscript.showRunOutput', () => output.show()),
    // Trust is sent once, at initialize: granting it restarts the server.
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      await stop();
      await start(runner);
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('ark.serverPath') || event.affectsConfiguration('ark.serverArgs')) {
        await stop();
        await start(runner);
      }
    }),
  );

  await start(runner);
  return {
    client: () => client,
    startError: () => startError,
    runOutput: () => output.contents(),
    runFile: (uri) => runner.runFile(uri),
  };
}

export function deactivate(): Promise<void> {
  return stop();
}
