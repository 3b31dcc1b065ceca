#!/bin/sh
# Copies the seed corpora: every program under tests/programs (and std/) for the
# front end, VM, formatter, line index and incremental targets, and a few framed messages for jsonrpc.
#   tests/fuzz/seed.sh CORPUS_DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$1
for target in front_end vm format line_index incremental jsonrpc; do mkdir -p "$out/$target"; done
find "$root/tests/programs" "$root/std" -name '*.ark' | while read -r file; do
    name=$(echo "$file" | sed "s|$root/||; s|/|_|g")
    for target in front_end vm format line_index incremental; do cp "$file" "$out/$target/$name"; done
done
# Hand-written seeds (tests/fuzz/seeds/<target>): jsonrpc's framed messages,
# the VM's deep values, async recursion and wait cycles, loop scopes and splicing macros, and for
# incremental 4.8 edits (lang48_*: the four edit bytes, then the text: typing an attribute, a dict
# pair, a macro or an import, deleting a macro or a glob import).
for target in vm incremental jsonrpc; do cp "$here"/seeds/$target/* "$out/$target/" 2>/dev/null || true; done
