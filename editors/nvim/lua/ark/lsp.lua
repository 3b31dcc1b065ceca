-- Starting `ark lsp` for ArkScript buffers on every Neovim from 0.7: `vim.lsp.config` +
-- `vim.lsp.enable` (0.11+), `vim.lsp.start` (0.8+), or `start_client` + `buf_attach_client` (0.7).
-- Which one is picked by looking at the features, never at version numbers.
local config = require('ark.config')
local output = require('ark.output')

local M = {}

-- root_dir -> client id, for the 0.7 path (later paths let Neovim reuse clients).
local clients_by_root = {}
local warned_missing = false

local function exists(path)
  return vim.loop.fs_stat(path) ~= nil
end

-- The nearest ancestor of `path` that holds a root marker, else `path`'s folder.
function M.root_dir(path, markers)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  local current = dir
  while current and current ~= '' do
    for _, marker in ipairs(markers) do
      if exists(current .. '/' .. marker) then
        return current
      end
    end
    local parent = vim.fn.fnamemodify(current, ':h')
    if parent == current then
      break
    end
    current = parent
  end
  return dir
end

-- A clear error when the server binary is missing, once per session.
function M.check_binary()
  local binary = config.binary()
  if vim.fn.executable(binary) == 1 then
    return true
  end
  if not warned_missing then
    warned_missing = true
    vim.notify(string.format(
      "ark: cannot start the language server: `%s` is not an executable on PATH; install ArkScript's "
        .. "`ark` or pass its full path: require('ark').setup{ cmd = { '/path/to/ark', 'lsp' } }",
      binary), vim.log.levels.ERROR)
  end
  return false
end

-- Run commands of lsp/protocol/extensions.hpp; a lens carrying one reports to `:ArkLensOutput`.
M.RUN_COMMANDS = { 'ark.run', 'ark.runAsync', 'ark.runExample' }

-- The run commands this server advertises (`executeCommandProvider.commands`).
function M.run_commands(client)
  local provider = client.server_capabilities and client.server_capabilities.executeCommandProvider
  local commands = type(provider) == 'table' and provider.commands or {}
  return vim.tbl_filter(function(name)
    return vim.tbl_contains(M.RUN_COMMANDS, name)
  end, commands)
end

local function on_attach(client, bufnr)
  local options = config.options
  local provider = client.server_capabilities and client.server_capabilities.codeLensProvider
  if options.codelens and provider then
    local group = vim.api.nvim_create_augroup('ark_codelens_' .. bufnr, { clear = true })
    vim.api.nvim_create_autocmd({ 'BufEnter', 'InsertLeave', 'BufWritePost', 'CursorHold' }, {
      group = group,
      buffer = bufnr,
      callback = function()
        pcall(vim.lsp.codelens.refresh)
      end,
    })
    pcall(vim.lsp.codelens.refresh)
  end
  if options.on_attach then
    options.on_attach(client, bufnr)
  end
end

-- Client methods take `self` from 0.11 (`client:request`); before, they are plain closures.
local method_style = vim.fn.has('nvim-0.11') == 1

function M.request(client, method, params, handler, bufnr)
  if method_style then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

function M.request_sync(client, method, params, timeout_ms, bufnr)
  if method_style then
    return client:request_sync(method, params, timeout_ms, bufnr)
  end
  return client.request_sync(method, params, timeout_ms, bufnr)
end

-- Sends a run command to the server and keeps its answer for `:ArkLensOutput`. Installed as
-- the client-side handler of every run command, so lenses run through it too.
function M.execute_run(client, command, bufnr, on_done)
  local title = command.title or command.command
  M.request(client, 'workspace/executeCommand', { command = command.command, arguments = command.arguments },
    function(err, result)
      output.record_response(err, result, title)
      if on_done then
        on_done(err, result)
      end
    end, bufnr)
end

local function on_init(client)
  for _, name in ipairs(M.run_commands(client)) do
    client.commands[name] = function(command, context)
      M.execute_run(client, command, context and context.bufnr or 0)
    end
  end
end

-- The client configuration shared by every start path.
function M.client_config(root_dir)
  local options = config.options
  return {
    name = 'ark',
    cmd = options.cmd,
    root_dir = root_dir,
    init_options = options.init_options,
    settings = options.settings,
    capabilities = options.capabilities or vim.lsp.protocol.make_client_capabilities(),
    on_init = on_init,
    on_attach = on_attach,
  }
end

-- 0.7: one client per root folder, attached by hand.
local function attach_legacy(bufnr)
  local path = vim.api.nvim_buf_get_name(bufnr)
  local root = M.root_dir(path ~= '' and path or vim.fn.getcwd() .. '/x', config.options.root_markers)
  local id = clients_by_root[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client(M.client_config(root))
    clients_by_root[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

-- Attaches the server to `bufnr` (the FileType autocommand calls it).
function M.attach(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  if not M.check_binary() then
    return nil
  end
  if vim.lsp.start then
    local path = vim.api.nvim_buf_get_name(bufnr)
    local root = M.root_dir(path ~= '' and path or vim.fn.getcwd() .. '/x', config.options.root_markers)
    return vim.lsp.start(M.client_config(root), { bufnr = bufnr })
  end
  return attach_legacy(bufnr)
end

-- Whether this Neovim has the 0.11 `vim.lsp.config` interface (a callable table plus `enable`).
function M.has_lsp_config()
  return type(vim.lsp.config) == 'table' and type(vim.lsp.enable) == 'function'
end

-- 0.11+: declare the server once; Neovim attaches it to matching buffers.
function M.enable_with_lsp_config()
  local options = config.options
  local client_config = M.client_config(nil)
  client_config.root_dir = nil
  client_config.root_markers = options.root_markers
  client_config.filetypes = options.filetypes
  vim.lsp.config('ark', client_config)
  vim.lsp.enable('ark')
end

-- The ark clients attached to `bufnr`.
function M.clients(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local all
  if vim.lsp.get_clients then
    all = vim.lsp.get_clients({ bufnr = bufnr, name = 'ark' })
  else
    all = vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
  end
  return vim.tbl_filter(function(client)
    return client.name == 'ark'
  end, all)
end

return M
