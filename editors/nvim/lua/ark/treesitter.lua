-- The `arkscript` tree-sitter parser: loading it (built by scripts/build_parser.sh into
-- parser/arkscript.so, or a path the user gives), starting highlighting, and registering the
-- grammar with nvim-treesitter when that plugin is installed.
local config = require('ark.config')

local M = {}

-- The folder of this plugin (editors/nvim) and of the grammar next to it in a checkout.
local function plugin_root()
  local source = debug.getinfo(1, 'S').source:sub(2)
  return vim.fn.fnamemodify(source, ':p:h:h:h')
end

function M.grammar_dir()
  local dir = vim.fn.fnamemodify(plugin_root() .. '/../../grammar', ':p'):gsub('/$', '')
  if vim.loop.fs_stat(dir .. '/src/parser.c') then
    return dir
  end
  return nil
end

function M.parser_path()
  if config.options.parser_path then
    return config.options.parser_path
  end
  return vim.api.nvim_get_runtime_file('parser/arkscript.so', false)[1]
end

local loaded = false

-- Loads the parser; false when there is none (the plugin then works without tree-sitter).
function M.load()
  if loaded then
    return true
  end
  local path = M.parser_path()
  if not path then
    return false
  end
  local ok
  if vim.treesitter.language and vim.treesitter.language.add then
    ok = pcall(vim.treesitter.language.add, 'arkscript', { path = path })
  else
    ok = pcall(vim.treesitter.require_language, 'arkscript', path)
  end
  loaded = ok
  return ok
end

-- Starts tree-sitter highlighting in `bufnr` (queries/arkscript/highlights.scm).
function M.start(bufnr)
  if not M.load() then
    return false
  end
  if vim.treesitter.start then
    return pcall(vim.treesitter.start, bufnr, 'arkscript')
  end
  return pcall(function()
    local parser = vim.treesitter.get_parser(bufnr, 'arkscript')
    vim.treesitter.highlighter.new(parser)
  end)
end

-- nvim-treesitter users can `:TSInstall arkscript` from this checkout's grammar.
function M.register_with_nvim_treesitter()
  local ok, parsers = pcall(require, 'nvim-treesitter.parsers')
  local grammar = M.grammar_dir()
  if not ok or not grammar or type(parsers.get_parser_configs) ~= 'function' then
    return false
  end
  parsers.get_parser_configs().arkscript = {
    install_info = { url = grammar, files = { 'src/parser.c' } },
    filetype = 'arkscript',
  }
  return true
end

return M
