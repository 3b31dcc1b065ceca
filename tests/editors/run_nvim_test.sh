#!/bin/sh
# Runs tests/editors/nvim_test.lua in headless Neovim against an ark binary.
# Usage: run_nvim_test.sh ARK_BINARY [NVIM]
# Builds the tree-sitter parser into a temporary folder first (a C compiler is enough).
set -eu
ark_bin=$(realpath "$1")
nvim=${2:-nvim}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
parser=""
if "$repo/editors/nvim/scripts/build_parser.sh" "$work/arkscript.so" >/dev/null 2>&1; then
    parser="$work/arkscript.so"
fi
# XDG folders in the temporary folder: no user config, shada, log or swap files are touched.
HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state" \
XDG_CACHE_HOME="$work/cache" ARK_BIN="$ark_bin" ARK_REPO="$repo" ARK_PARSER="$parser" \
    timeout 600 "$nvim" --headless -u NONE -i NONE -n -c "luafile $repo/tests/editors/nvim_test.lua" </dev/null
