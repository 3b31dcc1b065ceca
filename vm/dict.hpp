// Dicts (ArkScript 4.x, LANGUAGE-4.8 §5.1): hash tables from any value to any
// value that keep insertion order.
//
// A dict is the one shared mutable value of the language: assigning it,
// passing it to a function or to `async` shares the object, and a change made
// through one name is seen through every other (lists and strings keep value
// semantics). So a DictObject can be reached from several threads at once and
// every access takes its mutex.
//
// Keys are hashed on their contents (value_hash, compare.hpp): equal values
// are the same key. Comparing two keys may have to look inside other dicts
// (a list key holding a dict, a dict key), which takes their locks; so keys
// that can hold a dict (lists, closures, dicts) are never compared while this
// dict's lock is held: a lookup copies the candidate keys out, compares them
// unlocked, and acts only if the table did not change meanwhile (generation).
// No two dict locks are ever held at once, so no lock order can deadlock.
//
// The table itself (DictTable) is a plain copyable value: a snapshot of it
// (printing, comparing, keys) is taken under the lock and used without it.
#pragma once
#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

#include "value.hpp"

namespace ark::vm {

// Open addressing with linear probing over indexes into an insertion-ordered
// vector of entries (removal leaves a hole, refilled when holes outnumber the
// entries), so lookups are O(1) on average and iteration follows insertion.
class DictTable {
public:
    struct Entry {
        Value key;  // Tag::Unbound: a removed entry (a hole)
        Value value;
        uint64_t hash = 0;
    };
    static constexpr size_t npos = static_cast<size_t>(-1);

    size_t size() const { return live_; }
    // Entries in insertion order, holes included (skip !is_live).
    const std::vector<Entry>& entries() const { return entries_; }
    static bool is_live(const Entry& e) { return !e.key.is(Tag::Unbound); }

    // The entry whose key has `hash` and satisfies `same_key`, or npos.
    template <typename SameKey>
    size_t find(uint64_t hash, SameKey&& same_key) const {
        if (slots_.empty()) return npos;
        const size_t mask = slots_.size() - 1;
        for (size_t i = hash & mask;; i = (i + 1) & mask) {
            const uint32_t slot = slots_[i];
            if (slot == kEmpty) return npos;
            if (slot != kRemoved) {
                const Entry& e = entries_[slot - kFirstEntry];
                if (e.hash == hash && same_key(e.key)) return slot - kFirstEntry;
            }
        }
    }
    // Indexes of the entries whose key has `hash` (the candidates find would test).
    void candidates(uint64_t hash, std::vector<size_t>& out) const;

    Value& value_at(size_t index) { return entries_[index].value; }
    const Value& value_at(size_t index) const { return entries_[index].value; }

    // The bytes the table's storage holds (for the allocation budget).
    size_t heap_bytes() const { return entries_.capacity() * sizeof(Entry) + slots_.capacity() * sizeof(uint32_t); }

    // Adds an entry for a key the table does not hold.
    void insert(Value key, Value value, uint64_t hash);
    // Removes entry `index`; gives back its key and value, for the caller to
    // release (after unlocking: freeing them may free other objects).
    Entry remove_at(size_t index);

private:
    static constexpr uint32_t kEmpty = 0, kRemoved = 1, kFirstEntry = 2;  // slot = entry index + kFirstEntry
    void rebuild(size_t slot_count);  // drops the holes, re-slots every entry

    std::vector<Entry> entries_;
    std::vector<uint32_t> slots_;  // a power of two in size, always with an empty slot
    size_t live_ = 0;
    size_t holes_ = 0;          // removed entries still in entries_
    size_t removed_slots_ = 0;  // kRemoved slots
};

struct DictObject final : Object {
    DictObject() : Object(ObjKind::Dict) { charged = charge_new(heap_bytes()); }
    // The object and its table; recharged under the lock after every insert or removal.
    size_t heap_bytes() const { return sizeof(DictObject) + table.heap_bytes(); }
    std::mutex mutex;
    DictTable table;                  // guarded by mutex
    uint64_t generation = 0;          // guarded by mutex; +1 when a key is added or removed
    std::atomic<uint32_t> count{0};   // table.size(), readable without the lock (len, truthiness)
};

inline DictObject& as_dict(const Value& v) { return *static_cast<DictObject*>(v.as_object()); }

Value make_dict();
// The value stored under `key`, or nil.
Value dict_get(const Value& dict, const Value& key);
bool dict_contains(const Value& dict, const Value& key);
// Adds the key or replaces its value.
void dict_set(const Value& dict, Value key, Value value);
// Whether the key was there.
bool dict_remove(const Value& dict, const Value& key);
// The keys in insertion order.
std::vector<Value> dict_keys(const Value& dict);
// A copy of the table, taken under the lock.
DictTable dict_snapshot(const Value& dict);

}  // namespace ark::vm
