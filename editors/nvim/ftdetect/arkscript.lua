-- Filetype detection: `*.ark` files are ArkScript (filetype `arkscript`, like the tree-sitter
-- language name, so parsers and queries need no mapping).
if vim.filetype and vim.filetype.add and vim.fn.has('nvim-0.8') == 1 then
  vim.filetype.add({ extension = { ark = 'arkscript' } })
else
  vim.cmd([[autocmd BufRead,BufNewFile *.ark setfiletype arkscript]])
end
