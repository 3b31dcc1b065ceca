#include "server/preamble_stamps.hpp"

#include <sys/stat.h>

namespace ark::lsp {

namespace {

ImportStamp stamp_of(std::string path, const OpenFiles* open_files) {
    ImportStamp stamp;
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

}  // namespace

std::shared_ptr<const StampedPreamble> stamp_preamble(std::shared_ptr<const analysis::Preamble> preamble,
                                                      const OpenFiles* open_files) {
    auto stamped = std::make_shared<StampedPreamble>();
    const analysis::Analysis& imports = *preamble->analysis;
    for (FileId file = 0; file < imports.sources.size(); ++file)
        if (file != imports.main_file) stamped->stamps.push_back(stamp_of(normal_path(imports.sources.file(file).path), open_files));
    stamped->preamble = std::move(preamble);
    return stamped;
}

bool still_valid(const StampedPreamble& stamped, const OpenFiles* open_files) {
    for (const ImportStamp& stamp : stamped.stamps)
        if (!(stamp_of(stamp.path, open_files) == stamp)) return false;
    return true;
}

}  // namespace ark::lsp
