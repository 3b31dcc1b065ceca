// The fuzz regressions in the normal build (ctest `fuzz_regressions`): every
// file under tests/fuzz/regressions/<target>/, the seed programs and the
// hand-written seeds under tests/fuzz/seeds/<target>/ go through the same
// entry points as the libFuzzer targets, without libFuzzer.
//   fuzz_replay SOURCE_ROOT            all targets, regressions and seeds
//   fuzz_replay TARGET FILE...         one target on the given files
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_targets.hpp"

namespace fs = std::filesystem;

namespace {

struct Target {
    std::string_view name;
    int (*entry)(const uint8_t*, size_t);
    bool seeded_with_programs;  // the .ark programs are seeds of this target
};

constexpr Target kTargets[] = {
    {"front_end", ark::fuzz::front_end, true},
    {"vm", ark::fuzz::vm, true},
    {"format", ark::fuzz::format, true},
    {"line_index", ark::fuzz::line_index, true},
    {"incremental", ark::fuzz::incremental, true},
#ifdef ARK_FUZZ_HAVE_JSONRPC
    {"jsonrpc", ark::fuzz::jsonrpc, false},
#endif
};

std::vector<fs::path> files_under(const fs::path& folder, std::string_view extension) {
    std::vector<fs::path> out;
    if (!fs::is_directory(folder))
        return out;
    for (const auto& entry : fs::recursive_directory_iterator(folder))
        if (entry.is_regular_file() && (extension.empty() || entry.path().extension() == extension))
            out.push_back(fs::absolute(entry.path()));
    std::sort(out.begin(), out.end());
    return out;
}

void replay(const Target& target, const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // A failure aborts inside the target; name the file first so the log says which.
    std::fprintf(stderr, "%.*s %s\n", static_cast<int>(target.name.size()), target.name.data(), file.c_str());
    target.entry(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 2) {
        const fs::path root = fs::absolute(argv[1]);
        const std::vector<fs::path> programs = files_under(root / "tests" / "programs", ".ark");
        size_t n_files = 0;
        for (const Target& target : kTargets) {
            std::vector<fs::path> files = files_under(root / "tests" / "fuzz" / "regressions" / target.name, "");
            if (target.seeded_with_programs)
                files.insert(files.end(), programs.begin(), programs.end());
            const std::vector<fs::path> seeds = files_under(root / "tests" / "fuzz" / "seeds" / target.name, "");
            files.insert(files.end(), seeds.begin(), seeds.end());
            for (const fs::path& file : files)
                replay(target, file);
            n_files += files.size();
            std::printf("%.*s: %zu files\n", static_cast<int>(target.name.size()), target.name.data(), files.size());
        }
        std::printf("fuzz regressions: %zu files replayed, no failure\n", n_files);
        return 0;
    }
    if (argc >= 3) {
        for (const Target& target : kTargets) {
            if (target.name != argv[1])
                continue;
            std::vector<fs::path> files;
            for (int i = 2; i < argc; ++i)
                files.push_back(fs::absolute(argv[i]));
            for (const fs::path& file : files)
                replay(target, file);
            return 0;
        }
    }
    std::fprintf(stderr, "usage: fuzz_replay SOURCE_ROOT | fuzz_replay TARGET FILE...\n");
    return 2;
}
