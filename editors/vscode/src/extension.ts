// Entry point: registers the commands, starts the language client, restarts it when its
// settings change or the workspace becomes trusted, and returns a small API (used by the
// end-to-end test).
import * as vscode from 'vscode';
import { DidChangeConfigurationNotification, LanguageClient } from 'vscode-languageclient/node';
import { createClient, missingBinaryMessage, resolveBinary, ServerStart } from './client';
import { Runner } from './commands';
import { registerDebugger } from './debug';
import { RunOutput } from './run_output';
import { loosens, runSettings, serverArgsSetting, serverPathSetting } from './settings';

let client: LanguageClient | undefined;
let binary: string | undefined;
let started: ServerStart | undefined;
let startError: string | undefined;

export interface ArkApi {
  /** The running client, if the server started. */
  client(): LanguageClient | undefined;
  /** Why the server did not start, if it did not. */
  startError(): string | undefined;
  /** The command, arguments, run limits and trust of the last start that found its binary. */
  serverStart(): ServerStart | undefined;
  /** Everything "ArkScript Run" shows. */
  runOutput(): string;
  /** Runs a file as `ArkScript: Run File` does; resolves to its output. */
  runFile(uri?: vscode.Uri): Promise<string>;
}

async function start(runner: Runner): Promise<void> {
  const setting = serverPathSetting();
  binary = resolveBinary(setting);
  started = undefined;
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
  started = { command: binary, args: serverArgsSetting(), run: runSettings(), trusted: vscode.workspace.isTrusted };
  client = createClient(started, (command, args) => runner.handleLens(command, args));
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

// Restarts and settings changes run one after the other: granting trust can fire both
// onDidGrantWorkspaceTrust and onDidChangeConfiguration, and two interleaved restarts would
// leave a client running that nothing stops.
let queue: Promise<void> = Promise.resolve();
function serialized(task: () => Promise<void>): Promise<void> {
  queue = queue.then(task, task);
  return queue;
}

async function restart(runner: Runner): Promise<void> {
  await stop();
  await start(runner);
}

/** A settings change: restart when the command changes or a run limit goes up, else tell the server. */
async function onSettingsChanged(runner: Runner): Promise<void> {
  const path = serverPathSetting();
  const args = serverArgsSetting();
  const run = runSettings();
  const commandChanged = !started || resolveBinary(path) !== started.command ||
    JSON.stringify(args) !== JSON.stringify(started.args) || started.trusted !== vscode.workspace.isTrusted;
  // The server takes a higher limit only at initialize (workspace configuration may only lower
  // the limits it started with): a raised one needs a new server.
  if (commandChanged || (started && loosens(started.run, run))) {
    await restart(runner);
    return;
  }
  if (client?.isRunning()) {
    await client.sendNotification(DidChangeConfigurationNotification.type, { settings: { ark: { run } } })
      .catch(() => undefined);
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<ArkApi> {
  const output = new RunOutput();
  const runner = new Runner(output, () => client, () => binary);
  context.subscriptions.push(output, runner);
  registerDebugger(context);

  context.subscriptions.push(
    vscode.commands.registerCommand('arkscript.restartServer', () => serialized(() => restart(runner))),
    vscode.commands.registerCommand('arkscript.runFile', (uri?: vscode.Uri) => runner.runFile(uri)),
    vscode.commands.registerCommand('arkscript.stopRun', () => runner.stop()),
    vscode.commands.registerCommand('arkscript.showRunOutput', () => output.show()),
    // Trust is sent once, at initialize, and decides which settings count: granting it
    // restarts the server with the workspace's settings and lets lens runs touch files.
    vscode.workspace.onDidGrantWorkspaceTrust(() => serialized(() => restart(runner))),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('ark.serverPath') || event.affectsConfiguration('ark.serverArgs') ||
          event.affectsConfiguration('ark.run')) {
        await serialized(() => onSettingsChanged(runner));
      }
    }),
  );

  await serialized(() => start(runner));
  return {
    client: () => client,
    startError: () => startError,
    serverStart: () => started,
    runOutput: () => output.contents(),
    runFile: (uri) => runner.runFile(uri),
  };
}

export function deactivate(): Promise<void> {
  return stop();
}
