#include "server/preamble_stamps.hpp"

#include <sys/stat.h>

namespace ark::lsp {

namespace {

ImportStamp stamp_of(FileId file, std::string path, const OpenFiles* open_files) {
    ImportStamp stamp;
    stamp.file = file;
    stamp.path = std::move(path);
    if (open_files)
        if (const auto found = open_files->find(stamp.path); found != open_files->end()) {
            stamp.buffer = found->second;
            stamp.exists = true;
            return stamp;
        }
    struct stat info {};
    if (::stat(stamp.path.c_str(), &info) != 0) return stamp;
    stamp.exists = true;
    stamp.inode = static_cast<uint64_t>(info.st_ino);
    stamp.size = static_cast<uint64_t>(info.st_size);
    stamp.modified_ns = static_cast<int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
    return stamp;
}

uint64_t disk_changes_of(const BuildInput& input) {
    return input.disk_changes ? input.disk_changes->load(std::memory_order_acquire) : 0;
}

}  // namespace

std::shared_ptr<const StampedPreamble> stamp_preamble(std::shared_ptr<const analysis::Preamble> preamble,
                                                      const BuildInput& input) {
    auto stamped = std::make_shared<StampedPreamble>();
    // Counted first: an event during the stamping makes the next build compare texts.
    stamped->disk_changes = disk_changes_of(input);
    const analysis::Analysis& imports = *preamble->analysis;
    for (FileId file = 0; file < imports.sources.size(); ++file)
        if (file != imports.main_file)
            stamped->stamps.push_back(stamp_of(file, normal_path(imports.sources.file(file).path), input.open_files.get()));
    stamped->preamble = std::move(preamble);
    return stamped;
}

bool still_valid(const StampedPreamble& stamped, const BuildInput& input) {
    const bool events_since = disk_changes_of(input) != stamped.disk_changes;
    const SourceMap& sources = stamped.preamble->analysis->sources;
    for (const ImportStamp& stamp : stamped.stamps) {
        if (!stamp_of(stamp.file, stamp.path, input.open_files.get()).same_as(stamp)) return false;
        if (events_since && !stamp.buffer && stamp.exists) {
            const FileRead now = read_regular_file(stamp.path);
            if (!now.text || *now.text != sources.file(stamp.file).text) return false;
        }
    }
    return true;
}

}  // namespace ark::lsp
