; Every bracketed form folds (a fold only appears when it spans several lines).
[
  (list)
  (bracket_list)
  (block)
  (let_form)
  (mut_form)
  (set_form)
  (fun_form)
  (if_form)
  (while_form)
  (begin_form)
  (import_form)
  (async_call)
  (await_call)
  (macro_definition)
  (macro_if)
] @fold
