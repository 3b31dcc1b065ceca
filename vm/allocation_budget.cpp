// The slow paths of the allocation budget (see allocation_budget.hpp).
#include "allocation_budget.hpp"

#include <exception>
#include <new>

namespace ark::vm {

namespace {

// Never while an exception is being handled (a catch block reporting the
// error) or unwinding (a destructor that throws would call std::terminate):
// reporting a MemoryError may itself make a value.
bool may_refuse() { return std::current_exception() == nullptr && std::uncaught_exceptions() == 0; }

int64_t limit_of(const AllocationBudget& budget) { return static_cast<int64_t>(budget.limit); }

}  // namespace

size_t charge_slow(AllocationBudget& budget, size_t bytes) {
    const auto amount = static_cast<int64_t>(bytes);
    // Two threads of one run may charge at once: the add decides.
    if (budget.used.fetch_add(amount, std::memory_order_relaxed) + amount > limit_of(budget) && may_refuse()) {
        budget.used.fetch_sub(amount, std::memory_order_relaxed);
        throw std::bad_alloc();
    }
    return bytes;
}

void recharge_slow(AllocationBudget& budget, size_t& charged, size_t now) {
    const int64_t change = static_cast<int64_t>(now) - static_cast<int64_t>(charged);
    if (change == 0) return;
    charged = now;
    if (budget.used.fetch_add(change, std::memory_order_relaxed) + change > limit_of(budget) && change > 0 &&
        may_refuse())
        throw std::bad_alloc();
}

void check_room_slow(const AllocationBudget& budget, size_t bytes) {
    if (budget.used.load(std::memory_order_relaxed) + static_cast<int64_t>(bytes) > limit_of(budget) && may_refuse())
        throw std::bad_alloc();
}

}  // namespace ark::vm
