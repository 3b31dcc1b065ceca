// fuzz_incremental: one edit of arbitrary text. reanalyze() of the edited text
// from the analysis before it must equal analyze() of the edited text whenever
// it accepts the edit, and so must a second edit back, made from the result.
// The first four bytes describe the edit: its offset (two bytes), how many
// bytes it deletes (up to 15) and inserts (up to 15, the bytes after them);
// the rest is the text before the edit.
#include <string>

#include "../support/same_analysis.hpp"
#include "analysis/incremental.hpp"
#include "fuzz_targets.hpp"

namespace ark::fuzz {

namespace {

const std::string kPath = "/virtual/main.ark";

// reanalyze() from analyze(before), checked against analyze(after).
void check_edit(std::shared_ptr<analysis::Analysis>& previous, const std::string& after,
                const analysis::AnalysisOptions& options) {
    std::shared_ptr<analysis::Analysis> incremental = analysis::reanalyze(previous, kPath, after, options);
    if (!incremental) {
        previous = analysis::analyze(kPath, after, options);
        return;
    }
    if (!test::first_difference(*analysis::analyze(kPath, after, options), *incremental).empty())
        fail("incremental", ("reanalyze differs from analyze in its " +
                             test::first_difference(*analysis::analyze(kPath, after, options), *incremental))
                                .c_str());
    previous = std::move(incremental);
}

}  // namespace

int incremental(const uint8_t* data, size_t size) {
    if (size < 4)
        return 0;
    const size_t n_delete = data[2] % 16, n_insert = std::min<size_t>(data[3] % 16, size - 4);
    const std::string inserted(reinterpret_cast<const char*>(data + 4), n_insert);
    const std::string before(reinterpret_cast<const char*>(data + 4 + n_insert), size - 4 - n_insert);
    const size_t at = (static_cast<size_t>(data[0]) << 8 | data[1]) % (before.size() + 1);
    const std::string after = before.substr(0, at) + inserted + before.substr(std::min(before.size(), at + n_delete));

    // Imports resolve to nothing: the fuzzer never reads the disk.
    analysis::AnalysisOptions options;
    options.read_file = [](const std::string&) { return std::optional<std::string>(); };
    std::shared_ptr<analysis::Analysis> analysis = analysis::analyze(kPath, before, options);
    check_edit(analysis, after, options);
    check_edit(analysis, before, options);
    return 0;
}

}  // namespace ark::fuzz

ARK_FUZZ_ENTRY(incremental)
