; Indentation (nvim-treesitter capture names): each open bracket indents its contents by one
; level; a line starting with the closing bracket goes back to the opening line's level.
[
  (list)
  (bracket_list)
  (block)
  (parameter_list)
  (macro_parameters)
  (let_form)
  (mut_form)
  (set_form)
  (fun_form)
  (if_form)
  (while_form)
  (begin_form)
  (import_form)
  (del_form)
  (async_call)
  (await_call)
  (macro_definition)
  (macro_if)
] @indent.begin

[")" "]" "}"] @indent.branch @indent.end

; raw newlines inside strings belong to the string
(string) @indent.ignore

(comment) @indent.auto
