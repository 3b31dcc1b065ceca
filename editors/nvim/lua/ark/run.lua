-- `:ArkRun`: runs the current file through the server's `ark.run` command when the server offers
-- it (output in `:ArkLensOutput`), else `ark run FILE` in a terminal split.
local config = require('ark.config')
local lsp = require('ark.lsp')
local output = require('ark.output')

local M = {}

-- Runs in a terminal split; returns the terminal's job id.
function M.in_terminal(file)
  local options = config.options
  local command = options.run.cmd and vim.deepcopy(options.run.cmd) or { config.binary(), 'run' }
  table.insert(command, file)
  vim.cmd(options.run.split)
  vim.cmd('enew')
  local job = vim.fn.termopen(command, { cwd = vim.fn.fnamemodify(file, ':h') })
  vim.bo.bufhidden = 'wipe'
  return job
end

-- `:ArkRun[!]`: `!` forces the terminal. Returns 'server' or 'terminal' (for tests).
function M.run(force_terminal, on_done)
  local bufnr = vim.api.nvim_get_current_buf()
  local file = vim.api.nvim_buf_get_name(bufnr)
  if file == '' then
    vim.notify('ark: save the buffer to a file before running it', vim.log.levels.ERROR)
    return nil
  end
  if vim.bo[bufnr].modified then
    vim.cmd('silent write')
  end
  if not force_terminal and config.options.run.mode ~= 'terminal' then
    for _, client in ipairs(lsp.clients(bufnr)) do
      if vim.tbl_contains(lsp.run_commands(client), 'ark.run') then
        local command = {
          title = 'Run ' .. vim.fn.fnamemodify(file, ':t'),
          command = 'ark.run',
          arguments = { { uri = vim.uri_from_bufnr(bufnr) } },
        }
        lsp.execute_run(client, command, bufnr, function(err, result)
          output.show()
          if on_done then
            on_done(err, result)
          end
        end)
        return 'server'
      end
    end
  end
  M.in_terminal(file)
  return 'terminal'
end

return M
