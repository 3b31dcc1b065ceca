// An immutable view of one document at one version, plus everything computed
// from it. Built on a worker, shared read-only by every request that needs it.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/text.hpp"

namespace ark::lsp {

// What a build needs: the document as it was when the build was scheduled.
struct BuildInput {
    std::string uri;
    int64_t version = 0;
    std::shared_ptr<const std::string> text;
    PositionEncoding encoding = PositionEncoding::Utf16;
};

struct Snapshot {
    Snapshot(const BuildInput& input) : uri(input.uri), version(input.version), text(input.text),
                                        lines(*input.text), encoding(input.encoding) {}

    std::string uri;
    int64_t version;
    std::shared_ptr<const std::string> text;
    LineIndex lines;
    PositionEncoding encoding;

    uint32_t offset_of(LineColumn position) const { return lines.to_offset(position, encoding); }
    LineColumn position_of(uint32_t offset) const { return lines.to_line_column(offset, encoding); }
};

struct BuildConfig {
    std::vector<std::string> library_paths;
};

// Runs the front end over one document. Never throws on any source text.
std::shared_ptr<const Snapshot> build_snapshot(const BuildInput& input, const BuildConfig& config);

// Set by the main loop when the client cancels; checked by long-running work.
class CancelToken {
public:
    CancelToken() : flag_(std::make_shared<std::atomic<bool>>(false)) {}
    bool cancelled() const { return flag_->load(std::memory_order_relaxed); }
    void cancel() const { flag_->store(true, std::memory_order_relaxed); }

private:
    std::shared_ptr<std::atomic<bool>> flag_;
};

}  // namespace ark::lsp
