/**
 * Tree-sitter grammar for ArkScript v4 (shared/LANGUAGE.md §1-§3).
 *
 * Data nodes (list, bracket_list, block, atoms) cover every program; the fixed keyword forms of
 * §3 get their own nodes with fields so queries need not count positional children (comments may
 * sit between them). A keyword form with the wrong shape (wrong arity, half typed) still parses,
 * as a plain `list` whose head is a `symbol`: editors keep highlighting, and the compiler reports
 * the arity error. NODES.md lists every visible node and field; it is the queries' contract.
 */

// §1 "Identifiers": first character is an ASCII letter or one of `: ! ? @ _ - + * / | = < > % $`,
// following characters add the digits. `&` and `.` are not identifier characters.
const SYMBOL_HEAD = /[A-Za-z:!?@_\-+*\/|=<>%$]/;
const SYMBOL_BODY = /[A-Za-z0-9:!?@_\-+*\/|=<>%$]*/;
const SYMBOL = new RegExp(SYMBOL_HEAD.source + SYMBOL_BODY.source);

// §1 "Numbers": -?DIGITS(.DIGITS?)?([eE][+-]?DIGITS)?   (`.5`, `+5`, `0x10` are not numbers).
const NUMBER = /-?[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?/;

// §1 "Strings": the only escapes; anything else after `\` is a SyntaxError (an ERROR node here),
// as are `\u0000` and code points above U+10FFFF. Surrogates (D800-DFFF) have no UTF-8 encoding,
// so the front end rejects them too: `\uXXXX` is 0001-D7FF or E000-FFFF, `\UXXXXXXXX` is the same
// below 0x10000, then 00010000-0010FFFF.
const HEX = '[0-9A-Fa-f]';
const NON_ZERO_HEX = '[1-9A-Fa-f]';
const HEX4_NON_ZERO = `([1-9A-Ca-c]${HEX}{3}|[Dd][0-7]${HEX}{2}|[E-Fe-f]${HEX}{3}` +
  `|0${NON_ZERO_HEX}${HEX}{2}|00${NON_ZERO_HEX}${HEX}|000${NON_ZERO_HEX})`;
const ESCAPE = new RegExp(
  '\\\\(["\\\\ntvrabf]' +
  `|u${HEX4_NON_ZERO}` +
  `|U(0010${HEX}{4}|000${NON_ZERO_HEX}${HEX}{4}|0000${HEX4_NON_ZERO}))`,
);

// §3.7: package components of `(import a.b.c)`.
const PACKAGE_PART = /[A-Za-z0-9][A-Za-z0-9_\-]*/;

// Keywords whose malformed forms fall back to a plain list (`begin` and `import` accept any
// arity, so they never need it).
const FALLBACK_KEYWORDS = ['let', 'mut', 'set', 'fun', 'if', 'while', 'del', 'async', 'await', 'macro', '$if'];

// A keyword form: `( keyword ...parts )`. Dynamic precedence makes it win over the plain-list
// reading whenever both parse.
const keywordForm = (keyword, ...parts) => prec.dynamic(1, seq('(', keyword, ...parts, ')'));

module.exports = grammar({
  name: 'arkscript',

  extras: $ => [/\s/, $.comment],

  word: $ => $.symbol,

  // Each keyword form competes with the plain-list reading of the same text; GLR keeps both until
  // one fails (see FALLBACK_KEYWORDS).
  conflicts: $ => [
    [$._keyword_symbol, $.let_form],
    [$._keyword_symbol, $.mut_form],
    [$._keyword_symbol, $.set_form],
    [$._keyword_symbol, $.fun_form],
    [$._keyword_symbol, $.if_form],
    [$._keyword_symbol, $.while_form],
    [$._keyword_symbol, $.del_form],
    [$._keyword_symbol, $.async_call],
    [$._keyword_symbol, $.await_call],
    [$._keyword_symbol, $.macro_definition],
    [$._keyword_symbol, $.macro_if],
    [$._form, $.macro_parameters],
  ],

  rules: {
    // §2: every top-level item is a bracketed form; a bare atom there is a SyntaxError.
    source_file: $ => repeat($._bracketed_form),

    _bracketed_form: $ => choice(
      $.list,
      $.bracket_list,
      $.block,
      $.let_form,
      $.mut_form,
      $.set_form,
      $.fun_form,
      $.if_form,
      $.while_form,
      $.begin_form,
      $.import_form,
      $.del_form,
      $.async_call,
      $.await_call,
      $.macro_definition,
      $.macro_if,
    ),

    _form: $ => choice(
      $.number,
      $.string,
      $.symbol,
      $.field_access,
      $.capture,
      $.spread,
      $._bracketed_form,
    ),

    // ---- data nodes ------------------------------------------------------------------------

    comment: _ => token(seq('#', /.*/)),

    number: _ => token(prec(1, NUMBER)),

    string: $ => choice(
      seq(
        '"',
        repeat(choice($._string_content, $.escape_sequence)),
        token.immediate('"'),
      ),
      $._raw_string,
    ),
    _string_content: _ => token.immediate(prec(1, /[^"\\]+/)),
    escape_sequence: _ => token.immediate(ESCAPE),
    // LANGUAGE-4.8 §1.1 raw strings `r"..."`: backslashes are text, but `\"` is a quote that does
    // not end the string (its backslash is dropped) and `\\` is two backslashes read as a pair, as
    // the front end's lexer reads them: `r"C:\\"` ends at its last quote, `r"C:\"` does not. One
    // token, so no token of it starts with a backslash (error recovery inside ordinary strings is
    // unchanged) and `r"` wins over the symbol `r` by length only where a token starts:
    // `bar"x"` stays a symbol and a string. Unterminated, it is the symbol `r` and an ordinary
    // string, an error either way.
    _raw_string: _ => token(seq('r"', /([^"\\]|\\(.|\n))*/, '"')),

    symbol: _ => SYMBOL,
    _immediate_symbol: _ => token.immediate(SYMBOL),

    // `a.b.c`: no spaces around the dots.
    field_access: $ => seq(
      field('object', $.symbol),
      repeat1(seq(token.immediate('.'), field('field', alias($._immediate_symbol, $.symbol)))),
    ),

    // `&name` in a parameter list (also accepted anywhere, so a stray one is not an ERROR).
    capture: $ => seq('&', field('name', alias($._immediate_symbol, $.symbol))),

    // `...rest` in a macro parameter list and in macro bodies.
    spread: $ => seq('...', field('name', alias($._immediate_symbol, $.symbol))),

    // `( head args... )`: a call, `()` (nil), or a keyword form of the wrong shape.
    list: $ => seq(
      '(',
      optional(seq(
        field('head', choice($._form, $._keyword_symbol)),
        repeat($._form),
      )),
      ')',
    ),
    _keyword_symbol: $ => choice(...FALLBACK_KEYWORDS.map(k => alias(k, $.symbol))),

    // `[a b c]`, sugar for `(list a b c)`.
    bracket_list: $ => seq('[', repeat($._form), ']'),

    // `{a b c}`, sugar for `(begin a b c)`.
    block: $ => seq('{', repeat($._form), '}'),

    // ---- keyword forms (§3) ----------------------------------------------------------------

    let_form: $ => keywordForm('let', field('name', $.symbol), field('value', $._form)),
    mut_form: $ => keywordForm('mut', field('name', $.symbol), field('value', $._form)),
    set_form: $ => keywordForm('set', field('name', $.symbol), field('value', $._form)),

    fun_form: $ => keywordForm('fun', field('params', $.parameter_list), field('body', $._form)),

    // Parameters first, then captures (§3.2). A parameter is a name, or (4.1+) `(mut name)` or
    // `(ref name)`.
    parameter_list: $ => seq(
      '(',
      repeat(choice(alias($.symbol, $.parameter), $.attributed_parameter)),
      repeat($.capture),
      ')',
    ),
    attributed_parameter: $ => seq(
      '(',
      field('attribute', alias(choice('mut', 'ref'), $.attribute)),
      field('name', alias($.symbol, $.parameter)),
      ')',
    ),

    if_form: $ => keywordForm(
      'if',
      field('condition', $._form),
      field('then', $._form),
      optional(field('else', $._form)),
    ),

    while_form: $ => keywordForm('while', field('condition', $._form), field('body', $._form)),

    begin_form: $ => seq('(', 'begin', repeat($._form), ')'),

    // `(import a.b.c)`, `(import a.b.c :x :y)`, `(import a.b.c:*)`; `(import)` too (the
    // compiler reports the missing package).
    import_form: $ => seq(
      '(',
      'import',
      optional(seq(
        field('package', $.package_path),
        repeat(field('selector', $.symbol)),
      )),
      ')',
    ),
    package_path: $ => seq(
      alias(PACKAGE_PART, $.path_segment),
      repeat(seq(token.immediate('.'), alias(token.immediate(PACKAGE_PART), $.path_segment))),
      optional(alias(token.immediate(':*'), $.glob)),
    ),

    del_form: $ => keywordForm('del', field('name', $.symbol)),

    // `(async f args...)` and `(await future)` (§7): builtins, but the LSP and the lints treat
    // them as forms.
    async_call: $ => keywordForm(
      'async',
      field('function', $._form),
      repeat(field('argument', $._form)),
    ),
    await_call: $ => keywordForm('await', field('value', $._form)),

    // ---- macros (§3.9) ---------------------------------------------------------------------

    // `(macro NAME value)` or `(macro NAME (p1 p2 ...rest) body)` (ArkScript 4.0+).
    macro_definition: $ => keywordForm(
      'macro',
      field('name', $.symbol),
      choice(
        field('value', $._form),
        seq(field('params', $.macro_parameters), field('body', $._form)),
      ),
    ),
    macro_parameters: $ => seq(
      '(',
      repeat(alias($.symbol, $.parameter)),
      optional($.spread),
      ')',
    ),

    macro_if: $ => keywordForm(
      '$if',
      field('condition', $._form),
      field('then', $._form),
      optional(field('else', $._form)),
    ),
  },
});
