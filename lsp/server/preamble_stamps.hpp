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
    std::string path;  // normal_path() of the file
    std::shared_ptr<const std::string> buffer;  // the open buffer read, or null for the disk
    uint64_t inode = 0, size = 0;
    int64_t modified_ns = 0;
    bool exists = false;

    bool operator==(const ImportStamp&) const = default;
};

struct StampedPreamble {
    std::shared_ptr<const analysis::Preamble> preamble;
    std::vector<ImportStamp> stamps;  // of every file the preamble read but the main one
};

// Stamps every imported file of `preamble` as `open_files` (may be null) and
// the disk show it now.
std::shared_ptr<const StampedPreamble> stamp_preamble(std::shared_ptr<const analysis::Preamble> preamble,
                                                      const OpenFiles* open_files);

// Whether every file `stamped` read is as it was.
bool still_valid(const StampedPreamble& stamped, const OpenFiles* open_files);

}  // namespace ark::lsp
