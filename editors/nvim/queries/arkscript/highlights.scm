; Syntax highlighting for ArkScript v4 (grammar/NODES.md is the node contract).
; Order: general patterns first, specific ones later. Neovim lets a later match override an earlier
; one on the same node; there is deliberately no catch-all `(symbol) @variable`, so editors that
; keep the first match instead (tree-sitter CLI, Helix) mostly agree.

(comment) @comment @spell

(number) @number

(string) @string
(escape_sequence) @string.escape

["(" ")" "[" "]" "{" "}"] @punctuation.bracket
"." @punctuation.delimiter
["&" "..."] @punctuation.special

; ---- calls and fields ------------------------------------------------------------------------

(list head: (symbol) @function.call)

(field_access
  object: (symbol) @variable
  field: (symbol) @variable.member)

; `(obj.method args...)`: the last field of the head is the called function
(list
  head: (field_access
    field: (symbol) @function.method.call .))

; ---- keyword forms (§3) ----------------------------------------------------------------------

["let" "mut" "set" "del" "begin"] @keyword
"fun" @keyword.function
"if" @keyword.conditional
"while" @keyword.repeat
"import" @keyword.import
["async" "await"] @keyword.coroutine

; a keyword form with the wrong shape parses as a plain list: keep its keyword coloured
(list
  head: (symbol) @keyword
  (#any-of? @keyword "let" "mut" "set" "del" "begin"))
(list
  head: (symbol) @keyword.function
  (#eq? @keyword.function "fun"))
(list
  head: (symbol) @keyword.conditional
  (#eq? @keyword.conditional "if"))
(list
  head: (symbol) @keyword.repeat
  (#eq? @keyword.repeat "while"))
(list
  head: (symbol) @keyword.coroutine
  (#any-of? @keyword.coroutine "async" "await"))

; `and`/`or` (§3.8), `not`
((symbol) @keyword.operator
  (#any-of? @keyword.operator "and" "or" "not"))

; ---- definitions -----------------------------------------------------------------------------

(let_form name: (symbol) @variable)
(mut_form name: (symbol) @variable)

; `(let name (fun ...))` defines a function
(let_form
  name: (symbol) @function
  value: (fun_form))
(mut_form
  name: (symbol) @function
  value: (fun_form))
(set_form
  name: (symbol) @function
  value: (fun_form))

(parameter) @variable.parameter
(capture name: (symbol) @variable.parameter)
(spread name: (symbol) @variable.parameter)

; ---- imports (§3.7) --------------------------------------------------------------------------

(package_path (path_segment) @module)
(glob) @character.special
(import_form selector: (symbol) @string.special.symbol)

; ---- macros (§3.9) ---------------------------------------------------------------------------

"$" @keyword.directive.define
"$if" @keyword.directive

(macro_definition name: (symbol) @constant.macro)
(macro_definition
  name: (symbol) @function.macro
  params: (macro_parameters))

(list
  head: (symbol) @keyword.directive.define
  (#eq? @keyword.directive.define "$"))
(list
  head: (symbol) @keyword.directive
  (#eq? @keyword.directive "$if"))
(list
  head: (symbol) @function.macro
  (#any-of? @function.macro "$repr" "$symcat" "$argcount" "$paste" "$undef"))

; ---- operators and builtins (§6) -------------------------------------------------------------

((symbol) @operator
  (#any-of? @operator "+" "-" "*" "/" "mod" "=" "!=" "<" "<=" ">" ">="))

((symbol) @function.builtin
  (#any-of? @function.builtin
    ; §6.1 operators with names
    "len" "empty?" "head" "tail" "nil?" "@" "toNumber" "toString" "type" "hasField" "assert"
    ; §6.2 list instructions
    "list" "append" "concat" "pop" "append!" "concat!" "pop!"
    ; §6.3 builtin functions
    "print" "puts" "input" "time"
    "sys:sleep" "sys:exit" "sys:exec"
    "str:format" "str:find" "str:removeAt" "str:ord" "str:chr"
    "string:format" "string:find" "string:removeAt" "string:ord" "string:chr"
    "list:reverse" "list:find" "list:slice" "list:sort" "list:fill" "list:setAt"
    "io:readFile" "io:writeFile" "io:appendToFile" "io:fileExists?" "io:dir?" "io:listFiles"
    "io:makeDir" "io:removeFiles"
    "math:exp" "math:ln" "math:floor" "math:ceil" "math:round"
    "math:cos" "math:sin" "math:tan" "math:arccos" "math:arcsin" "math:arctan"
    "math:cosh" "math:sinh" "math:tanh" "math:acosh" "math:asinh" "math:atanh"
    "math:NaN?" "math:Inf?"
    "async" "await"
    ; §7 locks
    "lock:new" "lock:acquire" "lock:release" "lock:try" "lock:with"))

((symbol) @boolean
  (#any-of? @boolean "true" "false"))

((symbol) @constant.builtin
  (#any-of? @constant.builtin
    "nil" "sys:args" "sys:platform" "math:pi" "math:e" "math:tau" "math:Inf" "math:NaN"))
