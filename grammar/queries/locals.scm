; Scopes and bindings for ArkScript 4.8 (§3.1, §4.1; LANGUAGE-4.8 §3.3): the program, each
; function and each `while` body (4.0+) are scopes; `begin`, `{}` and `if` open none.

(source_file) @local.scope
(fun_form) @local.scope
(while_form body: (_) @local.scope)

(parameter_list (parameter) @local.definition.parameter)
(parameter_list (capture name: (symbol) @local.definition.parameter))
(macro_parameters (parameter) @local.definition.parameter)
(macro_parameters (spread name: (symbol) @local.definition.parameter))

(let_form
  name: (symbol) @local.definition.function
  value: (fun_form))
(mut_form
  name: (symbol) @local.definition.function
  value: (fun_form))
(let_form name: (symbol) @local.definition.var)
(mut_form name: (symbol) @local.definition.var)

(macro_definition name: (symbol) @local.definition.macro)

(field_access object: (symbol) @local.reference)
(set_form name: (symbol) @local.reference)
(del_form name: (symbol) @local.reference)
(list (symbol) @local.reference)
(bracket_list (symbol) @local.reference)
(block (symbol) @local.reference)
(begin_form (symbol) @local.reference)
(if_form (symbol) @local.reference)
(while_form (symbol) @local.reference)
(let_form value: (symbol) @local.reference)
(mut_form value: (symbol) @local.reference)
(set_form value: (symbol) @local.reference)
(fun_form body: (symbol) @local.reference)
(async_call (symbol) @local.reference)
(await_call (symbol) @local.reference)
