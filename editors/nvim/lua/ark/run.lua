-- `:ArkRun`: runs the current file through the server's run command (the file's "Run" lens) when
-- the server offers one, else `ark run FILE` in a terminal split.
local config = require('ark.config')
local lsp = require('ark.lsp')
local output = require('ark.output')

local M = {}

local function resolve(client, lens, bufnr)
  if lens.command then
    return lens
  end
  local provider = client.server_capabilities.codeLensProvider
  if type(provider) ~= 'table' or not provider.resolveProvider then
    return nil
  end
  local response = lsp.request_sync(client, 'codeLens/resolve', lens, 3000, bufnr)
  return response and response.result or nil
end

-- The lens running the whole file: titled "Run" if there is one, else the first run lens.
function M.file_lens(client, bufnr)
  local commands = lsp.run_commands(client)
  if #commands == 0 then
    return nil
  end
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) } }
  local response = lsp.request_sync(client, 'textDocument/codeLens', params, 5000, bufnr)
  local lenses = response and response.result or {}
  local fallback
  for _, lens in ipairs(lenses) do
    lens = resolve(client, lens, bufnr)
    if lens and lens.command and vim.tbl_contains(commands, lens.command.command) then
      if lens.command.title == 'Run' then
        return lens
      end
      fallback = fallback or lens
    end
  end
  return fallback
end

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
      local lens = M.file_lens(client, bufnr)
      if lens then
        lsp.execute_run(client, lens.command, bufnr, function(err, result)
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
