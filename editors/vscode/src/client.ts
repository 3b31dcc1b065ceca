// Starting `ark lsp` with vscode-languageclient: finding the binary (with a clear message when it
// is missing), the client options, and routing lens runs to the Runner. What starts and the run
// limits come from settings.ts, which ignores the workspace's values while it is not trusted.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { DEBUG_FILE_COMMAND, isRunCommand, RunSettings } from './protocol';
import { runSettings } from './settings';

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
  // An untrusted workspace may not provide the binary either: no path relative to its folder, no
  // relative PATH entry (such as `.`).
  const trusted = vscode.workspace.isTrusted;
  if (expanded.includes('/') || expanded.includes('\\')) {
    if (!path.isAbsolute(expanded) && !trusted) {
      return undefined;
    }
    const absolute = path.isAbsolute(expanded)
      ? expanded
      : path.resolve(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd(), expanded);
    return isExecutable(absolute) ? absolute : undefined;
  }
  const suffixes = process.platform === 'win32' ? ['', '.exe', '.cmd'] : [''];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '' || (!trusted && !path.isAbsolute(dir))) {
      continue;
    }
    for (const suffix of suffixes) {
      const candidate = path.join(dir, expanded + suffix);
      if (isExecutable(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

export function missingBinaryMessage(setting: string): string {
  const relative = /[/\\]/.test(setting) && !path.isAbsolute(setting) && !setting.startsWith('~/');
  if (relative && !vscode.workspace.isTrusted) {
    return `ArkScript: cannot start the language server: \`${setting}\` is relative to the workspace, which ` +
      'is not trusted. Set `ark.serverPath` to a full path in your user settings, or trust the workspace.';
  }
  return `ArkScript: cannot start the language server: \`${setting}\` was not found` +
    (setting.includes('/') ? '' : ' on PATH') +
    '. Install ArkScript (the `ark` binary) or set `ark.serverPath` to its full path.';
}

/** How a client was started: what the extension ran and sent (also shown to the e2e test). */
export interface ServerStart {
  command: string;
  args: string[];
  run: RunSettings;
  trusted: boolean;
}

/** Runs server commands for lenses; returns undefined for commands it does not handle. */
export type LensRunHandler = (command: string, args: unknown[]) => Promise<unknown> | undefined;

export function createClient(start: ServerStart, onLensRun: LensRunHandler): LanguageClient {
  // No `transport`: with TransportKind.stdio the client would append `--stdio`, which `ark lsp`
  // does not take (stdio is its default).
  const serverOptions: ServerOptions = { command: start.command, args: start.args };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'arkscript' },
      { scheme: 'untitled', language: 'arkscript' },
    ],
    // Lens runs may touch files and start processes only in a workspace the user trusts
    // (VS Code's Workspace Trust); the server never takes this from workspace settings. The run
    // limits sent here are the most the server allows: what it later reads from the workspace
    // configuration can only lower them.
    // `debugCommand`: this extension can start a debug session (`ark dap`) on a file, so the
    // server puts a "Debug" lens beside "Run" that calls that command (debug.ts).
    initializationOptions: { run: start.run, trustedWorkspace: start.trusted, debugCommand: DEBUG_FILE_COMMAND },
    // No `synchronize.configurationSection`: it would send the workspace's values whatever the
    // trust. extension.ts sends the `ark.run` limits itself when they change.
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
      workspace: {
        // The server asks for the `ark.run` section: answer with the values settings.ts allows.
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) {
            return answers;
          }
          return params.items.map((item, index) => {
            if (item.section === 'ark.run') {
              return runSettings();
            }
            if (item.section === 'ark') {
              const answer = answers[index];
              return { ...(answer && typeof answer === 'object' ? answer : {}), run: runSettings() };
            }
            return answers[index];
          });
        },
      },
    },
  };
  return new LanguageClient(CLIENT_ID, 'ArkScript Language Server', serverOptions, clientOptions);
}
