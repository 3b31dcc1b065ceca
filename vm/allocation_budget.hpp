// The per-run allocation budget (MachineOptions::max_memory_bytes), charged
// by the VM's own heap objects as Lua charges its allocator: a string, list,
// closure, dict or future charges its bytes when it is made and when it grows
// in place, and gives them back when it is freed. An allocation that would
// take the run over its budget fails with std::bad_alloc, which the
// interpreter and the task pool raise as a MemoryError (ErrorKind::Memory) in
// the task that made it. Nothing else of the process is counted or refused:
// the host's own allocations, other runs, and every run with no budget
// (`ark run`, the REPL) pay one thread-local load and a branch per object.
//
// Which run: the one whose code this thread runs (`current_budget`, set by
// Machine::run() and by the task pool's workers, null without a budget). Each
// object records what it charged (Object::charged), so freeing it gives back
// exactly that, whichever of the run's threads frees it; an object made
// outside the run charged nothing and gives back nothing.
//
// What is not counted: temporaries a builtin builds before they become a
// value (bounded by the value they make, or checked first with check_room()
// when a size comes from the program), the run's stacks, and in-place growth
// until the growing operation ends (a string doubled by ADD_TO may overshoot
// the budget by its own size before the MemoryError).
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace ark::vm {

struct AllocationBudget {
    uint64_t limit = 0;            // 0: nothing is charged
    std::atomic<int64_t> used{0};  // bytes the run's live objects charged
};

inline thread_local AllocationBudget* current_budget = nullptr;

// The slow paths, taken only on a thread with a budget (allocation_budget.cpp).
size_t charge_slow(AllocationBudget& budget, size_t bytes);
void recharge_slow(AllocationBudget& budget, size_t& charged, size_t now);
void check_room_slow(const AllocationBudget& budget, size_t bytes);

// The bytes a new object charges: 0 without a budget; throws std::bad_alloc,
// charging nothing, when they do not fit.
inline size_t charge_new(size_t bytes) {
    AllocationBudget* budget = current_budget;
    if (budget == nullptr) [[likely]] return 0;
    return charge_slow(*budget, bytes);
}
// An object whose storage is now `now` bytes, having charged `charged`:
// charges or gives back the difference. Growth past the budget stays charged
// (the memory is held until the object is freed) and throws std::bad_alloc.
inline void recharge(size_t& charged, size_t now) {
    AllocationBudget* budget = current_budget;
    if (budget == nullptr) [[likely]] return;
    recharge_slow(*budget, charged, now);
}
// Gives back what a freed object charged. Never throws.
inline void credit(size_t charged) noexcept {
    AllocationBudget* budget = current_budget;
    if (budget != nullptr && charged != 0) [[unlikely]]
        budget->used.fetch_sub(static_cast<int64_t>(charged), std::memory_order_relaxed);
}
// Before a builtin allocates a size the program chose (list:fill): throws
// std::bad_alloc if `bytes` more would not fit, without touching the heap.
inline void check_room(size_t bytes) {
    if (AllocationBudget* budget = current_budget) [[unlikely]] check_room_slow(*budget, bytes);
}

// While it lives, this thread's objects charge `budget` (if it has a limit).
class BudgetScope {
public:
    explicit BudgetScope(AllocationBudget& budget)
        : outer_(current_budget) { current_budget = budget.limit != 0 ? &budget : nullptr; }
    ~BudgetScope() { current_budget = outer_; }
    BudgetScope(const BudgetScope&) = delete;
    BudgetScope& operator=(const BudgetScope&) = delete;

private:
    AllocationBudget* outer_;
};

}  // namespace ark::vm
