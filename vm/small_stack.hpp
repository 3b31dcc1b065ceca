// A stack for walks over nested values (printer.cpp, compare.cpp) that keeps
// its first N entries in place: a walk over the shallow values that are the
// common case allocates nothing, a deep one spills to the heap.
#pragma once
#include <cstddef>
#include <type_traits>
#include <vector>

namespace ark::vm {

template <typename T, size_t N>
class SmallStack {
    static_assert(std::is_trivially_copyable_v<T>);

public:
    bool empty() const { return size_ == 0; }
    void push(const T& entry) {
        if (size_ < N) fixed_[size_] = entry;
        else spilled_.push_back(entry);
        ++size_;
    }
    T pop() {
        --size_;
        if (size_ < N) return fixed_[size_];
        T entry = spilled_.back();
        spilled_.pop_back();
        return entry;
    }

private:
    T fixed_[N];
    size_t size_ = 0;
    std::vector<T> spilled_;
};

}  // namespace ark::vm
