#!/bin/sh
# Copies the tree-sitter queries from grammar/queries (the source of truth) into
# queries/arkscript/, where Neovim and nvim-treesitter look for them on 'runtimepath'.
# Run it after changing grammar/queries; tests/editors/nvim_test.lua fails when the copies differ.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
grammar=$(cd "$here/../../grammar" && pwd)
mkdir -p "$here/queries/arkscript"
for query in "$grammar"/queries/*.scm; do
    cp "$query" "$here/queries/arkscript/"
done
echo "copied $(ls "$grammar"/queries/*.scm | wc -l) queries to $here/queries/arkscript"
