#include "async/task_reads.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "builtins/lock.hpp"
#include "opcodes.hpp"

namespace ark::vm {

namespace {

// Which operands (bit 0: a, 1: b, 2: c) of each opcode are cell indices, read
// from opcodes.def itself: its meaning of an opcode names a cell operand as
// cells[a], cells[b] or cells[c]. A new opcode documented that way is covered
// without touching this file.
const std::array<uint8_t, OP_COUNT_>& cell_operands() {
    static const std::array<uint8_t, OP_COUNT_> masks = [] {
        static const char* const meanings[] = {
#define ARK_OP(NAME, MEANING) MEANING,
#include "opcodes.def"
#undef ARK_OP
        };
        std::array<uint8_t, OP_COUNT_> out{};
        for (uint32_t op = 0; op < OP_COUNT_; ++op) {
            if (std::strstr(meanings[op], "cells[a]")) out[op] |= 1;
            if (std::strstr(meanings[op], "cells[b]")) out[op] |= 2;
            if (std::strstr(meanings[op], "cells[c]")) out[op] |= 4;
        }
        return out;
    }();
    return masks;
}

void sort_unique(std::vector<uint32_t>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
}

// What a spawn must not look past: values other threads can change after it.
bool shared_mutable(const Value& v) {
    if (v.is(Tag::Dict) || v.is(Tag::Closure)) return true;
    if (v.is(Tag::UserType)) return !dynamic_cast<const LockObject*>(static_cast<const UserTypeObject*>(v.as_object()));
    return false;
}

// True if `v` holds (at any depth of lists) a function or a shared mutable value.
bool holds_code_or_shared(const Value& root) {
    std::vector<const Value*> pending{&root};
    while (!pending.empty()) {
        const Value* v = pending.back();
        pending.pop_back();
        if (v->is(Tag::Function) || shared_mutable(*v)) return true;
        if (v->is(Tag::List))
            for (const Value& item : v->as_list()) pending.push_back(&item);
    }
    return false;
}

}  // namespace

TaskReads::TaskReads(const Program& program) : program_(program) {
    // A constant holding code or a shared object would be a way into pages
    // the walk below does not see: codegen makes none, but if it ever does,
    // every task gets every cell.
    for (const Value& constant : program.constants)
        if (holds_code_or_shared(constant)) return;
    usable_ = true;
    const auto& masks = cell_operands();
    cells_.resize(program.pages.size());
    pages_.resize(program.pages.size());
    for (uint32_t p = 0; p < program.pages.size(); ++p) {
        const CodePage& page = program.pages[p];
        std::vector<uint32_t>& cells = cells_[p];
        std::vector<uint32_t>& pages = pages_[p];
        cells.insert(cells.end(), page.bound.begin(), page.bound.end());
        cells.insert(cells.end(), page.scope_cells.begin(), page.scope_cells.end());
        for (const Instr& ins : page.code) {
            if (ins.op >= OP_COUNT_) continue;
            const uint8_t mask = masks[ins.op];
            if (mask & 1) cells.push_back(ins.a);
            if (mask & 2) cells.push_back(ins.b);
            if (mask & 4) cells.push_back(ins.c);
            if (ins.op == OP_FUNC || ins.op == OP_CLOSURE) {
                pages.push_back(ins.a);
                // Creating a closure reads the cells it captures.
                if (ins.op == OP_CLOSURE) {
                    const auto& captures = program.pages[ins.a].captures;
                    cells.insert(cells.end(), captures.begin(), captures.end());
                }
            }
        }
        sort_unique(cells);
        sort_unique(pages);
    }
}

std::optional<SparseCells> cells_task_reads(const TaskReads& reads, const std::vector<Value>& cells, const Value& callee,
                                            std::span<const Value> args) {
    const Program& program = reads.program();
    if (!reads.usable()) return std::nullopt;
    // Past this much work, copying every cell costs no more.
    const size_t budget = cells.size() / 2;
    size_t work = 0;
    // Visit marks, reused by every spawn on this thread: a mark is current
    // when it equals this spawn's generation.
    thread_local std::vector<uint32_t> cell_mark, page_mark;
    thread_local uint32_t generation = 0;
    if (++generation == 0) {
        std::fill(cell_mark.begin(), cell_mark.end(), 0);
        std::fill(page_mark.begin(), page_mark.end(), 0);
        generation = 1;
    }
    if (cell_mark.size() < cells.size()) cell_mark.resize(cells.size(), 0);
    if (page_mark.size() < program.pages.size()) page_mark.resize(program.pages.size(), 0);

    SparseCells out;
    std::vector<uint32_t> pages_to_visit;
    std::vector<const Value*> values_to_visit{&callee};
    for (const Value& a : args) values_to_visit.push_back(&a);
    while (!values_to_visit.empty() || !pages_to_visit.empty()) {
        if (++work > budget) return std::nullopt;
        if (!values_to_visit.empty()) {
            const Value* v = values_to_visit.back();
            values_to_visit.pop_back();
            if (shared_mutable(*v)) return std::nullopt;
            if (v->is(Tag::Function)) {
                pages_to_visit.push_back(v->as_id());
            } else if (v->is(Tag::List)) {
                const std::vector<Value>& items = v->as_list();
                work += items.size();  // counted before a long list is queued
                if (work > budget) return std::nullopt;
                for (const Value& item : items) values_to_visit.push_back(&item);
            }
            continue;
        }
        const uint32_t page = pages_to_visit.back();
        pages_to_visit.pop_back();
        if (page >= program.pages.size() || page_mark[page] == generation) continue;
        page_mark[page] = generation;
        for (uint32_t sym : reads.cells_of(page)) {
            if (sym >= cells.size() || cell_mark[sym] == generation) continue;
            cell_mark[sym] = generation;
            out.emplace_back(sym, cells[sym]);
            values_to_visit.push_back(&cells[sym]);
        }
        for (uint32_t p : reads.pages_of(page)) pages_to_visit.push_back(p);
    }
    return out;
}

}  // namespace ark::vm
