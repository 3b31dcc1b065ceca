// The hash of a name for the open-addressing name tables (the vocabulary's,
// vocabulary.cpp, and the resolver's interned names, resolve.cpp): FNV-1a over
// the bytes, then the high bits folded in, since the tables index by the low
// bits and FNV-1a's low bits mix poorly for names that differ in their last
// characters.
#pragma once
#include <cstdint>
#include <string_view>

namespace ark::language {

inline uint64_t name_hash(std::string_view name) {
    uint64_t hash = 14695981039346656037ull;
    for (const char c : name) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    return hash ^ (hash >> 29);
}

}  // namespace ark::language
