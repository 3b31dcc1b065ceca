-- Buffer options for ArkScript: `#` comments, Lisp-style indentation as a fallback for users
-- without the tree-sitter indent module.
if vim.b.did_ftplugin then
  return
end
vim.b.did_ftplugin = 1

vim.bo.commentstring = '# %s'
vim.bo.comments = ':#'
vim.bo.lisp = true
vim.bo.iskeyword = '@,48-57,_,-,?,!,:,@-@,*,+,/,<,=,>,%,$,|'
vim.opt_local.lispwords:append({ 'let', 'mut', 'set', 'fun', 'while', 'begin', 'import', 'del', '$', '$if' })

vim.b.undo_ftplugin = 'setlocal commentstring< comments< lisp< iskeyword< lispwords<'
