-- `:ArkRun`: runs the current file through the server's `ark.run` command when the server offers
-- it (output in `:ArkLensOutput`), else `ark run FILE` in a terminal split. The server's run is
-- sandboxed unless `init_options.trustedWorkspace` is true; `ark run` has full access to files
-- and processes, so without the server `:ArkRun` uses it only when the user trusts the project
-- (trustedWorkspace) or asks for it (`:ArkRun!`, `run.mode = 'terminal'`).
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

-- Whether the user's options let runs touch files and start processes.
local function trusted()
  local init = config.options.init_options
  return type(init) == 'table' and init.trustedWorkspace == true
end

-- `:ArkRun[!]`: `!` forces the terminal. Returns 'server', 'terminal' or nil (for tests).
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
  if not force_terminal and config.options.run.mode ~= 'terminal' and not trusted() then
    vim.notify(string.format(
      "ark: not running %s: the server's sandboxed run is not available here, and `ark run` would run "
        .. 'it with full access to your files and processes. Run it that way with :ArkRun!, or set '
        .. 'init_options = { trustedWorkspace = true } if you trust every project you open.',
      vim.fn.fnamemodify(file, ':t')), vim.log.levels.WARN)
    return nil
  end
  M.in_terminal(file)
  return 'terminal'
end

return M
