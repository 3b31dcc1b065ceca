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

-- The text of a run result. The server answers `workspace/executeCommand` with a string or an
-- object; the fields read here are the ones a run result may carry.
function M.result_text(result)
  if result == nil or result == vim.NIL then
    return ''
  end
  if type(result) == 'string' then
    return result
  end
  if type(result) ~= 'table' then
    return tostring(result)
  end
  local parts = {}
  for _, field in ipairs({ 'output', 'stdout', 'text' }) do
    if type(result[field]) == 'string' and result[field] ~= '' then
      table.insert(parts, result[field])
    end
  end
  for _, field in ipairs({ 'stderr', 'error', 'message' }) do
    local value = result[field]
    if type(value) == 'table' then
      value = value.message or vim.inspect(value)
    end
    if type(value) == 'string' and value ~= '' then
      table.insert(parts, value)
    end
  end
  local status = result.exitCode or result.exit_code or result.status
  if status ~= nil and status ~= vim.NIL then
    table.insert(parts, '[exit: ' .. tostring(status) .. ']')
  end
  if #parts == 0 then
    return vim.inspect(result)
  end
  return table.concat(parts, '\n')
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
