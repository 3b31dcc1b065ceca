#!/bin/sh
# Builds the libFuzzer targets with clang-14 (ASan + UBSan) into build-fuzz/
# (or $1), and copies the seed corpora. Not part of the normal gcc build; the
# regressions are replayed there by the `fuzz_regressions` ctest.
#   tests/fuzz/build.sh [BUILD_DIR]
#   nice -n 19 build-fuzz/fuzz_front_end -max_total_time=600 build-fuzz/corpus/front_end tests/fuzz/regressions/front_end
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build-fuzz}
cmake -S "$here" -B "$build" -DCMAKE_CXX_COMPILER=clang++-14 >/dev/null
nice -n 19 cmake --build "$build" -j "${JOBS:-2}"
sh "$here/seed.sh" "$build/corpus"
echo "fuzz targets in $build; corpora in $build/corpus/<target>"
