// Runs inside a real VS Code (code-server): opens ArkScript files in the workspace that
// run_vscode_e2e.sh prepared and checks what the ArkScript extension and `ark lsp` give through
// the public vscode API. Writes .ark-e2e/result.json: { done, results: [{ name, ok, detail }] }.
// A workspace with .ark-e2e/untrusted is opened untrusted and gets the Workspace Trust checks.
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');

const results = [];
function check(ok, name, detail) {
  results.push({ name, ok: Boolean(ok), detail: ok ? undefined : String(detail ?? '') });
}

async function waitFor(ms, predicate) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await predicate();
    if (value || Date.now() > deadline) {
      return value;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function hoverText(hovers) {
  return (hovers ?? []).flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value)).join('\n');
}

async function run(root) {
  const extension = vscode.extensions.getExtension('arkscript.arkscript');
  check(extension, 'the ArkScript extension is installed');
  let api;
  try {
    api = await extension.activate();
    check(true, 'the extension activates');
  } catch (error) {
    check(false, 'the extension activates', error && error.stack);
    return;
  }
  check(!api.startError(), 'the language server starts', api.startError());
  const start = typeof api.serverStart === 'function' ? api.serverStart() : undefined;
  check(start && start.trusted === true && JSON.stringify(start.args) === '["lsp"]',
    'a trusted workspace starts `ark lsp`, trusted', JSON.stringify(start));

  const main = vscode.Uri.file(path.join(root, 'main.ark'));
  const document = await vscode.workspace.openTextDocument(main);
  await vscode.window.showTextDocument(document);
  check(document.languageId === 'arkscript', '.ark files are arkscript', document.languageId);

  const unbound = () => vscode.languages.getDiagnostics(main).find((d) => d.message.includes('undefined_name'));
  const diagnostic = await waitFor(30000, unbound);
  check(diagnostic, 'diagnostics: the unbound name',
    JSON.stringify(vscode.languages.getDiagnostics(main).map((d) => d.message)));
  if (diagnostic) {
    check(diagnostic.range.start.line === 4 && diagnostic.range.start.character === 26,
      'diagnostics: range of the unbound name', JSON.stringify(diagnostic.range));
    check(diagnostic.severity === vscode.DiagnosticSeverity.Error, 'diagnostics: an error', diagnostic.severity);
  }

  const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', main, new vscode.Position(4, 4));
  check(hoverText(hovers).includes('print'), 'hover: the builtin print', hoverText(hovers));

  const userHover = await vscode.commands.executeCommand('vscode.executeHoverProvider', main, new vscode.Position(4, 11));
  check(hoverText(userHover).includes('Adds two numbers'), 'hover: the doc comment of add', hoverText(userHover));

  const completion = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', main,
    new vscode.Position(5, 15));
  const labels = (completion?.items ?? []).map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
  check(labels.includes('local_total'), 'completion: the local local_total', labels.slice(0, 30).join(' '));

  const definitions = await vscode.commands.executeCommand('vscode.executeDefinitionProvider', main,
    new vscode.Position(4, 11));
  const target = (definitions ?? [])[0];
  const targetRange = target && (target.targetSelectionRange ?? target.targetRange ?? target.range);
  check(targetRange && targetRange.start.line === 1, 'definition: add on line 2', JSON.stringify(definitions));

  const legend = await vscode.commands.executeCommand('vscode.provideDocumentSemanticTokensLegend', main);
  const tokens = await vscode.commands.executeCommand('vscode.provideDocumentSemanticTokens', main);
  check(legend && tokens && tokens.data.length > 0, 'semantic tokens from the server',
    JSON.stringify(legend));

  // Runs: `ArkScript: Run File`, and the Run lens when the server offers lenses.
  const hello = vscode.Uri.file(path.join(root, 'hello.ark'));
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(hello));
  const printed = await vscode.commands.executeCommand('arkscript.runFile', hello);
  check(String(printed).includes('42'), 'ArkScript: Run File prints 42', printed);
  check(api.runOutput().includes('42'), '"ArkScript Run" shows the run', api.runOutput());

  const lenses = await waitFor(10000, async () => {
    const found = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', hello, 10);
    return found && found.length > 0 ? found : undefined;
  });
  const runLens = (lenses ?? []).find((lens) => lens.command && /^Run$/.test(lens.command.title));
  if (runLens) {
    const before = api.runOutput().length;
    await vscode.commands.executeCommand(runLens.command.command, ...(runLens.command.arguments ?? []));
    const text = await waitFor(20000, () => {
      const added = api.runOutput().slice(before);
      return added.includes('42') ? added : undefined;
    });
    check(text, 'the Run lens prints 42 into "ArkScript Run"', api.runOutput().slice(before));
    results.push({ name: 'lenses: ' + lenses.map((lens) => lens.command && lens.command.title).join(', '), ok: true });
  } else {
    results.push({ name: 'skip: no Run lens from this server', ok: true, skipped: true });
  }
  return api;
}

// The debugger in the editor: the server's Debug lens starts `ark dap` on debug.ark with a
// breakpoint toggled on a line as the gutter does it; VS Code stops on that line, its Variables view reads the
// frame's values, Step Over moves on a line, the Debug Console evaluates an expression and Continue
// runs to the end with the program's output in the Debug Console. A tracker records what the
// adapter and VS Code's own views said to each other: the checks read VS Code's traffic, not ours.
// Waits are generous: the machine may be loaded (the caller's overall timeout bounds the run).
const DEBUG_WAIT = 60000;

async function checkDebug(root) {
  const program = vscode.Uri.file(path.join(root, 'debug.ark'));
  const lineOf = (marker) => fs.readFileSync(program.fsPath, 'utf8').split('\n').findIndex((l) => l.includes(marker));
  const stopLine = lineOf('# stop-here');
  const nextLine = lineOf('# after-step');
  const fromAdapter = [];  // events and responses, in order
  const fromEditor = [];   // requests VS Code sent
  const tracker = vscode.debug.registerDebugAdapterTrackerFactory('arkscript', {
    createDebugAdapterTracker: () => ({
      onWillReceiveMessage: (message) => fromEditor.push(message),
      onDidSendMessage: (message) => fromAdapter.push(message),
    }),
  });
  const responseTo = (command, predicate = () => true) => {
    const requests = fromEditor.filter((m) => m.command === command && predicate(m));
    return requests.map((r) => fromAdapter.find((m) => m.type === 'response' && m.request_seq === r.seq)).filter(Boolean);
  };
  const stoppedEvents = () => fromAdapter.filter((m) => m.type === 'event' && m.event === 'stopped');
  const output = () => fromAdapter.filter((m) => m.type === 'event' && m.event === 'output')
    .map((m) => m.body.output).join('');
  const editorLine = () => {
    const editor = vscode.window.activeTextEditor;
    return editor && editor.document.uri.fsPath === program.fsPath ? editor.selection.active.line : -1;
  };
  let terminated = false;
  const onEnd = vscode.debug.onDidTerminateDebugSession(() => { terminated = true; });
  try {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(program));
    // F9 on the line: the editor's own toggle, as a click in the gutter, which VS Code allows only
    // in a language that contributes breakpoints (package.json `contributes.breakpoints`).
    editor.selection = new vscode.Selection(stopLine, 2, stopLine, 2);
    await vscode.commands.executeCommand('editor.debug.action.toggleBreakpoint');
    const set = await waitFor(DEBUG_WAIT, () => vscode.debug.breakpoints.find((b) =>
      b.location && b.location.uri.fsPath === program.fsPath && b.location.range.start.line === stopLine));
    check(set, 'debug: a breakpoint toggled on the line of an .ark file',
      JSON.stringify(vscode.debug.breakpoints.map((b) => b.location && [b.location.uri.fsPath, b.location.range.start.line])));
    editor.selection = new vscode.Selection(0, 0, 0, 0);  // the stop must move it back
    await vscode.commands.executeCommand('workbench.view.debug');

    const lenses = await waitFor(DEBUG_WAIT, async () => {
      const found = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', program, 10);
      return (found ?? []).find((lens) => lens.command && lens.command.title === 'Debug');
    });
    check(lenses && lenses.command.command === 'arkscript.debugFile', 'debug: the server offers a Debug lens (arkscript.debugFile)',
      JSON.stringify(lenses && lenses.command));
    if (lenses) {
      await vscode.commands.executeCommand(lenses.command.command, ...(lenses.command.arguments ?? []));
    } else {
      await vscode.commands.executeCommand('arkscript.debugFile', program);
    }
    const started = await waitFor(DEBUG_WAIT, () => vscode.debug.activeDebugSession);
    check(started && started.type === 'arkscript', 'debug: the lens starts an arkscript debug session',
      started && started.type);

    const hit = await waitFor(DEBUG_WAIT, () => stoppedEvents().find((m) => m.body.reason === 'breakpoint'));
    check(hit, 'debug: stops on the gutter breakpoint', JSON.stringify(fromAdapter.slice(-5)));
    const atStop = hit && await waitFor(DEBUG_WAIT, () => editorLine() === stopLine);
    check(atStop, 'debug: the editor shows the stopped line', `line ${editorLine()}, expected ${stopLine}`);

    // The Variables view asks for the frame's first scope (Locals) on its own.
    const locals = await waitFor(DEBUG_WAIT, () => responseTo('variables').flatMap((r) => r.body?.variables ?? [])
      .find((v) => v.name === 'doubled'));
    check(locals && locals.value === '42', 'debug: the Variables view shows doubled = 42', JSON.stringify(locals));

    const beforeStep = stoppedEvents().length;
    await vscode.commands.executeCommand('workbench.action.debug.stepOver');
    const stepped = await waitFor(DEBUG_WAIT, () => stoppedEvents().slice(beforeStep).find((m) => m.body.reason === 'step'));
    const atNext = stepped && await waitFor(DEBUG_WAIT, () => editorLine() === nextLine);
    check(stepped && atNext, 'debug: Step Over moves to the next line',
      `line ${editorLine()}, expected ${nextLine}; ${JSON.stringify(stoppedEvents())}`);
    const printed = await waitFor(DEBUG_WAIT, () => output().includes('doubled 42'));
    check(stepped && printed, 'debug: the stepped-over print is in the Debug Console', output());

    // The Debug Console: its input box is an editor; type the expression and accept it.
    // `type` goes to whatever has the focus: if the console's input did not have it yet (a
    // loaded machine), the text lands in debug.ark; undo that and try again, waiting longer.
    const consoleAnswer = () =>
      responseTo('evaluate', (r) => r.arguments && r.arguments.context === 'repl' && r.arguments.expression === '(+ doubled scale)')[0];
    const source = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === program.fsPath);
    let evaluated;
    for (const settle of [500, 3000, 10000]) {
      await vscode.commands.executeCommand('workbench.debug.action.focusRepl');
      await new Promise((resolve) => setTimeout(resolve, settle));
      await vscode.commands.executeCommand('type', { text: '(+ doubled scale)' });
      await vscode.commands.executeCommand('repl.action.acceptInput');
      evaluated = await waitFor(settle * 4, consoleAnswer);
      if (evaluated) {
        break;
      }
      if (source && source.isDirty) {
        await vscode.window.showTextDocument(source);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
    }
    evaluated = evaluated ?? await waitFor(DEBUG_WAIT, consoleAnswer);
    check(evaluated && evaluated.success && evaluated.body.result === '52', 'debug: the Debug Console evaluates (+ doubled scale) = 52',
      JSON.stringify(evaluated) + ' requests: ' + JSON.stringify(fromEditor.filter((m) => m.command === 'evaluate')));

    await vscode.commands.executeCommand('workbench.action.debug.continue');
    const ended = await waitFor(DEBUG_WAIT, () => terminated);
    check(hit && ended, 'debug: Continue runs to the end', JSON.stringify(fromAdapter.slice(-5)));
    check(hit && output().includes('doubled 42\n') && output().includes('result 52\n'),
      'debug: the program\'s output is in the Debug Console', output());
  } finally {
    if (vscode.debug.activeDebugSession) {
      await vscode.debug.stopDebugging();
    }
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    tracker.dispose();
    onEnd.dispose();
  }
}

// `ArkScript: Stop Run` ends a run that would not end by itself.
async function checkStop(root, api) {
  const loop = vscode.Uri.file(path.join(root, 'loop.ark'));
  const before = api.runOutput().length;
  const running = vscode.commands.executeCommand('arkscript.runFile', loop);
  await waitFor(10000, () => api.runOutput().slice(before).includes('loop.ark'));
  await new Promise((resolve) => setTimeout(resolve, 500));
  await vscode.commands.executeCommand('arkscript.stopRun');
  const stopped = await Promise.race([running.then(() => true), new Promise((r) => setTimeout(() => r(false), 15000))]);
  const added = api.runOutput().slice(before);
  check(stopped && /stopped|cancelled/.test(added), 'ArkScript: Stop Run stops a running loop', added.slice(-300));
}

// A missing server binary gives the clear message (workspace setting, then restored).
async function checkMissingBinary(api) {
  const config = vscode.workspace.getConfiguration('ark');
  await config.update('serverPath', '/nonexistent/ark', vscode.ConfigurationTarget.Workspace);
  const message = await waitFor(10000, () => api.startError());
  check(message && message.includes('/nonexistent/ark') && message.includes('ark.serverPath'),
    'a missing binary gives a clear message', message);
  await config.update('serverPath', undefined, vscode.ConfigurationTarget.Workspace);
  const back = await waitFor(15000, () => !api.startError() && api.client() && api.client().isRunning());
  check(back, 'the server restarts when the setting is fixed', api.startError());
}

// An untrusted folder whose .vscode/settings.json picks the server's path and arguments (to
// commands that create pwned-* files) and lifts the run limits: the extension must start the
// user's server with its default arguments and limits, and Run File must not run with full access.
async function runUntrusted(root) {
  const expect = JSON.parse(fs.readFileSync(path.join(root, '.ark-e2e', 'expect.json'), 'utf8'));
  const pwned = () => ['pwned-args', 'pwned-path', 'pwned-run', 'pwned-fallback']
    .filter((name) => fs.existsSync(path.join(root, name)));
  check(!vscode.workspace.isTrusted, 'untrusted: the folder opened in Restricted Mode');
  const extension = vscode.extensions.getExtension('arkscript.arkscript');
  let api;
  try {
    api = await extension.activate();
    check(true, 'untrusted: the extension activates');
  } catch (error) {
    check(false, 'untrusted: the extension activates', error && error.stack);
    return;
  }
  check(!api.startError() && api.client(), 'untrusted: the language server starts', api.startError());
  const start = typeof api.serverStart === 'function' ? api.serverStart() : undefined;
  check(start && start.command === expect.arkBinary, 'untrusted: the server is the user\'s ark, not the workspace\'s',
    JSON.stringify(start));
  check(start && JSON.stringify(start.args) === '["lsp"]', 'untrusted: the server gets its default arguments',
    JSON.stringify(start));
  check(start && start.trusted === false && start.run.timeoutMs === expect.userTimeoutMs &&
    start.run.maxMemoryMb === 512, 'untrusted: initializationOptions carry the user\'s limits, untrusted',
  JSON.stringify(start));

  const main = vscode.Uri.file(path.join(root, 'main.ark'));
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(main));
  const diagnostic = await waitFor(30000, () =>
    vscode.languages.getDiagnostics(main).find((d) => d.message.includes('undefined_name')));
  check(diagnostic, 'untrusted: the server answers (diagnostics)',
    JSON.stringify(vscode.languages.getDiagnostics(main).map((d) => d.message)));

  // Run File goes through the server's sandbox: sys:exec and io:* are refused.
  const escape = vscode.Uri.file(path.join(root, 'escape.ark'));
  let before = api.runOutput().length;
  await vscode.commands.executeCommand('arkscript.runFile', escape);
  let added = api.runOutput().slice(before);
  check(/access to files and processes is refused/.test(added) && !fs.existsSync(path.join(root, 'pwned-run')),
    'untrusted: Run File runs in the sandbox (sys:exec refused, nothing created)', added.slice(-400));

  // The workspace's `ark.run.timeoutMs: 0` does not lift the user's time limit.
  const loop = vscode.Uri.file(path.join(root, 'loop.ark'));
  before = api.runOutput().length;
  const looping = vscode.commands.executeCommand('arkscript.runFile', loop);
  const ended = await Promise.race([looping.then(() => true), new Promise((r) => setTimeout(() => r(false), 60000))]);
  added = api.runOutput().slice(before);
  check(ended && /\[timeout/.test(added), 'untrusted: the user\'s time limit stops an endless Run File', added.slice(-300));
  if (!ended) {
    await vscode.commands.executeCommand('arkscript.stopRun');
  }

  // Without the server's run (a server that exits at once), Run File refuses instead of
  // falling back to a full-access `ark run`.
  const config = vscode.workspace.getConfiguration('ark');
  await config.update('serverArgs', ['--version'], vscode.ConfigurationTarget.Global);
  await waitFor(15000, () => api.startError() && !api.client());
  const fallback = vscode.Uri.file(path.join(root, 'fallback.ark'));
  before = api.runOutput().length;
  await vscode.commands.executeCommand('arkscript.runFile', fallback);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  added = api.runOutput().slice(before);
  check(!api.client() && /not trusted/.test(added) && !fs.existsSync(path.join(root, 'pwned-fallback')),
    'untrusted: Run File without the server refuses to run with full access', added.slice(-400) +
    (api.client() ? ' (the server is still running)' : ''));
  await config.update('serverArgs', undefined, vscode.ConfigurationTarget.Global);
  const back = await waitFor(20000, () => !api.startError() && api.client() && api.client().isRunning());
  check(back, 'untrusted: the server restarts with the user\'s settings', api.startError());

  check(pwned().length === 0, 'untrusted: nothing the workspace settings name was run', pwned().join(' '));
}

async function activate() {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!root || !fs.existsSync(path.join(root, '.ark-e2e'))) {
    return;
  }
  try {
    if (fs.existsSync(path.join(root, '.ark-e2e', 'untrusted'))) {
      await runUntrusted(root);
    } else {
      const api = await run(root);
      if (api) {
        await checkDebug(root);
        await checkStop(root, api);
        await checkMissingBinary(api);
      }
    }
  } catch (error) {
    check(false, 'the checks ran to the end', error && error.stack);
  }
  fs.writeFileSync(path.join(root, '.ark-e2e', 'result.json'), JSON.stringify({ done: true, results }, null, 2));
}

module.exports = { activate, deactivate() {} };
