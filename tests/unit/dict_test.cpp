// vm/dict: the table (order, removal, growth), key equality through value_hash,
// values nested deeper than any C++ stack could recurse, and concurrent use
// of shared dicts (run under ThreadSanitizer in CI with the rest of the suite).
#include <catch2/catch.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "compare.hpp"
#include "dict.hpp"
#include "printer.hpp"

using namespace ark::vm;

namespace {

const Program& program() {
    static const Program p;
    return p;
}

Value num(double d) { return Value::number(d); }
Value str(const std::string& s) { return Value::string(s); }
std::string show(const Value& v) { return to_display(v, program()); }

}  // namespace

TEST_CASE("dict: insertion order survives removals, growth and compaction", "[vm][dict]") {
    Value d = make_dict();
    for (int i = 0; i < 1000; ++i) dict_set(d, num(i), num(i * 2));
    CHECK(dict_size(d) == 1000);
    for (int i = 0; i < 1000; i += 2) CHECK(dict_remove(d, num(i)));
    CHECK_FALSE(dict_remove(d, num(0)));
    CHECK(dict_size(d) == 500);
    dict_set(d, num(0), str("back"));  // a removed key comes back last
    const std::vector<Value> keys = dict_keys(d);
    REQUIRE(keys.size() == 501);
    for (size_t i = 0; i < 500; ++i) CHECK(keys[i].as_number() == static_cast<double>(2 * i + 1));
    CHECK(keys.back().as_number() == 0);
    CHECK(show(dict_get(d, num(999))) == "1998");
    CHECK(show(dict_get(d, num(998))) == "nil");
    CHECK(show(dict_get(d, num(0))) == "back");
    // Replacing a value keeps the key's place.
    dict_set(d, num(1), str("one"));
    CHECK(dict_keys(d).front().as_number() == 1);
    CHECK(show(dict_get(d, num(1))) == "one");
}

TEST_CASE("dict: equal values are the same key", "[vm][dict]") {
    CHECK(value_hash(num(0)) == value_hash(num(-0.0)));
    CHECK(value_hash(str("abc")) == value_hash(str(std::string("ab") + "c")));
    const Value nested = Value::list({num(1), Value::list({str("x"), Value::nil()})});
    const Value same = Value::list({num(1), Value::list({str("x"), Value::nil()})});
    CHECK(value_hash(nested) == value_hash(same));
    // Lists of the same leaves nested differently are different keys.
    CHECK(value_hash(Value::list({Value::list({num(1)}), num(2)})) != value_hash(Value::list({Value::list({num(1), num(2)})})));
    Value d = make_dict();
    dict_set(d, nested, str("found"));
    CHECK(show(dict_get(d, same)) == "found");
    // A dict key is found by an equal dict, whatever its insertion order.
    Value key = make_dict();
    dict_set(key, str("a"), num(1));
    dict_set(key, str("b"), num(2));
    Value equal_key = make_dict();
    dict_set(equal_key, str("b"), num(2));
    dict_set(equal_key, str("a"), num(1));
    dict_set(d, key, str("by dict"));
    CHECK(show(dict_get(d, equal_key)) == "by dict");
    CHECK(dict_contains(d, Value::list({key})) == false);
}

TEST_CASE("dict: nesting deeper than the C++ stack allows", "[vm][dict]") {
    // Built by a loop, as a program would: freeing, printing, hashing and
    // comparing must not recurse once per level.
    constexpr int kDepth = 100000;
    Value a = make_dict();
    Value b = make_dict();
    for (int i = 0; i < kDepth; ++i) {
        Value outer_a = make_dict();
        dict_set(outer_a, str("x"), Value::list({a}));
        a = outer_a;
        Value outer_b = make_dict();
        dict_set(outer_b, str("x"), Value::list({b}));
        b = outer_b;
    }
    CHECK(values_equal(a, b));
    const std::string text = show(a);
    CHECK(text.size() == static_cast<size_t>(kDepth) * 7 + 2);  // "{x: [" ... "]}" around "{}"
    CHECK(text.substr(0, 12) == "{x: [{x: [{x");
    const Value key = Value::list({a});
    CHECK(value_hash(key) == value_hash(Value::list({b})));
    a = Value();  // freed here, one level at a time
    b = Value();
}

TEST_CASE("dict: keys nested deep, and dicts shared inside dicts, compare in linear time", "[vm][dict]") {
    // A key holding the previous dict: keys are matched by the walk, not by recursion.
    constexpr int kDepth = 100000;
    Value a = make_dict();
    Value b = make_dict();
    for (int i = 0; i < kDepth; ++i) {
        Value outer_a = make_dict();
        dict_set(outer_a, Value::list({a, str("k")}), num(i));
        a = outer_a;
        Value outer_b = make_dict();
        dict_set(outer_b, Value::list({b, str("k")}), num(i));
        b = outer_b;
    }
    CHECK(values_equal(a, b));
    Value c = make_dict();
    dict_set(c, Value::list({b, str("k")}), num(kDepth));
    Value d = make_dict();
    dict_set(d, Value::list({a, str("other")}), num(kDepth));
    CHECK_FALSE(values_equal(c, d));
    // Each level holds the one below twice: 2^60 paths, 60 pairs to compare.
    Value x = make_dict();
    Value y = make_dict();
    for (int i = 0; i < 60; ++i) {
        Value outer_x = make_dict();
        dict_set(outer_x, str("left"), x);
        dict_set(outer_x, str("right"), x);
        x = outer_x;
        Value outer_y = make_dict();
        dict_set(outer_y, str("left"), y);
        dict_set(outer_y, str("right"), y);
        y = outer_y;
    }
    CHECK(values_equal(x, y));
}

TEST_CASE("dict: a dict that holds itself prints and compares", "[vm][dict]") {
    Value a = make_dict();
    dict_set(a, str("self"), a);
    Value b = make_dict();
    dict_set(b, str("self"), b);
    CHECK(show(a) == "{self: {...}}");
    CHECK(values_equal(a, b));
    dict_set(b, str("more"), num(1));
    CHECK_FALSE(values_equal(a, b));
    dict_remove(a, str("self"));  // break the cycles: reference counts do not collect them
    dict_remove(b, str("self"));
}

TEST_CASE("dict: shared between threads", "[vm][dict]") {
    Value shared = make_dict();
    constexpr int kThreads = 4, kKeys = 2000;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([shared, t] {
            for (int i = 0; i < kKeys; ++i) {
                // Keys of every kind of lookup: plain numbers, and lists (compared outside the lock).
                dict_set(shared, num(t * kKeys + i), num(i));
                dict_set(shared, Value::list({num(t), num(i)}), num(i));
                if (i % 3 == 0) dict_remove(shared, num(t * kKeys + i));
                (void)dict_get(shared, Value::list({num((t + 1) % kThreads), num(i)}));
                if (i % 500 == 0) (void)show(shared);  // printing copies the entries under the lock
            }
        });
    }
    for (auto& th : threads) th.join();
    const int removed_per_thread = (kKeys + 2) / 3;
    CHECK(dict_size(shared) == static_cast<uint32_t>(kThreads * (2 * kKeys - removed_per_thread)));
    for (int t = 0; t < kThreads; ++t) CHECK(show(dict_get(shared, Value::list({num(t), num(kKeys - 1)}))) == "1999");
}

TEST_CASE("dict: two dicts keyed by each other from two threads never deadlock", "[vm][dict]") {
    // A lookup compares dict keys outside its own lock (dict.hpp): with the
    // lock held, thread 1 (in a, comparing b's contents) and thread 2 (in b,
    // comparing a's) would wait on each other.
    Value a = make_dict();
    Value b = make_dict();
    dict_set(a, b, str("b in a"));
    dict_set(b, a, str("a in b"));
    // Equal copies, so that finding them compares contents (the same object would match at once).
    Value b2 = make_dict();
    dict_set(b2, a, str("a in b"));
    Value a2 = make_dict();
    dict_set(a2, b, str("b in a"));
    // (Catch's assertions are not thread-safe: the threads count, the test checks.)
    std::atomic<int> found{0};
    std::thread one([a, b2, &found] {
        for (int i = 0; i < 2000; ++i) found += show(dict_get(a, b2)) == "b in a";
    });
    std::thread two([b, a2, &found] {
        for (int i = 0; i < 2000; ++i) found += show(dict_get(b, a2)) == "a in b";
    });
    one.join();
    two.join();
    CHECK(found == 4000);
    dict_remove(a, b);  // break the cycles
    dict_remove(b, a);
}
