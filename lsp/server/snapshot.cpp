// Building a Snapshot: the one place the server calls the front end.
#include "server/snapshot.hpp"

namespace ark::lsp {

std::shared_ptr<const Snapshot> build_snapshot(const BuildInput& input, const BuildConfig& config) {
    (void)config;
    return std::make_shared<const Snapshot>(input);
}

}  // namespace ark::lsp
