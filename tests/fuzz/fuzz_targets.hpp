// The fuzz targets' entry points, shared by the libFuzzer build (each target
// file then defines LLVMFuzzerTestOneInput) and by the replay driver of the
// normal build (replay_main.cpp), so a regression runs the very same code.
// A target returns normally for every input; a broken invariant aborts.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace ark::fuzz {

int front_end(const uint8_t* data, size_t size);
int vm(const uint8_t* data, size_t size);
int jsonrpc(const uint8_t* data, size_t size);
int format(const uint8_t* data, size_t size);
int line_index(const uint8_t* data, size_t size);
int incremental(const uint8_t* data, size_t size);

[[noreturn]] inline void fail(const char* target, const char* what) {
    std::fprintf(stderr, "fuzz %s: invariant broken: %s\n", target, what);
    std::abort();
}

}  // namespace ark::fuzz

// Each target file ends with ARK_FUZZ_ENTRY(name): libFuzzer's entry point in
// the fuzz build, nothing in the replay build.
#ifdef ARK_LIBFUZZER
#define ARK_FUZZ_ENTRY(name) \
    extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) { return ark::fuzz::name(data, size); }
#else
#define ARK_FUZZ_ENTRY(name)
#endif
