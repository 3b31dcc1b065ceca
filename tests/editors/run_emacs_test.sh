#!/bin/sh
# Runs tests/editors/emacs_test.el in batch Emacs (site packages loaded: eglot comes from
# elpa-eglot) against an ark binary. Usage: run_emacs_test.sh ARK_BINARY [EMACS]
set -eu
ark_bin=$(realpath "$1")
emacs=${2:-emacs}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
# A temporary HOME: no user init file, no ~/.emacs.d writes.
HOME="$work" ARK_BIN="$ark_bin" ARK_REPO="$repo" \
    timeout 600 "$emacs" --batch -l "$repo/tests/editors/emacs_test.el" </dev/null
