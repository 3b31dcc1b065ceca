// Tokenizes samples with editors/vscode/syntaxes/arkscript.tmLanguage.json through VS Code's own
// TextMate engine (vscode-textmate + vscode-oniguruma, taken from a code-server install) and
// checks the scopes of a few tokens. Usage: node check_tmgrammar.js VSCODE_NODE_MODULES
const fs = require('fs');
const path = require('path');

const modules = process.argv[2];
const textmate = require(path.join(modules, 'vscode-textmate'));
const oniguruma = require(path.join(modules, 'vscode-oniguruma'));
const grammarPath = path.join(__dirname, '../../../editors/vscode/syntaxes/arkscript.tmLanguage.json');

const samples = [
  // [line, token text, expected scope (last scope of the token)]
  ['(let add (fun (a b) (+ a b)))', 'let', 'keyword.other.definition.ark'],
  ['(let add (fun (a b) (+ a b)))', 'add', 'entity.name.function.ark'],
  ['(let add (fun (a b) (+ a b)))', 'fun', 'storage.type.function.ark'],
  ['(mut count 0)', 'count', 'variable.other.definition.ark'],
  ['(mut count 0)', '0', 'constant.numeric.ark'],
  ['(if (empty? xs) nil (print "a\\n" -2.5e3))', 'if', 'keyword.control.conditional.ark'],
  ['(if (empty? xs) nil (print "a\\n" -2.5e3))', 'empty?', 'support.function.builtin.ark'],
  ['(if (empty? xs) nil (print "a\\n" -2.5e3))', 'nil', 'constant.language.ark'],
  ['(if (empty? xs) nil (print "a\\n" -2.5e3))', '\\n', 'constant.character.escape.ark'],
  ['(if (empty? xs) nil (print "a\\n" -2.5e3))', '-2.5e3', 'constant.numeric.ark'],
  ['(while (and ok true) (print xs)) # done', 'while', 'keyword.control.loop.ark'],
  ['(while (and ok true) (print xs)) # done', 'and', 'keyword.operator.logical.ark'],
  ['(while (and ok true) (print xs)) # done', 'true', 'constant.language.boolean.ark'],
  ['(while (and ok true) (print xs)) # done', 'print', 'support.function.builtin.ark'],
  ['(while (and ok true) (print xs)) # done', '# done', 'comment.line.number-sign.ark'],
  ['(let f (fun (&x) (await (async g x))))', 'x', 'variable.parameter.ark'],
  ['(let f (fun (&x) (await (async g x))))', 'await', 'keyword.control.async.ark'],
  ['(import std.List :map)', 'std.List', 'entity.name.namespace.ark'],
  ['(print-it listing)', 'print-it', null],
  // Raw strings (4.8): backslashes are text, `\"` is the one escape, the `r` is the prefix.
  ['(f r"C:\\new\\table")', 'r', 'storage.type.string.ark'],
  ['(f r"C:\\new\\table")', 'C:\\new\\table', 'string.quoted.double.raw.ark'],
  ['(f r"a\\"b")', '\\"', 'constant.character.escape.ark'],
  // `\"` does not end it; `\\` is a pair of backslashes, so the quote after it does.
  ['(f r"a\\" x")', ' x', 'string.quoted.double.raw.ark'],
  ['(f r"a\\\\" x)', ' x', null],
  ['(f r"a\\\\" x)', '\\\\', 'string.quoted.double.raw.ark'],
  ['(let r 5)', 'r', 'variable.other.definition.ark'],
  ['(f bar"x")', 'bar', null],
  ['(f bar"x")', '"', 'punctuation.definition.string.begin.ark'],
  ['(f &r"x")', 'r', 'variable.parameter.ark'],
];

async function main() {
  const wasm = fs.readFileSync(path.join(modules, 'vscode-oniguruma/release/onig.wasm')).buffer;
  await oniguruma.loadWASM(wasm);
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async () => textmate.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath),
  });
  const grammar = await registry.loadGrammar('source.ark');
  let failures = 0;
  for (const [line, text, expected] of samples) {
    const { tokens } = grammar.tokenizeLine(line, textmate.INITIAL);
    const start = line.indexOf(text);
    const token = tokens.find((t) => t.startIndex <= start && start < t.endIndex);
    const scope = token.scopes[token.scopes.length - 1];
    const wanted = expected ?? 'source.ark';
    const ok = scope === wanted && (expected === null || token.endIndex - token.startIndex === text.length);
    failures += ok ? 0 : 1;
    console.log(`${ok ? 'ok  ' : 'FAIL'} textmate: ${text} in ${line} is ${wanted}${ok ? '' : ` (got ${token.scopes.join(' ')} over "${line.slice(token.startIndex, token.endIndex)}")`}`);
  }
  process.exit(failures ? 1 : 0);
}

main().catch((error) => { console.error(error); process.exit(1); });
