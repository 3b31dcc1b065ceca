// A document's preamble (analysis/preamble.hpp: its leading imports analysed
// once) with what it read, so that the next build of the document can tell
// whether it still holds: every file it read is stamped with the open
// buffer's text object (a didChange makes a new one) or, for a file on disk,
// its inode, size and modification time. Checking a thousand stamps costs a
// thousand stat() calls, about a millisecond; rebuilding the preamble of a
// thousand imported files costs a second.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "analysis/preamble.hpp"
#include "server/snapshot.hpp"

namespace ark::lsp {

struct ImportStamp {
    FileId file = 0;   // in the preamble's sources
    std::string path;  // normal_path() of the file
    std::shared_ptr<const std::string> buffer;  // the open buffer read, or null for the disk
    uint64_t inode = 0, size = 0;
    int64_t modified_ns = 0;
    bool exists = false;

    // The same file, read the same way (the file ids aside).
    bool same_as(const ImportStamp& other) const {
        return path == other.path && buffer == other.buffer && inode == other.inode && size == other.size &&
               modified_ns == other.modified_ns && exists == other.exists;
    }
};

struct StampedPreamble {
    std::shared_ptr<const analysis::Preamble> preamble;
    std::vector<ImportStamp> stamps;  // of every file the preamble read but the main one
    uint64_t disk_changes = 0;        // BuildInput::disk_changes when stamped
};

// Stamps every imported file of `preamble` as the input's open buffers and
// the disk show it now.
std::shared_ptr<const StampedPreamble> stamp_preamble(std::shared_ptr<const analysis::Preamble> preamble,
                                                      const BuildInput& input);

// Whether every file `stamped` read is as it was: the same stamps and, when a
// file change event came since, the same text on disk.
bool still_valid(const StampedPreamble& stamped, const BuildInput& input);

}  // namespace ark::lsp
