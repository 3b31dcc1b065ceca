// §5.3 equality and ordering. Closure environments and dicts are shared between
// threads: each one is locked alone, only long enough to copy its fields or
// entries, so comparing never holds two locks at once (no lock-order deadlock).
#include "compare.hpp"

#include <algorithm>
#include <cstring>
#include <functional>
#include <string_view>
#include <unordered_set>
#include <mutex>
#include <utility>
#include <vector>

#include "dict.hpp"
#include "errors.hpp"
#include "small_stack.hpp"

namespace ark::vm {

namespace {

// Closure environments may form cycles; two distinct cyclic structures would
// otherwise be compared forever. Dicts used as keys of dicts recurse too.
constexpr int kMaxComparedClosureDepth = 256;
thread_local int closure_depth = 0;

struct DepthGuard {
    DepthGuard() {
        if (++closure_depth > kMaxComparedClosureDepth) {
            --closure_depth;
            raise(ErrorKind::RecursionDepth, "Maximum recursion depth exceeded while comparing closures or dict keys");
        }
    }
    ~DepthGuard() { --closure_depth; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
};

std::vector<ClosureField> copy_fields(const ClosureObject& c) {
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
        if (fa[i].symbol != fb[i].symbol || fa[i].name != fb[i].name || !values_equal(fa[i].value, fb[i].value))
            return false;
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
        case Tag::List: return values_equal(a, b);  // unreachable: values_equal walks lists
        case Tag::Function:
        case Tag::CProc: return a.as_id() == b.as_id();
        case Tag::Closure:
            if (a.as_object() == b.as_object()) return true;
            return closures_equal(*static_cast<const ClosureObject*>(a.as_object()),
                                  *static_cast<const ClosureObject*>(b.as_object()));
        case Tag::UserType: return a.as_object() == b.as_object();
        case Tag::Dict: return values_equal(a, b);  // unreachable: values_equal walks dicts
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

// Where two values first differ, walking lists and dicts in step depth first.
// Lists and dicts nest as deep as a program builds them, so the walk keeps its
// own stack of open pairs instead of recursing (only closures, and dict keys
// that share a hash with other keys, recurse, DepthGuard-bounded).
struct FirstDifference {
    bool found = false;  // false: the values are equal
    Value a, b;          // the first differing pair (never two lists)...
    bool pair = false;   // ...when true; else two lists of different lengths
    bool a_ran_out = false;
    bool in_dict = false;  // found inside two dicts, which are not ordered
};

// Keys of two dicts: equal keys are the same key, so this is `=` again, one
// level of C++ recursion per dict nested in a key.
bool keys_equal(const Value& a, const Value& b) {
    if (a.tag() != b.tag()) return false;
    if (a.is(Tag::String)) return a.as_string() == b.as_string();
    if (a.is_number()) return a.as_number() == b.as_number();
    DepthGuard guard;
    return values_equal(a, b);
}

struct PairHash {
    size_t operator()(const std::pair<const Object*, const Object*>& p) const {
        return std::hash<const void*>{}(p.first) * 31 + std::hash<const void*>{}(p.second);
    }
};

class Walk {
public:
    FirstDifference run(const Value& a, const Value& b) {
        pa_ = &a;
        ea_ = pa_ + 1;
        pb_ = &b;
        eb_ = pb_ + 1;
        for (;;) {
            if (pa_ == ea_ || pb_ == eb_) {
                if ((pa_ == ea_) != (pb_ == eb_)) return differ({}, {}, false, pa_ == ea_);
                if (!close()) return {};
                continue;
            }
            const Value& x = *pa_++;
            const Value& y = *pb_++;
            if (x.tag() != y.tag()) return differ(x, y);
            if (x.is_number()) {  // the common case, inline
                if (x.as_number() != y.as_number()) return differ(x, y);
                continue;
            }
            if (x.is(Tag::List)) {
                open(x.as_list().data(), x.as_list().size(), y.as_list().data(), y.as_list().size(), false);
                continue;
            }
            if (x.is(Tag::Dict)) {
                if (!open_dicts(x, y)) return differ(x, y);
                continue;
            }
            if (!leaves_equal(x, y)) return differ(x, y);
        }
    }

private:
    using ObjectPair = std::pair<const Object*, const Object*>;
    // The rest of an open pair of sequences: [next, end) of each.
    struct Open {
        const Value* next_a;
        const Value* end_a;
        const Value* next_b;
        const Value* end_b;
        bool dicts;  // the sequence being walked is the top of dicts_
    };
    // What two dicts being compared must have equal, owned here while the
    // walk is inside them: the a side, then the b side.
    struct OpenDicts {
        std::vector<Value> values;
        ObjectPair objects;
    };

    FirstDifference differ(const Value& x, const Value& y, bool pair = true, bool a_ran_out = false) const {
        return {true, x, y, pair, a_ran_out, !dicts_.empty()};
    }

    void open(const Value* a, size_t na, const Value* b, size_t nb, bool dicts) {
        enclosing_.push({pa_, ea_, pb_, eb_, current_dicts_});
        pa_ = a;
        ea_ = a + na;
        pb_ = b;
        eb_ = b + nb;
        current_dicts_ = dicts;
    }

    // Back to the enclosing pair; false when there is none.
    bool close() {
        if (current_dicts_) {
            const ObjectPair objects = dicts_.back().objects;
            comparing_.erase(objects);
            equal_.insert(objects);  // a DAG of dicts compares each pair once
            dicts_.pop_back();       // moving the vectors kept the others' elements in place
        }
        if (enclosing_.empty()) return false;
        const Open outer = enclosing_.pop();
        pa_ = outer.next_a;
        ea_ = outer.end_a;
        pb_ = outer.next_b;
        eb_ = outer.end_b;
        current_dicts_ = outer.dicts;
        return true;
    }

    // Two dicts are equal when they have the same keys and equal values under
    // each. A key of `x` whose hash only one key of `y` has is matched with
    // that key by the walk itself (pushed as a pair to compare, as the values
    // are), so keys nest as deep as values without C++ recursion; a key whose
    // hash several keys share (dicts as keys) is matched by keys_equal here.
    // False when some key has no match. Dicts may contain themselves: a pair
    // already being compared further up counts as equal (the walk decides).
    bool open_dicts(const Value& x, const Value& y) {
        const ObjectPair objects{x.as_object(), y.as_object()};
        if (objects.first == objects.second || comparing_.contains(objects) || equal_.contains(objects)) return true;
        const DictTable a = dict_snapshot(x);
        const DictTable b = dict_snapshot(y);
        if (a.size() != b.size()) return false;
        std::vector<Value> left, right;
        left.reserve(a.size());
        right.reserve(a.size());
        std::vector<size_t> candidates;
        for (const DictTable::Entry& e : a.entries()) {
            if (!DictTable::is_live(e)) continue;
            candidates.clear();
            b.candidates(e.hash, candidates);
            size_t at;
            if (candidates.size() == 1) {
                at = candidates[0];
                const Value& other = b.entries()[at].key;
                if (e.key.is(Tag::List) || e.key.is(Tag::Dict)) {
                    left.push_back(e.key);
                    right.push_back(other);
                } else if (!leaves_equal(e.key, other)) {
                    return false;
                }
            } else {
                at = b.find(e.hash, [&](const Value& k) { return keys_equal(e.key, k); });
                if (at == DictTable::npos) return false;
            }
            left.push_back(e.value);
            right.push_back(b.value_at(at));
        }
        const size_t n = left.size();
        for (Value& v : right) left.push_back(std::move(v));
        comparing_.insert(objects);
        dicts_.push_back({std::move(left), objects});
        const Value* values = dicts_.back().values.data();
        open(values, n, values + n, n, true);
        return true;
    }

    SmallStack<Open, 16> enclosing_;
    const Value* pa_ = nullptr;
    const Value* ea_ = nullptr;
    const Value* pb_ = nullptr;
    const Value* eb_ = nullptr;
    bool current_dicts_ = false;
    std::vector<OpenDicts> dicts_;
    std::unordered_set<ObjectPair, PairHash> comparing_;  // the pairs of dicts_
    std::unordered_set<ObjectPair, PairHash> equal_;      // pairs found equal
};

FirstDifference first_difference(const Value& a, const Value& b) { return Walk().run(a, b); }

}  // namespace

bool values_equal(const Value& a, const Value& b) {
    if (a.tag() != b.tag()) return false;
    if (!a.is(Tag::List) && !a.is(Tag::Dict)) return leaves_equal(a, b);
    return !first_difference(a, b).found;
}

bool value_less(const Value& a, const Value& b) {
    if (a.tag() != b.tag()) return static_cast<uint8_t>(a.tag()) < static_cast<uint8_t>(b.tag());
    if (!a.is(Tag::List)) return leaf_less(a, b);
    // Lexicographic: the first differing elements decide, else the shorter list is less.
    const FirstDifference d = first_difference(a, b);
    if (!d.found) return false;
    if (d.in_dict) return false;  // dicts are not ordered, nor what they hold
    if (!d.pair) return d.a_ran_out;
    return value_less(d.a, d.b);  // not two lists: one level at most
}

namespace {

// splitmix64's finalizer: every input bit reaches every output bit, which
// linear probing (dict.cpp) needs from hashes of small integers.
uint64_t mix(uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

uint64_t combine(uint64_t seed, uint64_t h) { return mix(seed ^ (h + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2))); }

uint64_t leaf_hash(const Value& v) {
    const uint64_t kind = static_cast<uint64_t>(v.tag()) << 56;
    switch (v.tag()) {
        case Tag::Number: {
            const double d = v.as_number() == 0 ? 0.0 : v.as_number();  // 0 = -0
            uint64_t bits;
            std::memcpy(&bits, &d, sizeof bits);
            return mix(bits);
        }
        case Tag::String: return std::hash<std::string_view>{}(v.as_string());
        case Tag::Function:
        case Tag::CProc: return mix(kind | v.as_id());
        case Tag::Closure: return mix(kind | static_cast<const ClosureObject*>(v.as_object())->page);
        case Tag::UserType: return mix(reinterpret_cast<uintptr_t>(v.as_object()));
        default: return mix(kind);  // dicts, nil, booleans, undefined
    }
}

}  // namespace

uint64_t value_hash(const Value& v) {
    if (!v.is(Tag::List)) return leaf_hash(v);
    // Lists nest as deep as a program builds them: an explicit stack again.
    struct Open {
        const std::vector<Value>* items;
        size_t next;
    };
    SmallStack<Open, 16> enclosing;
    const std::vector<Value>* items = &v.as_list();
    size_t next = 0;
    uint64_t h = mix(static_cast<uint64_t>(Tag::List) << 56);
    for (;;) {
        if (next == items->size()) {
            h = combine(h, items->size());  // [[1] 2] and [[1 2]] differ
            if (enclosing.empty()) return h;
            const Open outer = enclosing.pop();
            items = outer.items;
            next = outer.next;
            continue;
        }
        const Value& item = (*items)[next++];
        if (item.is(Tag::List)) {
            enclosing.push({items, next});
            items = &item.as_list();
            next = 0;
            continue;
        }
        h = combine(h, leaf_hash(item));
    }
}

}  // namespace ark::vm
