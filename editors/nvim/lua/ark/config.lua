-- The plugin's options: defaults, and the merge of what the user gives `setup`.
local M = {}

M.defaults = {
  -- The language server command; `ark` must be on PATH unless this gives a full path.
  cmd = { 'ark', 'lsp' },
  filetypes = { 'arkscript' },
  -- A file's project root is the nearest folder holding one of these, else the file's folder.
  root_markers = { '.git', '.hg' },
  -- Sent as `initializationOptions`: the server reads `debounceMs`, `run` (lens limits) and
  -- `trustedWorkspace` (true lets lens runs touch files and start processes, and lets `:ArkRun`
  -- fall back to `ark run` in a terminal; off by default). The `run` limits are the most the
  -- server allows: what `settings` (or any workspace/configuration answer) says can only lower them.
  -- Options come from `setup` only: nothing in a project's files chooses the command or the trust.
  init_options = {},
  settings = {},
  capabilities = nil,
  on_attach = nil,
  -- Show code lenses ("Run", "Run async") and refresh them while editing.
  codelens = true,
  -- Start tree-sitter highlighting when the `arkscript` parser can be loaded.
  treesitter = true,
  -- A parser built by scripts/build_parser.sh; nil looks for parser/arkscript.so on 'runtimepath'.
  parser_path = nil,
  run = {
    -- 'auto': through the server's run command when it offers one, else in a terminal.
    -- 'terminal': always `ark run FILE` in a terminal split.
    mode = 'auto',
    -- The command `:ArkRun` runs in a terminal; nil derives it from `cmd` (same binary, `run`).
    cmd = nil,
    split = 'belowright 12split',
  },
  -- Let Neovim 0.11+ manage the client through `vim.lsp.config`/`vim.lsp.enable`.
  use_lsp_config = true,
}

M.options = vim.deepcopy(M.defaults)

function M.set(user)
  M.options = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), user or {})
  return M.options
end

-- The `ark` binary the server command starts (the first word of `cmd`).
function M.binary()
  return M.options.cmd[1]
end

return M
