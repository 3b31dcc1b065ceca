// Where frame `index` (from the bottom) of a stopped context reads each name,
// under shallow binding: the slot in which the nearest frame above it that
// rebinds the name saved the value (the value this frame saw when it made
// the call), else the cell itself. Also the view used to evaluate code in
// that frame.
#pragma once
#include <mutex>
#include <unordered_map>

#include "context.hpp"

namespace ark::debugger {

class SavedSlots {
public:
    SavedSlots(vm::ExecutionContext& ctx, const vm::Program& program, size_t index) : ctx_(ctx) {
        const auto& frames = ctx.frames();
        vm::Value* stack = ctx.stack().data();
        // From the innermost frame down: a nearer frame overwrites a farther one.
        for (size_t j = frames.size(); j-- > index + 1;) {
            const vm::Frame& f = frames[j];
            const vm::CodePage& page = program.pages[f.page];
            // A method call saved its environment's fields after the bound
            // cells; a name in both is the caller's in the bound slot.
            if (f.env && f.env_saved) {
                std::lock_guard lock(f.env->mutex);
                for (uint32_t m = 0; m < f.env_saved && m < f.env->fields.size(); ++m)
                    slots_[f.env->fields[m].symbol] = stack + f.base + page.n_bound + m;
            }
            for (uint32_t i = 0; i < page.n_bound; ++i) slots_[page.bound[i]] = stack + f.base + i;
        }
    }
    vm::Value* where(uint32_t sym) {
        auto it = slots_.find(sym);
        return it != slots_.end() ? it->second : &ctx_.cells()[sym];
    }
    const std::unordered_map<uint32_t, vm::Value*>& saved() const { return slots_; }

private:
    vm::ExecutionContext& ctx_;
    std::unordered_map<uint32_t, vm::Value*> slots_;
};

}  // namespace ark::debugger
