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
#include "small_stack.hpp"

namespace ark::vm {

namespace {

// Closure environments may form cycles; two distinct cyclic structures would
// otherwise be compared forever.
constexpr int kMaxComparedClosureDepth = 256;
thread_local int closure_depth = 0;

struct DepthGuard {
    DepthGuard() {
        if (++closure_depth > kMaxComparedClosureDepth) {
            --closure_depth;
            raise(ErrorKind::RecursionDepth, "Maximum recursion depth exceeded while comparing closures");
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


// Equality of two values of which at most one is a list.
bool leaves_equal(const Value& a, const Value& b) {
    if (a.tag() != b.tag()) return false;
    switch (a.tag()) {
        case Tag::Number: return a.as_number() == b.as_number();
        case Tag::String: return a.as_object() == b.as_object() || a.as_string() == b.as_string();
        case Tag::List: return false;  // unreachable: the tags are equal and not both lists
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

// `<` of two values of the same kind, not lists.
bool leaf_less(const Value& a, const Value& b) {
    switch (a.tag()) {
        case Tag::Number: return a.as_number() < b.as_number();
        case Tag::String: return string_less(a.as_string(), b.as_string());
        case Tag::Function:
        case Tag::CProc: return a.as_id() < b.as_id();
        case Tag::Closure:
            return static_cast<const ClosureObject*>(a.as_object())->page <
                   static_cast<const ClosureObject*>(b.as_object())->page;
        default: return false;  // user types, nil, booleans, undefined: never less than their own kind
    }
}

// Where two lists first differ, walking both in step depth first. Lists nest
// as deep as a program builds them, so the walk keeps its own stack of open
// list pairs instead of recursing (only closures recurse, DepthGuard-bounded).
struct FirstDifference {
    bool found = false;        // false: the lists are equal
    const Value* a = nullptr;  // the first differing pair (never two lists)...
    const Value* b = nullptr;
    bool a_ran_out = false;    // ...or, when a and b are null, two lists of different lengths
};

FirstDifference first_difference(const Value& a, const Value& b) {
    // The rest of an open pair of lists: [next, end) of each.
    struct Open {
        const Value* next_a;
        const Value* end_a;
        const Value* next_b;
        const Value* end_b;
    };
    SmallStack<Open, 16> enclosing;
    const Value* pa = a.as_list().data();
    const Value* ea = pa + a.as_list().size();
    const Value* pb = b.as_list().data();
    const Value* eb = pb + b.as_list().size();
    for (;;) {
        if (pa == ea || pb == eb) {
            if ((pa == ea) != (pb == eb)) return {true, nullptr, nullptr, pa == ea};
            if (enclosing.empty()) return {};
            const Open outer = enclosing.pop();
            pa = outer.next_a;
            ea = outer.end_a;
            pb = outer.next_b;
            eb = outer.end_b;
            continue;
        }
        const Value& x = *pa++;
        const Value& y = *pb++;
        if (x.tag() != y.tag()) return {true, &x, &y, false};
        if (x.is_number()) {  // the common case, inline
            if (x.as_number() != y.as_number()) return {true, &x, &y, false};
            continue;
        }
        if (x.is(Tag::List)) {
            enclosing.push({pa, ea, pb, eb});
            pa = x.as_list().data();
            ea = pa + x.as_list().size();
            pb = y.as_list().data();
            eb = pb + y.as_list().size();
            continue;
        }
        if (!leaves_equal(x, y)) return {true, &x, &y, false};
    }
}

}  // namespace

bool values_equal(const Value& a, const Value& b) {
    if (a.tag() != b.tag()) return false;
    if (!a.is(Tag::List)) return leaves_equal(a, b);
    return !first_difference(a, b).found;
}

bool value_less(const Value& a, const Value& b) {
    if (a.tag() != b.tag()) return static_cast<uint8_t>(a.tag()) < static_cast<uint8_t>(b.tag());
    if (!a.is(Tag::List)) return leaf_less(a, b);
    // Lexicographic: the first differing elements decide, else the shorter list is less.
    const FirstDifference d = first_difference(a, b);
    if (!d.found) return false;
    if (!d.a) return d.a_ran_out;
    return value_less(*d.a, *d.b);  // not two lists: one level at most
}

}  // namespace ark::vm
