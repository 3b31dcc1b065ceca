-- Headless Neovim test of editors/nvim (run by run_nvim_test.sh): filetype detection, tree-sitter
-- highlighting, the `ark lsp` client (diagnostics, hover, definition, completion), `:ArkRun` and
-- `:ArkLensOutput`. Every check runs and reports; the exit code is the number of failures.
-- Environment: ARK_BIN (the ark binary), ARK_REPO (the checkout), ARK_PARSER (arkscript.so, optional).
local ark_bin = assert(os.getenv('ARK_BIN'), 'ARK_BIN must name the ark binary')
local repo = assert(os.getenv('ARK_REPO'), 'ARK_REPO must name the checkout')
local parser = os.getenv('ARK_PARSER')
if parser == '' then parser = nil end

local failures = 0
local function check(ok, name, detail)
  if ok then
    print('ok   ' .. name)
  else
    failures = failures + 1
    print('FAIL ' .. name .. (detail and (': ' .. detail) or ''))
  end
end
local function finish()
  print(string.format('%d failure(s)', failures))
  io.stdout:flush()
  os.exit(failures == 0 and 0 or 1)
end

vim.opt.runtimepath:prepend(repo .. '/editors/nvim')
vim.cmd('filetype plugin on')
vim.opt.swapfile = false

local ok_setup, err_setup = pcall(function()
  require('ark').setup({ cmd = { ark_bin, 'lsp' }, parser_path = parser })
end)
check(ok_setup, 'setup', err_setup)
if not ok_setup then finish() end

-- A project in a temporary folder.
local dir = vim.fn.tempname()
vim.fn.mkdir(dir, 'p')
local source = {
  '# Adds two numbers.',                          -- 0
  '(let add (fun (a b) (+ a b)))',                -- 1
  '(let compute (fun (n) {',                      -- 2
  '  (let local_total (* n 2))',                  -- 3
  '  (print (add local_total undefined_name))',   -- 4
  '  (print local_t)',                            -- 5
  '}))',                                          -- 6
  '(compute 4)',                                  -- 7
}
local file = dir .. '/main.ark'
vim.fn.writefile(source, file)
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()

check(vim.bo.filetype == 'arkscript', 'ftdetect: *.ark is arkscript', vim.bo.filetype)
check(vim.bo.commentstring == '# %s', 'ftplugin: commentstring', vim.bo.commentstring)

-- The queries shipped in editors/nvim are copies of grammar/queries.
for _, name in ipairs({ 'highlights', 'locals', 'folds', 'indents', 'textobjects' }) do
  local original = table.concat(vim.fn.readfile(repo .. '/grammar/queries/' .. name .. '.scm'), '\n')
  local copy_path = repo .. '/editors/nvim/queries/arkscript/' .. name .. '.scm'
  local copy = vim.fn.filereadable(copy_path) == 1 and table.concat(vim.fn.readfile(copy_path), '\n') or nil
  check(original == copy, 'queries/' .. name .. '.scm matches grammar/ (run scripts/sync_queries.sh)')
end

if parser then
  local ts = require('ark.treesitter')
  check(ts.load(), 'tree-sitter: parser loads', parser)
  local ok_query, query = pcall(vim.treesitter.get_query or vim.treesitter.query.get, 'arkscript', 'highlights')
  check(ok_query and query ~= nil, 'tree-sitter: highlights.scm compiles', tostring(query))
  local highlighter = vim.treesitter.highlighter.active[bufnr]
  check(highlighter ~= nil, 'tree-sitter: highlighting started')
  local root = vim.treesitter.get_parser(bufnr, 'arkscript'):parse()[1]:root()
  check(root:type() == 'source_file' and not root:has_error(), 'tree-sitter: clean parse', root:sexpr():sub(1, 80))
  -- Raw strings (4.8) are `string` nodes, so highlights.scm captures them as @string, prefix
  -- included; `\\` pairs (r"a\\" ends there) and `\"` does not end one.
  if ok_query and query then
    local raw_source = '(print r"C:\\new\\table" r"a\\\\" x r"q\\"" r)'
    local raw_root = vim.treesitter.get_string_parser(raw_source, 'arkscript'):parse()[1]:root()
    local strings = {}
    for id, node in query:iter_captures(raw_root, raw_source, 0, 1) do
      if query.captures[id] == 'string' then
        local _, first, _, last = node:range()
        table.insert(strings, raw_source:sub(first + 1, last))
      end
    end
    local want = { 'r"C:\\new\\table"', 'r"a\\\\"', 'r"q\\""' }
    check(not raw_root:has_error() and vim.deep_equal(strings, want), 'tree-sitter: raw strings are @string',
      table.concat(strings, ' | '))
  end
else
  print('skip tree-sitter checks (no ARK_PARSER)')
end

-- The client attaches.
local lsp = require('ark.lsp')
-- How long to wait for something that must happen: only a hang should reach
-- it (CI runs this against an AddressSanitizer build on a busy machine).
local PATIENCE_MS = 60000
local attached = vim.wait(PATIENCE_MS, function() return #lsp.clients(bufnr) > 0 end, 50)
check(attached, 'lsp: ark client attached')
if not attached then finish() end
local client = lsp.clients(bufnr)[1]
vim.wait(PATIENCE_MS, function() return client.initialized == true or client.server_capabilities ~= nil end, 50)

-- Diagnostics: the unbound name, with the server's code.
local function unbound()
  for _, diagnostic in ipairs(vim.diagnostic.get(bufnr)) do
    if diagnostic.lnum == 4 and diagnostic.message:find('undefined_name', 1, true) then
      return diagnostic
    end
  end
end
local got_diagnostic = vim.wait(PATIENCE_MS, function() return unbound() ~= nil end, 50)
local all = vim.tbl_map(function(d) return d.lnum .. ':' .. d.message end, vim.diagnostic.get(bufnr))
check(got_diagnostic, 'diagnostics: unbound name on line 5', table.concat(all, ' | '))
if got_diagnostic then
  local diagnostic = unbound()
  check(diagnostic.col == 26, 'diagnostics: column of the unbound name', tostring(diagnostic.col))
  check(diagnostic.severity == vim.diagnostic.severity.ERROR, 'diagnostics: severity error')
end

local function at(line, character)
  return { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = line, character = character } }
end
local function request(method, params)
  local response, err = lsp.request_sync(client, method, params, 5000, bufnr)
  if not response then return nil, tostring(err) end
  if response.err then return nil, vim.inspect(response.err) end
  return response.result
end

-- Hover on the builtin `print`.
local hover, hover_err = request('textDocument/hover', at(4, 4))
local hover_text = hover and (type(hover.contents) == 'table' and (hover.contents.value or vim.inspect(hover.contents))
  or tostring(hover.contents)) or ''
check(hover ~= nil and hover_text:find('print', 1, true) ~= nil, 'hover: builtin print', hover_err or hover_text)

-- Definition of the user function `add` (used on line 5) is its `let` on line 2.
local definition, definition_err = request('textDocument/definition', at(4, 11))
local location = definition and (definition[1] or definition)
local target = location and (location.range or location.targetSelectionRange)
check(target ~= nil and target.start.line == 1 and target.start.character == 5, 'definition: user function add',
  definition_err or vim.inspect(definition))

-- Completion at `local_t|` offers the local `local_total`.
local completion, completion_err = request('textDocument/completion', at(5, 15))
local items = completion and (completion.items or completion) or {}
local labels = vim.tbl_map(function(item) return item.label end, items)
check(vim.tbl_contains(labels, 'local_total'), 'completion: includes the local local_total',
  completion_err or table.concat(labels, ' '):sub(1, 200))

-- The same features through vim.lsp.buf (what users press): definition jumps.
vim.api.nvim_win_set_cursor(0, { 5, 11 })
vim.lsp.buf.definition()
local jumped = vim.wait(PATIENCE_MS, function() return vim.api.nvim_win_get_cursor(0)[1] == 2 end, 50)
check(jumped, 'vim.lsp.buf.definition jumps to line 2', vim.inspect(vim.api.nvim_win_get_cursor(0)))

-- `:ArkLensOutput` opens the run output buffer.
vim.cmd('ArkLensOutput')
check(vim.api.nvim_buf_get_name(0):find('ark://lens-output', 1, true) ~= nil, ':ArkLensOutput shows the output buffer',
  vim.api.nvim_buf_get_name(0))
vim.cmd('close')

-- `:ArkRun!` runs the file with `ark run` in a terminal split.
local hello = dir .. '/hello.ark'
vim.fn.writefile({ '(print (+ 40 2))' }, hello)
vim.cmd('edit ' .. vim.fn.fnameescape(hello))
vim.cmd('ArkRun!')
local terminal = vim.api.nvim_get_current_buf()
local ran = vim.wait(PATIENCE_MS, function()
  return table.concat(vim.api.nvim_buf_get_lines(terminal, 0, -1, false), '\n'):find('42', 1, true) ~= nil
end, 50)
check(vim.bo[terminal].buftype == 'terminal' and ran, ':ArkRun! prints 42 in a terminal',
  table.concat(vim.api.nvim_buf_get_lines(terminal, 0, -1, false), '\n'))
vim.cmd('close')

-- Without the server's (sandboxed) run and without trustedWorkspace, `:ArkRun` refuses to run
-- the file with full access: no terminal, one warning naming :ArkRun!.
local pwned = dir .. '/pwned-fallback'
local no_server = dir .. '/no-server.txt'  -- not arkscript: no client attaches to it
vim.fn.writefile({ '(builtin__sys:exec "touch ' .. pwned .. '")' }, no_server)
vim.cmd('edit ' .. vim.fn.fnameescape(no_server))
local warnings = {}
local saved_notify = vim.notify
vim.notify = function(message, level) table.insert(warnings, { message = message, level = level }) end
local refused_mode = require('ark.run').run(false)
vim.notify = saved_notify
local created = vim.wait(3000, function() return vim.loop.fs_stat(pwned) ~= nil end, 50)
check(refused_mode == nil and not created and vim.bo.buftype ~= 'terminal', ':ArkRun without the server does not run with full access',
  tostring(refused_mode) .. (created and ' (pwned-fallback was created)' or ''))
check(#warnings == 1 and warnings[1].level == vim.log.levels.WARN and warnings[1].message:find(':ArkRun!', 1, true) ~= nil,
  ':ArkRun without the server says why and names :ArkRun!', vim.inspect(warnings))
if vim.bo.buftype == 'terminal' then vim.cmd('close') end

-- The plugin's command and trust come from setup only: the server was started with them.
check(vim.deep_equal(client.config.cmd, { ark_bin, 'lsp' }), 'lsp: the command is the one setup gave',
  vim.inspect(client.config.cmd))
local init = client.config.init_options or {}
check(init.trustedWorkspace ~= true, 'lsp: untrusted unless setup says otherwise', vim.inspect(init))

-- `:ArkRun` through the server's run command, when the server offers one.
vim.cmd('edit ' .. vim.fn.fnameescape(hello))
local hello_buf = vim.api.nvim_get_current_buf()
vim.wait(PATIENCE_MS, function() return #lsp.clients(hello_buf) > 0 end, 50)
local run_commands = lsp.run_commands(client)
if #run_commands > 0 then
  local output = require('ark.output')
  local before = #output.runs
  local mode = require('ark.run').run(false)
  check(mode == 'server', ':ArkRun uses the server run command', tostring(mode))
  local done = vim.wait(PATIENCE_MS, function() return #output.runs > before end, 50)
  local text = done and output.runs[#output.runs].text or ''
  check(done and text:find('42', 1, true) ~= nil, ':ArkRun output reaches :ArkLensOutput', text)

  -- The "Run" lens above the first form, run the way users do (cursor on its line).
  vim.cmd('edit ' .. vim.fn.fnameescape(hello))
  vim.lsp.codelens.refresh()
  local has_lens = vim.wait(PATIENCE_MS, function() return #vim.lsp.codelens.get(hello_buf) > 0 end, 50)
  local titles = vim.tbl_map(function(lens) return lens.command and lens.command.title or '?' end,
    vim.lsp.codelens.get(hello_buf))
  check(has_lens and vim.tbl_contains(titles, 'Run'), 'code lens: Run above the first form', table.concat(titles, ', '))
  if has_lens then
    before = #output.runs
    vim.api.nvim_win_set_cursor(0, { 1, 0 })
    vim.lsp.codelens.run()
    local lens_done = vim.wait(PATIENCE_MS, function() return #output.runs > before end, 50)
    local lens_text = lens_done and output.runs[#output.runs].text or ''
    check(lens_done and lens_text:find('42', 1, true) ~= nil, 'code lens: Run output reaches :ArkLensOutput', lens_text)
  end
else
  print('skip server run (the server lists no run command yet)')
end

-- setup_dap registers `ark dap` with nvim-dap (a stand-in module here: the
-- adapter itself is tested by tests/dap).
package.loaded['dap'] = { adapters = {}, configurations = {} }
local registered = require('ark').setup_dap()
local nvim_dap = package.loaded['dap']
local adapter = nvim_dap.adapters.arkscript or {}
check(registered and adapter.type == 'executable' and adapter.args[1] == 'dap'
  and nvim_dap.configurations.arkscript[1].program == '${file}', 'setup_dap: registers ark dap with nvim-dap',
  vim.inspect(nvim_dap))
package.loaded['dap'] = nil

-- A missing binary gives one clear error, not a stack trace.
local messages = {}
local notify = vim.notify
vim.notify = function(message, level) table.insert(messages, { message = message, level = level }) end
local config = require('ark.config')
local saved = config.options
config.options = vim.tbl_extend('force', saved, { cmd = { '/nonexistent/ark', 'lsp' } })
local started = lsp.check_binary()
config.options = saved
vim.notify = notify
check(not started and #messages == 1 and messages[1].level == vim.log.levels.ERROR
  and messages[1].message:find('/nonexistent/ark', 1, true) ~= nil, 'missing binary: one clear error',
  vim.inspect(messages))

vim.lsp.stop_client(vim.lsp.get_active_clients and vim.tbl_map(function(c) return c.id end, vim.lsp.get_active_clients()) or {})
finish()
