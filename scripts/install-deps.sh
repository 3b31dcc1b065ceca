#!/bin/sh
# Installs every Debian bookworm package the build and the tests need.
# Run as root (or with sudo). Safe to run again.
set -e
export DEBIAN_FRONTEND=noninteractive
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  cmake g++ make pkg-config python3 dpkg-dev file \
  catch2 nlohmann-json3-dev libasio-dev libtree-sitter-dev libcli11-dev libreadline-dev \
  lua5.4 neovim emacs-nox elpa-eglot clang-14 >/dev/null
# Node and npm (unless some Node is installed already: Debian's npm conflicts with
# other distributions of it), then the DAP client library the debug adapter's
# second suite drives it with (tests/dap/node).
command -v npm >/dev/null || $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
(cd "$(dirname "$0")/../tests/dap/node" && npm ci --no-audit --no-fund >/dev/null)
echo "dependencies installed"
