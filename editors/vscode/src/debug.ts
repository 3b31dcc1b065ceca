// The debugger: `ark dap` (Debug Adapter Protocol on stdio) as the adapter of the
// `arkscript` debug type, and a configuration for F5 on an open .ark file when the
// workspace has no launch.json.
import * as vscode from 'vscode';
import { missingBinaryMessage, resolveBinary } from './client';
import { DEBUG_FILE_COMMAND } from './protocol';
import { serverPathSetting } from './settings';

class ArkDebugAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  createDebugAdapterDescriptor(): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
    const setting = serverPathSetting();
    const binary = resolveBinary(setting);
    if (!binary) {
      throw new Error(missingBinaryMessage(setting));
    }
    return new vscode.DebugAdapterExecutable(binary, ['dap']);
  }
}

class ArkConfigurationProvider implements vscode.DebugConfigurationProvider {
  resolveDebugConfiguration(
    _folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): vscode.ProviderResult<vscode.DebugConfiguration> {
    // F5 with no launch.json: debug the file in the active editor.
    if (!config.type && !config.request && !config.name) {
      const editor = vscode.window.activeTextEditor;
      if (editor && editor.document.languageId === 'arkscript') {
        config.type = 'arkscript';
        config.name = 'Debug ArkScript file';
        config.request = 'launch';
        config.program = '${file}';
      }
    }
    if (!config.program) {
      return vscode.window.showInformationMessage('Open an ArkScript file to debug it.').then(() => undefined);
    }
    return config;
  }
}

/**
 * The file `ArkScript: Debug File` debugs: a Uri (editor menus, explorer), the server's Debug lens
 * argument `{ uri: string }`, or none (the active editor).
 */
function debugTarget(argument: unknown): vscode.Uri | undefined {
  if (argument instanceof vscode.Uri) {
    return argument;
  }
  if (argument && typeof argument === 'object' && typeof (argument as { uri?: unknown }).uri === 'string') {
    return vscode.Uri.parse((argument as { uri: string }).uri);
  }
  return vscode.window.activeTextEditor?.document.uri;
}

/** Registers the `arkscript` debug type; `ArkScript: Debug File` starts a session on a file. */
export function registerDebugger(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.debug.registerDebugAdapterDescriptorFactory('arkscript', new ArkDebugAdapterFactory()),
    vscode.debug.registerDebugConfigurationProvider('arkscript', new ArkConfigurationProvider()),
    vscode.commands.registerCommand(DEBUG_FILE_COMMAND, (argument?: unknown) => {
      const target = debugTarget(argument);
      if (!target) {
        return false;
      }
      return vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(target), {
        type: 'arkscript',
        name: 'Debug ArkScript file',
        request: 'launch',
        program: target.fsPath,
      });
    }),
  );
}
