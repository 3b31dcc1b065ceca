-- ArkScript for Neovim: `require('ark').setup{...}` wires the language server (`ark lsp`),
-- tree-sitter highlighting and the `:ArkRun`, `:ArkLensOutput` and `:ArkRestart` commands;
-- `require('ark').setup_dap()` adds the debugger to nvim-dap.
-- Options and their defaults: lua/ark/config.lua.
local config = require('ark.config')
local lsp = require('ark.lsp')
local output = require('ark.output')
local run = require('ark.run')
local treesitter = require('ark.treesitter')

local M = {}

local function on_filetype(bufnr, managed_by_neovim)
  if config.options.treesitter then
    treesitter.start(bufnr)
  end
  if not managed_by_neovim then
    lsp.attach(bufnr)
  end
end

local function create_commands()
  vim.api.nvim_create_user_command('ArkRun', function(args)
    run.run(args.bang)
  end, { bang = true, desc = 'Run the current ArkScript file (! = in a terminal)' })
  vim.api.nvim_create_user_command('ArkLensOutput', function()
    output.show()
  end, { desc = 'Show the output of runs started from code lenses' })
  vim.api.nvim_create_user_command('ArkRestart', function()
    M.restart()
  end, { desc = 'Restart the ArkScript language server' })
end

function M.setup(user_options)
  local options = config.set(user_options)
  local managed = options.use_lsp_config and lsp.has_lsp_config()
  if managed and lsp.check_binary() then
    lsp.enable_with_lsp_config()
  end
  treesitter.register_with_nvim_treesitter()
  create_commands()

  local group = vim.api.nvim_create_augroup('ark', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = options.filetypes,
    callback = function(event)
      on_filetype(event.buf, managed)
    end,
  })
  -- Buffers opened before setup ran.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(options.filetypes, vim.bo[bufnr].filetype) then
      on_filetype(bufnr, managed)
    end
  end
end

-- Registers `ark dap` with nvim-dap (when installed): lua/ark/dap.lua.
function M.setup_dap(opts)
  return require('ark.dap').setup(opts)
end

-- Stops the ark clients and attaches fresh ones to every ArkScript buffer.
function M.restart()
  local buffers = {}
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(config.options.filetypes, vim.bo[bufnr].filetype) then
      table.insert(buffers, bufnr)
    end
  end
  local stopped = {}
  for _, bufnr in ipairs(buffers) do
    for _, client in ipairs(lsp.clients(bufnr)) do
      if not stopped[client.id] then
        stopped[client.id] = true
        vim.lsp.stop_client(client.id)
      end
    end
  end
  vim.defer_fn(function()
    for _, bufnr in ipairs(buffers) do
      lsp.attach(bufnr)
    end
  end, 500)
end

return M
