-- The debugger with nvim-dap (https://github.com/mfussenegger/nvim-dap):
-- `require('ark').setup_dap()` registers `ark dap` (Debug Adapter Protocol on
-- stdio) as the adapter `arkscript` and a configuration that debugs the
-- current file. Does nothing (and says so) when nvim-dap is not installed.
local config = require('ark.config')

local M = {}

-- opts.binary: the `ark` binary (default: the one the language server runs);
-- opts.configurations: replaces the default configuration list.
function M.setup(opts)
  opts = opts or {}
  local ok, dap = pcall(require, 'dap')
  if not ok then
    vim.notify('ark: nvim-dap is not installed, setup_dap() did nothing', vim.log.levels.WARN)
    return false
  end
  local binary = opts.binary or (config.options and config.options.cmd and config.binary()) or 'ark'
  dap.adapters.arkscript = {
    type = 'executable',
    command = binary,
    args = { 'dap' },
  }
  dap.configurations.arkscript = opts.configurations or {
    {
      type = 'arkscript',
      request = 'launch',
      name = 'Debug ArkScript file',
      program = '${file}',
      cwd = '${workspaceFolder}',
      stopOnEntry = false,
    },
  }
  return true
end

return M
