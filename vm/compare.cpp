// §5.3 equality and ordering. Closure environments are shared between threads:
// each one is locked alone, only long enough to copy its fields, so comparing
// two closures never holds two locks at once (no lock-order deadlock).
#include "compare.hpp"

#include <algorithm>
#include <cstring>
#include <mutex>
#include <utility>
#include <vector>

#include "errors.hpp"

namespace ark::vm {

namespace {

// Closure environments may form cycles; two distinct cyclic structures would
// otherwise be compared forever.
constexpr int kMaxClosureDepth = 256;
thread_local int closure_depth = 0;

struct DepthGuard {
    DepthGuard() {
        if (++closure_depth > kMaxClosureDepth) {
            --closure_depth;
            raise("VMError", "Maximum recursion depth exceeded while comparing closures");
        }
    }
    ~DepthGuard() { --closure_depth; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
};

std::vector<std::pair<uint32_t, Value>> copy_fields(const ClosureObject& c) {
    if (!c.env) return {};
    std::lock_guard lock(c.env->mutex);
    return c.env->fields;
}

bool closures_equal(const ClosureObject& a, const ClosureObject& b) {
    if (a.page != b.page) return false;
    if (a.env == b.env) return true;
    auto fa = copy_fields(a);
    auto fb = copy_fields(b);
    if (fa.size() != fb.size()) return false;
    DepthGuard guard;
    for (size_t i = 0; i < fa.size(); ++i) {
        if (fa[i].first != fb[i].first || !values_equal(fa[i].second, fb[i].second)) return false;
    }
    return true;
}

bool string_less(const std::string& a, const std::string& b) {
    size_t n = std::min(a.size(), b.size());
    int c = n == 0 ? 0 : std::memcmp(a.data(), b.data(), n);  // memcmp compares unsigned bytes
    return c < 0 || (c == 0 && a.size() < b.size());
}

}  // namespace

bool values_equal(const Value& a, const Value& b) {
    if (a.tag() != b.tag()) return false;
    switch (a.tag()) {
        case Tag::Number: return a.as_number() == b.as_number();
        case Tag::String: return a.as_object() == b.as_object() || a.as_string() == b.as_string();
        case Tag::List: {
            const auto& la = a.as_list();
            const auto& lb = b.as_list();
            if (la.size() != lb.size()) return false;
            for (size_t i = 0; i < la.size(); ++i) {
                if (!values_equal(la[i], lb[i])) return false;
            }
            return true;
        }
        case Tag::Function:
        case Tag::CProc: return a.as_id() == b.as_id();
        case Tag::Closure:
            if (a.as_object() == b.as_object()) return true;
            return closures_equal(*static_cast<const ClosureObject*>(a.as_object()),
                                  *static_cast<const ClosureObject*>(b.as_object()));
        case Tag::UserType: return a.as_object() == b.as_object();
        case Tag::Nil:
        case Tag::True:
        case Tag::False:
        case Tag::Undefined:
        case Tag::Unbound: return true;
    }
    return false;
}

bool value_less(const Value& a, const Value& b) {
    if (a.tag() != b.tag()) return static_cast<uint8_t>(a.tag()) < static_cast<uint8_t>(b.tag());
    switch (a.tag()) {
        case Tag::Number: return a.as_number() < b.as_number();
        case Tag::String: return string_less(a.as_string(), b.as_string());
        case Tag::List: {
            const auto& la = a.as_list();
            const auto& lb = b.as_list();
            size_t n = std::min(la.size(), lb.size());
            for (size_t i = 0; i < n; ++i) {
                if (values_equal(la[i], lb[i])) continue;
                return value_less(la[i], lb[i]);
            }
            return la.size() < lb.size();
        }
        case Tag::Function:
        case Tag::CProc: return a.as_id() < b.as_id();
        case Tag::Closure:
            return static_cast<const ClosureObject*>(a.as_object())->page <
                   static_cast<const ClosureObject*>(b.as_object())->page;
        default: return false;  // user types, nil, booleans, undefined: never less than their own kind
    }
}

}  // namespace ark::vm
