// The "ArkScript Run" output channel: every run (lens, `ArkScript: Run File`) writes a header
// and its output here, and keeps the text so tests and the API can read it back.
import * as vscode from 'vscode';

export class RunOutput implements vscode.Disposable {
  readonly channel: vscode.OutputChannel;
  private text = '';

  constructor() {
    this.channel = vscode.window.createOutputChannel('ArkScript Run');
  }

  start(title: string, reveal: boolean): void {
    this.append(`── ${title} (${new Date().toLocaleTimeString()})\n`);
    if (reveal) {
      this.channel.show(true);
    }
  }

  append(text: string): void {
    this.text += text;
    this.channel.append(text);
  }

  appendLine(text: string): void {
    this.append(text + '\n');
  }

  /** Everything written since the extension started. */
  contents(): string {
    return this.text;
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
