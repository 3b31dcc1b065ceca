// Which variable cells a task can read, so that `async` copies only those.
//
// LANGUAGE.md §7: a task starts from a snapshot of every variable visible to
// its spawner. Copying all the cells (about 900 in a program that imports
// std.Prelude) made that the main cost of a short task. A task only ever runs
// code of function pages (never page 0, the top level), and a page reads only
// the cells its instructions name (the operands that opcodes.def documents as
// cells[a], cells[b] or cells[c]), the cells it binds (`bound`) and, when it
// creates a closure, the cells that closure captures. So a task can read
// exactly the cells named by the pages it can reach, and it reaches a page
// only through a function value it can get hold of:
//   - a function constant (FUNC/CLOSURE) in a page it reaches;
//   - the value of a cell it reads, as copied at the spawn, or the callee and
//     the arguments of the async: all known at the spawn, so the spawn walks
//     them (lists included: a list never changes under a holder);
//   - something computed from those, inside the task: nothing new.
// Only a value another thread can change after the spawn breaks that closed
// world: a dict, a closure environment (both shared and mutable) or a
// UserType other than a Lock (a future delivers another task's result; a host
// function returns what it likes). Meeting one of those, or a debugger (it
// shows and evaluates any variable), the spawn copies every cell as before.
//
// The cells a task does not get are Unbound in its context. If the set is
// right, the task never reads them: the difference cannot be observed.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "program.hpp"
#include "value.hpp"

namespace ark::vm {

// Per program: what each function page names. Built once, read by any thread.
class TaskReads {
public:
    explicit TaskReads(const Program& program);
    const Program& program() const { return program_; }
    // False when the program has a way into code the table cannot follow
    // (see the constructor): every task then gets every cell.
    bool usable() const { return usable_; }
    // The cells page `page` may read or write, and the pages whose function
    // values it creates.
    std::span<const uint32_t> cells_of(uint32_t page) const { return cells_[page]; }
    std::span<const uint32_t> pages_of(uint32_t page) const { return pages_[page]; }

private:
    const Program& program_;
    std::vector<std::vector<uint32_t>> cells_;
    std::vector<std::vector<uint32_t>> pages_;
    bool usable_ = false;
};

// The cells a task running `callee` with `args` can read, with their values
// in `cells` (the spawner's), as (symbol, value) pairs; nullopt when the task
// must get every cell (see above), or when the reachable cells are so many
// that a plain copy costs no more.
using SparseCells = std::vector<std::pair<uint32_t, Value>>;
std::optional<SparseCells> cells_task_reads(const TaskReads& reads, const std::vector<Value>& cells, const Value& callee,
                                            std::span<const Value> args);

}  // namespace ark::vm
