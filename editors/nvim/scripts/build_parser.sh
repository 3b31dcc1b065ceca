#!/bin/sh
# Compiles the checked-in tree-sitter parser (grammar/src/parser.c, ABI 14) into
# parser/arkscript.so, where Neovim finds it on 'runtimepath'. Needs only a C compiler.
# Usage: scripts/build_parser.sh [OUTPUT]   (CC overrides the compiler)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
grammar=$(cd "$here/../../grammar" && pwd)
output=${1:-$here/parser/arkscript.so}
mkdir -p "$(dirname "$output")"
sources="$grammar/src/parser.c"
if [ -f "$grammar/src/scanner.c" ]; then
    sources="$sources $grammar/src/scanner.c"
fi
# shellcheck disable=SC2086
${CC:-cc} -shared -fPIC -O2 -I"$grammar/src" $sources -o "$output"
echo "built $output"
