// Dicts: the table and the thread-safe operations over a DictObject (dict.hpp
// explains the locking).
#include "dict.hpp"

#include <algorithm>
#include <new>
#include <utility>

#include "compare.hpp"

namespace ark::vm {

uint32_t dict_size(const Value& dict) { return as_dict(dict).count.load(std::memory_order_relaxed); }

// --- DictTable

void DictTable::candidates(uint64_t hash, std::vector<size_t>& out) const {
    if (slots_.empty()) return;
    const size_t mask = slots_.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        const uint32_t slot = slots_[i];
        if (slot == kEmpty) return;
        if (slot != kRemoved && entries_[slot - kFirstEntry].hash == hash) out.push_back(slot - kFirstEntry);
    }
}

// Allocates before it changes anything: a refused allocation (a lens run's
// memory cap, a MemoryError) leaves the table as it was.
void DictTable::rebuild(size_t slot_count) {
    std::vector<uint32_t> slots(slot_count, kEmpty);
    if (holes_ > 0) {
        std::erase_if(entries_, [](const Entry& e) { return !is_live(e); });
        holes_ = 0;
    }
    const size_t mask = slot_count - 1;
    for (size_t index = 0; index < entries_.size(); ++index) {
        size_t i = entries_[index].hash & mask;
        while (slots[i] != kEmpty) i = (i + 1) & mask;
        slots[i] = static_cast<uint32_t>(index + kFirstEntry);
    }
    slots_ = std::move(slots);
    removed_slots_ = 0;
}

void DictTable::insert(Value key, Value value, uint64_t hash) {
    // Keep the load (entries and removed slots) under 3/4, so probes stay short
    // and an empty slot always ends them.
    if ((live_ + removed_slots_ + 1) * 4 > slots_.size() * 3) {
        size_t slot_count = 8;
        while ((live_ + 1) * 2 > slot_count) slot_count *= 2;
        rebuild(slot_count);
    }
    const size_t mask = slots_.size() - 1;
    size_t i = hash & mask;
    while (slots_[i] != kEmpty && slots_[i] != kRemoved) i = (i + 1) & mask;
    entries_.push_back({std::move(key), std::move(value), hash});  // may throw: before the slot points at it
    if (slots_[i] == kRemoved) --removed_slots_;
    slots_[i] = static_cast<uint32_t>(entries_.size() - 1 + kFirstEntry);
    ++live_;
}

DictTable::Entry DictTable::remove_at(size_t index) {
    const size_t mask = slots_.size() - 1;
    size_t i = entries_[index].hash & mask;
    while (slots_[i] != index + kFirstEntry) i = (i + 1) & mask;
    slots_[i] = kRemoved;
    ++removed_slots_;
    Entry removed = std::move(entries_[index]);
    entries_[index].key = Value::unbound();
    entries_[index].value = Value();
    --live_;
    ++holes_;
    // Iteration and memory stay proportional to the live entries. Optional:
    // without memory for it, the holes stay until the next growth.
    if (holes_ > 8 && holes_ > live_) {
        try {
            rebuild(slots_.size());
        } catch (const std::bad_alloc&) {
        }
    }
    return removed;
}

// --- DictObject operations

namespace {

// Whether comparing `key` with another key may take a lock (dict.hpp): only
// values that can hold a dict or a closure environment.
bool compares_unlocked_only(const Value& key) {
    return key.is(Tag::List) || key.is(Tag::Closure) || key.is(Tag::Dict);
}

// Finds `key` and calls act(table, index or npos) under the lock, with the
// lock held; keys that may lock are compared outside it (dict.hpp).
template <typename Act>
auto with_entry(DictObject& dict, const Value& key, uint64_t hash, Act&& act) {
    if (!compares_unlocked_only(key)) {
        std::lock_guard lock(dict.mutex);
        return act(dict.table, dict.table.find(hash, [&](const Value& k) { return values_equal(key, k); }));
    }
    std::vector<size_t> indexes;
    std::vector<Value> keys;
    for (;;) {
        uint64_t generation;
        indexes.clear();
        keys.clear();
        {
            std::lock_guard lock(dict.mutex);
            dict.table.candidates(hash, indexes);
            for (size_t index : indexes) keys.push_back(dict.table.entries()[index].key);
            generation = dict.generation;
        }
        size_t found = DictTable::npos;
        for (size_t i = 0; i < keys.size() && found == DictTable::npos; ++i)
            if (values_equal(key, keys[i])) found = indexes[i];
        std::lock_guard lock(dict.mutex);
        if (dict.generation == generation) return act(dict.table, found);
        // A key was added or removed meanwhile: the candidates may be stale.
    }
}

}  // namespace

Value make_dict() { return Value::adopt(Tag::Dict, new DictObject()); }

Value dict_get(const Value& dict, const Value& key) {
    return with_entry(as_dict(dict), key, value_hash(key), [](const DictTable& table, size_t index) {
        return index == DictTable::npos ? Value() : table.value_at(index);
    });
}

bool dict_contains(const Value& dict, const Value& key) {
    return with_entry(as_dict(dict), key, value_hash(key),
                      [](const DictTable&, size_t index) { return index != DictTable::npos; });
}

void dict_set(const Value& dict, Value key, Value value) {
    DictObject& object = as_dict(dict);
    const uint64_t hash = value_hash(key);
    // The value replaced is released after the lock: freeing it may free a
    // dict (its destructor takes no lock, but keep the critical section short).
    Value replaced = with_entry(object, key, hash, [&](DictTable& table, size_t index) {
        if (index != DictTable::npos) return std::exchange(table.value_at(index), std::move(value));
        ++object.generation;  // first: a failed insert may have moved the entries already
        table.insert(std::move(key), std::move(value), hash);
        object.count.store(static_cast<uint32_t>(table.size()), std::memory_order_relaxed);
        recharge(object.charged, object.heap_bytes());  // may throw: the entry stays, charged
        return Value();
    });
}

bool dict_remove(const Value& dict, const Value& key) {
    DictObject& object = as_dict(dict);
    DictTable::Entry removed;  // released after the lock
    const bool found = with_entry(object, key, value_hash(key), [&](DictTable& table, size_t index) {
        if (index == DictTable::npos) return false;
        ++object.generation;
        removed = table.remove_at(index);
        object.count.store(static_cast<uint32_t>(table.size()), std::memory_order_relaxed);
        recharge(object.charged, object.heap_bytes());  // a rebuild may have shrunk it: never throws
        return true;
    });
    return found;
}

std::vector<Value> dict_keys(const Value& dict) {
    DictObject& object = as_dict(dict);
    std::vector<Value> keys;
    std::lock_guard lock(object.mutex);
    keys.reserve(object.table.size());
    for (const DictTable::Entry& e : object.table.entries())
        if (DictTable::is_live(e)) keys.push_back(e.key);
    return keys;
}

DictTable dict_snapshot(const Value& dict) {
    DictObject& object = as_dict(dict);
    std::lock_guard lock(object.mutex);
    return object.table;
}

}  // namespace ark::vm
