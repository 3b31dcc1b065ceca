// A vector whose first elements belong to another, immutable vector it
// shares: the symbol table of a file analysed on top of its imports' table
// (preamble.hpp) reads the imports' symbols, references, scopes and node
// facts in place instead of copying hundreds of thousands of them on every
// keystroke. Indices run across both parts, so an index taken from the shared
// part means the same element in every table built on it.
//
// Shared elements are read-only. Writing one through the non-const operator[]
// gives the table a private copy of that element (copy on write: the global
// scope's list of symbols grows with the file's own globals).
#pragma once
#include <cstddef>
#include <iterator>
#include <memory>
#include <unordered_map>
#include <vector>

namespace ark::analysis {

template <class T>
class Layered {
public:
    Layered() = default;
    // Starts empty on top of `base` (kept alive by the pointer).
    explicit Layered(std::shared_ptr<const Layered> base)
        : base_(std::move(base)), base_size_(base_ ? base_->size() : 0) {}

    size_t size() const { return base_size_ + own_.size(); }
    bool empty() const { return size() == 0; }
    size_t base_size() const { return base_size_; }

    const T& operator[](size_t i) const {
        if (i >= base_size_) return own_[i - base_size_];
        if (!copies_.empty())
            if (const auto found = copies_.find(i); found != copies_.end()) return found->second;
        return (*base_)[i];
    }
    T& operator[](size_t i) {
        if (i >= base_size_) return own_[i - base_size_];
        const auto [found, added] = copies_.try_emplace(i);
        if (added) found->second = (*base_)[i];
        return found->second;
    }
    const T& back() const { return (*this)[size() - 1]; }
    T& back() { return (*this)[size() - 1]; }

    void push_back(T value) { own_.push_back(std::move(value)); }
    void reserve(size_t n) { own_.reserve(n > base_size_ ? n - base_size_ : 0); }
    void shrink_to_fit() { own_.shrink_to_fit(); }
    // Replaces the own part with n copies of `value` after the shared part.
    void assign_own(size_t n, const T& value) { own_.assign(n, value); }
    // The elements this table added (indices base_size() and up).
    const std::vector<T>& own() const { return own_; }
    // Removes the elements from `index` (at least base_size()) on, and
    // returns them.
    std::vector<T> split_off(size_t index) {
        const auto from = own_.begin() + static_cast<std::ptrdiff_t>(index - base_size_);
        std::vector<T> tail(std::make_move_iterator(from), std::make_move_iterator(own_.end()));
        own_.erase(from, own_.end());
        return tail;
    }

    class const_iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using pointer = const T*;
        using reference = const T&;
        const_iterator(const Layered* v, size_t i) : v_(v), i_(i) {}
        reference operator*() const { return (*v_)[i_]; }
        pointer operator->() const { return &(*v_)[i_]; }
        const_iterator& operator++() {
            ++i_;
            return *this;
        }
        const_iterator operator++(int) {
            const_iterator before = *this;
            ++i_;
            return before;
        }
        bool operator==(const const_iterator& other) const { return i_ == other.i_; }

    private:
        const Layered* v_;
        size_t i_;
    };
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, size()}; }

private:
    std::shared_ptr<const Layered> base_;
    size_t base_size_ = 0;
    std::vector<T> own_;
    std::unordered_map<size_t, T> copies_;  // shared elements this table changed
};

}  // namespace ark::analysis
