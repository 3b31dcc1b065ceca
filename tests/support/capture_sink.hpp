// An output sink that keeps what a run writes, for tests (thread-safe: a
// run's tasks write from their own threads).
#pragma once
#include <mutex>
#include <string>
#include <string_view>

#include "host.hpp"

namespace ark::test {

class CaptureSink final : public vm::OutputSink {
public:
    void write(std::string_view text) override {
        std::lock_guard lock(mutex_);
        text_ += text;
    }
    std::string text() {
        std::lock_guard lock(mutex_);
        return text_;
    }

private:
    std::mutex mutex_;
    std::string text_;
};

}  // namespace ark::test
