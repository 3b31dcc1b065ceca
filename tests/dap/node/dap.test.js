// The ark dap scenarios through @vscode/debugadapter-testsupport: the DAP client
// VS Code's own adapters are tested with drives the real binary (ARK_BINARY).
// Timeouts only tell a hang from an answer (CI machines are slow and busy).
'use strict';
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { test, beforeEach, afterEach } = require('node:test');
const { DebugClient } = require('@vscode/debugadapter-testsupport');

const ARK = process.env.ARK_BINARY || '/work/main/build/ark';
const PROGRAMS = path.join(__dirname, '..', 'programs');
const program = (name) => path.join(PROGRAMS, name);
const lineOf = (name, marker) =>
  fs.readFileSync(program(name), 'utf8').split('\n').findIndex((l) => l.includes('# ' + marker)) + 1;

let dc;
beforeEach(async () => {
  dc = new DebugClient(ARK, 'dap', 'arkscript');
  dc.defaultTimeout = 60000;
  await dc.start();
});
afterEach(async () => {
  await dc.stop();
});

test('runs to the end with its output', async () => {
  await Promise.all([
    dc.configurationSequence(),
    dc.launch({ program: program('basic.ark') }),
    dc.assertOutput('stdout', 'total 16\n'),
    dc.waitForEvent('terminated'),
  ]);
});

test('hits a breakpoint, shows the frame and its variables, steps, continues', async () => {
  const line = lineOf('basic.ark', 'in-f');
  await dc.hitBreakpoint({ program: program('basic.ark') }, { path: program('basic.ark'), line });
  const stack = await dc.stackTraceRequest({ threadId: 1 });
  const top = stack.body.stackFrames[0];
  assert.strictEqual(top.name, 'f');
  const scopes = await dc.scopesRequest({ frameId: top.id });
  const locals = scopes.body.scopes.find((s) => s.name === 'Locals');
  const vars = await dc.variablesRequest({ variablesReference: locals.variablesReference });
  assert.strictEqual(vars.body.variables.find((v) => v.name === 'x').value, '3');
  await Promise.all([
    dc.nextRequest({ threadId: 1 }),
    dc.assertStoppedLocation('step', { path: program('basic.ark'), line: lineOf('basic.ark', 'call-add') }),
  ]);
  const y = await dc.evaluateRequest({ expression: '(* y 10)', frameId: (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames[0].id, context: 'watch' });
  assert.strictEqual(y.body.result, '60');
  await Promise.all([dc.continueRequest({ threadId: 1 }), dc.assertOutput('stdout', 'total 16\n'), dc.waitForEvent('terminated')]);
});

test('outer frames show their own values under shallow binding', async () => {
  await dc.hitBreakpoint({ program: program('shadow.ark') }, { path: program('shadow.ark'), line: lineOf('shadow.ark', 'in-inner') });
  const frames = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
  const xOf = async (frame) => (await dc.evaluateRequest({ expression: 'x', frameId: frame.id, context: 'hover' })).body.result;
  assert.deepStrictEqual([await xOf(frames[0]), await xOf(frames[1])], ['40', '4']);
  await Promise.all([dc.continueRequest({ threadId: 1 }), dc.waitForEvent('terminated')]);
});

test('a task is a thread, named after its function and where it was spawned', async () => {
  const line = lineOf('tasks.ark', 'in-task');
  const stoppedEvent = dc.waitForEvent('stopped');
  await Promise.all([
    dc.waitForEvent('initialized').then(() =>
      dc.setBreakpointsRequest({ source: { path: program('tasks.ark') }, breakpoints: [{ line }] })).then(() => dc.configurationDoneRequest()),
    dc.launch({ program: program('tasks.ark') }),
  ]);
  const stopped = await stoppedEvent;
  assert.strictEqual(stopped.body.reason, 'breakpoint');
  assert.strictEqual(stopped.body.allThreadsStopped, true);
  const threads = (await dc.threadsRequest()).body.threads;
  const task = threads.find((t) => t.id === stopped.body.threadId);
  assert.match(task.name, new RegExp(`^task ${task.id}: work \\(spawned at tasks\\.ark:${lineOf('tasks.ark', 'spawn')}\\)$`));
  await Promise.all([dc.continueRequest({ threadId: task.id }), dc.assertOutput('stdout', 'result 42\n'), dc.waitForEvent('terminated')]);
});

test('an error raised in a task stops there', async () => {
  const stoppedEvent = dc.waitForEvent('stopped');
  await Promise.all([
    dc.waitForEvent('initialized').then(() => dc.setExceptionBreakpointsRequest({ filters: ['uncaught'] })).then(() => dc.configurationDoneRequest()),
    dc.launch({ program: program('task_error.ark') }),
  ]);
  const stopped = await stoppedEvent;
  assert.strictEqual(stopped.body.reason, 'exception');
  const info = await dc.exceptionInfoRequest({ threadId: stopped.body.threadId });
  assert.strictEqual(info.body.exceptionId, 'TypeError');
  await Promise.all([dc.continueRequest({ threadId: stopped.body.threadId }), dc.waitForEvent('terminated')]);
});

test('pause stops a program looping forever', async () => {
  await Promise.all([dc.configurationSequence(), dc.launch({ program: program('forever.ark') }), dc.assertOutput('stdout', 'looping\n')]);
  await Promise.all([dc.pauseRequest({ threadId: 1 }), dc.waitForEvent('stopped')]);
  await Promise.all([dc.terminateRequest({}), dc.waitForEvent('terminated')]);
});

test('a step that resumes the other threads too sends `continued`', async () => {
  const line = lineOf('spin.ark', 'in-task');
  const firstStop = dc.waitForEvent('stopped');
  await Promise.all([
    dc.waitForEvent('initialized').then(() =>
      dc.setBreakpointsRequest({ source: { path: program('spin.ark') }, breakpoints: [{ line }] })).then(() => dc.configurationDoneRequest()),
    dc.launch({ program: program('spin.ark') }),
  ]);
  const task = (await firstStop).body.threadId;
  const [continued] = await Promise.all([
    dc.waitForEvent('continued'),
    dc.nextRequest({ threadId: task }),
    dc.assertStoppedLocation('step', { path: program('spin.ark'), line: lineOf('spin.ark', 'after-bp') }),
  ]);
  assert.deepStrictEqual(continued.body, { threadId: task, allThreadsContinued: true });
  await Promise.all([dc.continueRequest({ threadId: task }), dc.assertOutput('stdout', 'result 105\n'), dc.waitForEvent('terminated')]);
});

test('a breakpoint whose condition fails is changed, with the reason', async () => {
  const line = lineOf('loop.ark', 'loop-line');
  // Breakpoints this client sets before launch lands are pending, then `changed` once the program
  // loads (no message): wait for the one that says why its condition failed.
  const changed = new Promise((resolve) => dc.on('breakpoint', (e) => { if (e.body.breakpoint.message) resolve(e); }));
  const stopped = dc.waitForEvent('stopped');
  let set;
  await Promise.all([
    dc.waitForEvent('initialized').then(() =>
      dc.setBreakpointsRequest({ source: { path: program('loop.ark') }, breakpoints: [{ line, condition: '(= no_such_name 5)' }] }))
      .then((response) => { set = response.body.breakpoints[0]; return dc.configurationDoneRequest(); }),
    dc.launch({ program: program('loop.ark') }),
  ]);
  const event = await changed;
  assert.strictEqual(event.body.reason, 'changed');
  assert.strictEqual(event.body.breakpoint.id, set.id);
  assert.strictEqual(event.body.breakpoint.verified, true);
  assert.match(event.body.breakpoint.message, /no_such_name/);
  const threadId = (await stopped).body.threadId;
  await dc.setBreakpointsRequest({ source: { path: program('loop.ark') }, breakpoints: [] });
  await Promise.all([dc.continueRequest({ threadId }), dc.assertOutput('stdout', 'sum 45\n'), dc.waitForEvent('terminated')]);
});
