// Reading the settings that choose what runs and how much it may use (`ark.serverPath`,
// `ark.serverArgs`, `ark.run.*`). A folder's `.vscode/settings.json` (or a `.code-workspace`)
// comes with the repository: in a workspace the user does not trust, these settings come from
// the user's own settings or the defaults only, never from the workspace or its folders. They
// are also listed in package.json's `restrictedConfigurations`, so VS Code marks them in the
// Settings editor; this module does not rely on VS Code filtering them.
import * as vscode from 'vscode';
import { RunSettings } from './protocol';

/** The settings the workspace may not choose while untrusted (mirror of package.json). */
export const RESTRICTED_SETTINGS = [
  'ark.serverPath', 'ark.serverArgs',
  'ark.run.timeoutMs', 'ark.run.instructionBudget', 'ark.run.maxCallDepth', 'ark.run.maxConcurrent',
  'ark.run.maxOutputBytes', 'ark.run.maxMemoryMb',
];

/**
 * The value of `section.key`: the effective one in a trusted workspace; in an untrusted one the
 * user's value (User or Machine settings), else the default. `valid` rejects values of the wrong
 * type, which then count as absent.
 */
export function restrictedSetting<T>(section: string, key: string, fallback: T, valid: (value: unknown) => value is T): T {
  const config = vscode.workspace.getConfiguration(section);
  if (vscode.workspace.isTrusted) {
    const value = config.get<unknown>(key);
    return valid(value) ? value : fallback;
  }
  const inspected = config.inspect<unknown>(key);
  for (const value of [inspected?.globalValue, inspected?.defaultValue]) {
    if (valid(value)) {
      return value;
    }
  }
  return fallback;
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');
const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** `ark.serverPath`: the `ark` binary, a path or a name on PATH. */
export function serverPathSetting(): string {
  return restrictedSetting('ark', 'serverPath', 'ark', isString) || 'ark';
}

/** `ark.serverArgs`: the arguments that start the server. */
export function serverArgsSetting(): string[] {
  return restrictedSetting('ark', 'serverArgs', ['lsp'], isStringArray);
}

/** The `ark.run` limits, sent as `initializationOptions.run` and answered to workspace/configuration. */
export function runSettings(): RunSettings {
  const limit = (key: keyof RunSettings, fallback: number) => restrictedSetting('ark.run', key, fallback, isCount);
  return {
    timeoutMs: limit('timeoutMs', 10000),
    instructionBudget: limit('instructionBudget', 2000000000),
    maxCallDepth: limit('maxCallDepth', 10000),
    maxConcurrent: limit('maxConcurrent', 4),
    maxOutputBytes: limit('maxOutputBytes', 1048576),
    maxMemoryMb: limit('maxMemoryMb', 512),
  };
}

/** Whether `next` allows more than `current` somewhere (0 is "no limit" for the first three). */
export function loosens(current: RunSettings, next: RunSettings): boolean {
  const unlimited = (value: number) => (value === 0 ? Infinity : value);
  return unlimited(next.timeoutMs) > unlimited(current.timeoutMs) ||
    unlimited(next.instructionBudget) > unlimited(current.instructionBudget) ||
    unlimited(next.maxMemoryMb) > unlimited(current.maxMemoryMb) ||
    next.maxCallDepth > current.maxCallDepth ||
    next.maxConcurrent > current.maxConcurrent ||
    next.maxOutputBytes > current.maxOutputBytes;
}
