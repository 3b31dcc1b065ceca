#!/bin/sh
# The ark dap scenarios through @vscode/debugadapter-testsupport (npm). Installs
# the package on the first run, as the VS Code end-to-end test installs its own.
# Usage: tests/dap/node/run.sh ARK
set -e
here="$(cd "$(dirname "$0")" && pwd)"
ARK_BINARY="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
export ARK_BINARY
cd "$here"
[ -d node_modules/@vscode/debugadapter-testsupport ] || npm ci --no-audit --no-fund >/dev/null
exec node --test dap.test.js
