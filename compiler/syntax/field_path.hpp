// The names of a field path `a.b.c` (and a renamed capture's written name):
// a vector of strings that costs one pointer in the node when empty, which
// nearly every node is. Sexp holds one; at 1.5 million nodes (a chain of a
// thousand imported files) the 16 bytes it saves over std::vector are 24 MB.
#pragma once
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ark::syntax {

class FieldPath {
public:
    using Parts = std::vector<std::string>;

    FieldPath() = default;
    FieldPath(const FieldPath& other) : parts_(copy_of(other)) {}
    FieldPath(FieldPath&&) noexcept = default;
    FieldPath& operator=(const FieldPath& other) {
        if (this != &other) parts_ = copy_of(other);
        return *this;
    }
    FieldPath& operator=(FieldPath&&) noexcept = default;

    size_t size() const { return parts_ ? parts_->size() : 0; }
    bool empty() const { return size() == 0; }
    const std::string& operator[](size_t i) const { return (*parts_)[i]; }
    std::string& operator[](size_t i) { return (*parts_)[i]; }
    const std::string& front() const { return parts_->front(); }
    const std::string& back() const { return parts_->back(); }
    // The parts as a vector (an empty one when there are none).
    const Parts& parts() const { return parts_ ? *parts_ : kNone; }

    Parts::const_iterator begin() const { return parts().begin(); }
    Parts::const_iterator end() const { return parts().end(); }
    Parts::const_reverse_iterator rbegin() const { return parts().rbegin(); }
    Parts::const_reverse_iterator rend() const { return parts().rend(); }

    template <class... Args>
    std::string& emplace_back(Args&&... args) {
        return own().emplace_back(std::forward<Args>(args)...);
    }
    void push_back(std::string part) { own().push_back(std::move(part)); }

    bool operator==(const FieldPath& other) const { return parts() == other.parts(); }

private:
    static std::unique_ptr<Parts> copy_of(const FieldPath& other) {
        return other.parts_ ? std::make_unique<Parts>(*other.parts_) : nullptr;
    }
    Parts& own() {
        if (!parts_) parts_ = std::make_unique<Parts>();
        return *parts_;
    }
    inline static const Parts kNone;
    std::unique_ptr<Parts> parts_;
};

}  // namespace ark::syntax
