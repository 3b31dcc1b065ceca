// Starting `ark lsp` with vscode-languageclient: finding the binary (with a clear message when it
// is missing), the client options, and routing lens runs to the Runner.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { isRunCommand, RunSettings } from './protocol';

export const CLIENT_ID = 'ark';

/** The `ark` binary named by `setting`: a path, or a name searched on PATH; undefined if absent. */
export function resolveBinary(setting: string): string | undefined {
  const isExecutable = (file: string) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  };
  const expanded = setting.startsWith('~/') ? path.join(process.env.HOME ?? '', setting.slice(2)) : setting;
  if (expanded.includes('/') || expanded.includes('\\')) {
    const absolute = path.isAbsolute(expanded)
      ? expanded
      : path.resolve(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd(), expanded);
    return isExecutable(absolute) ? absolute : undefined;
  }
  const suffixes = process.platform === 'win32' ? ['', '.exe', '.cmd'] : [''];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    for (const suffix of suffixes) {
      const candidate = path.join(dir, expanded + suffix);
      if (dir !== '' && isExecutable(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

export function missingBinaryMessage(setting: string): string {
  return `ArkScript: cannot start the language server: \`${setting}\` was not found` +
    (setting.includes('/') ? '' : ' on PATH') +
    '. Install ArkScript (the `ark` binary) or set `ark.serverPath` to its full path.';
}

/** The `ark.run` settings, sent as `initializationOptions.run` (the server rereads them). */
export function runSettings(): RunSettings {
  const config = vscode.workspace.getConfiguration('ark.run');
  return {
    timeoutMs: config.get<number>('timeoutMs', 10000),
    instructionBudget: config.get<number>('instructionBudget', 2000000000),
    maxCallDepth: config.get<number>('maxCallDepth', 10000),
    maxConcurrent: config.get<number>('maxConcurrent', 4),
    maxOutputBytes: config.get<number>('maxOutputBytes', 1048576),
    maxMemoryMb: config.get<number>('maxMemoryMb', 512),
  };
}

/** Runs server commands for lenses; returns undefined for commands it does not handle. */
export type LensRunHandler = (command: string, args: unknown[]) => Promise<unknown> | undefined;

export function createClient(binary: string, onLensRun: LensRunHandler): LanguageClient {
  const args = vscode.workspace.getConfiguration('ark').get<string[]>('serverArgs', ['lsp']);
  // No `transport`: with TransportKind.stdio the client would append `--stdio`, which `ark lsp`
  // does not take (stdio is its default).
  const serverOptions: ServerOptions = { command: binary, args };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'arkscript' },
      { scheme: 'untitled', language: 'arkscript' },
    ],
    // Lens runs may touch files and start processes only in a workspace the user trusts
    // (VS Code's Workspace Trust); the server never takes this from workspace settings.
    initializationOptions: { run: runSettings(), trustedWorkspace: vscode.workspace.isTrusted },
    synchronize: { configurationSection: 'ark' },
    outputChannelName: 'ArkScript',
    middleware: {
      // Lenses run through the Runner, which feeds "ArkScript Run" and can stop the run.
      executeCommand: (command, commandArgs, next) => {
        if (isRunCommand(command)) {
          const handled = onLensRun(command, commandArgs);
          if (handled) {
            return handled;
          }
        }
        return next(command, commandArgs);
      },
    },
  };
  return new LanguageClient(CLIENT_ID, 'ArkScript Language Server', serverOptions, clientOptions);
}
