-- The lens output buffer: what runs started through the server ("Run", "Run async" lenses and
-- `:ArkRun`) printed, shown by `:ArkLensOutput`. Runs append; the buffer is never a file.
local M = {}

local BUFFER_NAME = 'ark://lens-output'

-- Every recorded run, oldest first: { title = string, text = string, failed = bool }.
M.runs = {}

local function buffer()
  local existing = vim.fn.bufnr(BUFFER_NAME)
  if existing ~= -1 and vim.api.nvim_buf_is_valid(existing) then
    return existing
  end
  local bufnr = vim.api.nvim_create_buf(false, true)
  vim.api.nvim_buf_set_name(bufnr, BUFFER_NAME)
  vim.bo[bufnr].buftype = 'nofile'
  vim.bo[bufnr].bufhidden = 'hide'
  vim.bo[bufnr].swapfile = false
  vim.bo[bufnr].filetype = 'arkoutput'
  return bufnr
end

-- The text of a run result (lsp/protocol/extensions.hpp): its output, then the value, the
-- error with its traceback, the example verdict and the status.
function M.result_text(result)
  if result == nil or result == vim.NIL then
    return ''
  end
  if type(result) ~= 'table' then
    return tostring(result)
  end
  local lines = {}
  if type(result.output) == 'string' and result.output ~= '' then
    table.insert(lines, (result.output:gsub('\n$', '')))
  end
  if result.truncated == true then
    table.insert(lines, '[output truncated]')
  end
  local err = result.error
  if type(err) == 'table' and (err.kind or err.message) then
    table.insert(lines, string.format('%s: %s', err.kind or 'Error', err.message or ''))
    for _, frame in ipairs(type(err.traceback) == 'table' and err.traceback or {}) do
      table.insert(lines, string.format('    at %s (%s)', frame['function'] or '<top level>', frame.location or '?'))
    end
  end
  local example = result.example
  if type(example) == 'table' then
    table.insert(lines, string.format('%s %s', example.call or '', example.passed and 'passed'
      or string.format('failed: expected %s, got %s', tostring(example.expected), tostring(example.actual))))
  elseif type(result.result) == 'string' then
    table.insert(lines, '=> ' .. result.result)
  end
  local status = type(result.status) == 'string' and result.status or 'done'
  if type(result.exitCode) == 'number' then
    status = status .. ' (exit ' .. result.exitCode .. ')'
  end
  if type(result.durationMs) == 'number' then
    status = string.format('%s in %.1f ms', status, result.durationMs)
  end
  table.insert(lines, '[' .. status .. ']')
  return table.concat(lines, '\n')
end

function M.append(title, text, failed)
  table.insert(M.runs, { title = title, text = text, failed = failed or false })
  local bufnr = buffer()
  local lines = { string.format('── %s (%s)', title, os.date('%H:%M:%S')) }
  vim.list_extend(lines, vim.split((text:gsub('\n$', '')), '\n', true))
  table.insert(lines, '')
  local count = vim.api.nvim_buf_line_count(bufnr)
  local empty = count == 1 and vim.api.nvim_buf_get_lines(bufnr, 0, 1, false)[1] == ''
  vim.api.nvim_buf_set_lines(bufnr, empty and 0 or count, -1, false, lines)
  -- Keep windows that show the output scrolled to the end.
  for _, win in ipairs(vim.fn.win_findbuf(bufnr)) do
    vim.api.nvim_win_set_cursor(win, { vim.api.nvim_buf_line_count(bufnr), 0 })
  end
end

-- Records the answer to a run command.
function M.record_response(err, result, title)
  if err then
    M.append(title or 'run', 'error: ' .. (err.message or vim.inspect(err)), true)
  else
    M.append(title or 'run', M.result_text(result), false)
  end
end

-- `:ArkLensOutput`: shows the buffer in a split (or focuses the window already showing it).
function M.show()
  local bufnr = buffer()
  local windows = vim.fn.win_findbuf(bufnr)
  if #windows > 0 then
    vim.api.nvim_set_current_win(windows[1])
    return bufnr
  end
  vim.cmd('belowright 12split')
  vim.api.nvim_win_set_buf(0, bufnr)
  vim.api.nvim_win_set_cursor(0, { vim.api.nvim_buf_line_count(bufnr), 0 })
  return bufnr
end

function M.lines()
  return vim.api.nvim_buf_get_lines(buffer(), 0, -1, false)
end

return M
