; Text objects (nvim-treesitter-textobjects capture names).

(fun_form) @function.outer
(fun_form body: (_) @function.inner)
(macro_definition) @function.outer
(macro_definition body: (_) @function.inner)
(macro_definition value: (_) @function.inner)

(parameter_list (_) @parameter.inner @parameter.outer)
(macro_parameters (_) @parameter.inner @parameter.outer)

(list) @call.outer
((list head: (_) . (_) @_start (_) @_end .)
  (#make-range! "call.inner" @_start @_end))
(list head: (_) . (_) @call.inner .)

[(if_form) (macro_if)] @conditional.outer
(if_form then: (_) @conditional.inner)
(if_form else: (_) @conditional.inner)
(macro_if then: (_) @conditional.inner)
(macro_if else: (_) @conditional.inner)

(while_form) @loop.outer
(while_form body: (_) @loop.inner)

[(block) (begin_form) (bracket_list)] @block.outer

[(let_form) (mut_form) (set_form)] @assignment.outer
(let_form name: (_) @assignment.lhs value: (_) @assignment.rhs @assignment.inner)
(mut_form name: (_) @assignment.lhs value: (_) @assignment.rhs @assignment.inner)
(set_form name: (_) @assignment.lhs value: (_) @assignment.rhs @assignment.inner)

(comment) @comment.outer
(number) @number.inner
(string) @string.outer
