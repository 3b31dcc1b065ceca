#!/bin/sh
# Checks an installed ark (from the .deb or `cmake --install`): runs a program
# that imports the standard library from a folder far from the source tree,
# and checks that --print-lib-path names the installed library.
# usage: check_installed.sh /usr/bin/ark
set -e
ARK="$1"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cat > "$WORK/uses_std.ark" <<'ARK'
(import std.Prelude)
(print (list:map [1 2 3] (fun (x) (* x 10))))
(print (string:join ["a" "b" "c"] "-"))
(print (dict:get (dict:fromList [["k" 4]]) "k") " " (math:gcd 12 18) " " sys:version)
ARK
cd "$WORK"
out=$(env -u ARKSCRIPT_PATH "$ARK" run uses_std.ark)
expected='[10 20 30]
a-b-c
4 6 4.8.0'
if [ "$out" != "$expected" ]; then
  echo "installed ark printed:"; echo "$out"; echo "expected:"; echo "$expected"; exit 1
fi
"$ARK" --print-lib-path | grep -q "share/ark/lib" || { echo "--print-lib-path does not name share/ark/lib"; exit 1; }
echo "installed ark OK: $("$ARK" --version)"
