// The shape checks of the special forms and of values (LANGUAGE.md §2, §6):
// E0008 malformed special form, E0009 duplicate parameter or capture, E0201
// operator or keyword used as a value, E0202 a form that produces no value
// used as one, E0301 operator arity. They walk the expanded program exactly
// as the code generator will, so that a program analysis accepts always
// compiles: codegen only asserts what this pass guaranteed.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "analysis/resolution_memo.hpp"
#include "base/diagnostic.hpp"
#include "syntax/sexp.hpp"

namespace ark::analysis {

// The special forms too malformed to give names a meaning (a `let` without a
// name, a `fun` without a parameter list...): resolution skips them rather
// than guess, so that one mistake gives one diagnostic.
// Indexed by Sexp::id.
class MalformedForms {
public:
    explicit MalformedForms(uint32_t node_count = 0) : forms_(node_count, false) {}
    void add(const syntax::Sexp& form) {
        if (form.id < forms_.size() && !forms_[form.id]) {
            forms_[form.id] = true;
            ++size_;
        }
    }
    bool contains(const syntax::Sexp& form) const { return form.id < forms_.size() && forms_[form.id]; }
    size_t size() const { return size_; }

private:
    std::vector<bool> forms_;
    size_t size_ = 0;
};

// Numbers every node of the expanded program in pre-order (Sexp::id) and sets
// Sexp::form on every list whose head is a keyword: the one place that
// compares head names with the vocabulary. Returns the number of nodes.
// Ids start at `first_id` (forms that continue a program labelled before);
// returns one past the last id given.
uint32_t label_nodes(std::span<syntax::Sexp> program, uint32_t first_id = 0);

// `node_count`: what label_nodes() returned for this program. Checks the
// forms [first, first + count) only, when given (the others are still read:
// an operator rebound anywhere is a value everywhere). With `origins`, adds
// the origin of each diagnostic made (kept parallel to `diagnostics`).
MalformedForms check_forms(const std::vector<syntax::Sexp>& program, uint32_t node_count, std::vector<Diagnostic>& diagnostics,
                           std::vector<CheckOrigin>* origins = nullptr, size_t first = 0, size_t count = SIZE_MAX);

// Whether evaluating `e` gives a value: del, while, import, breakpoint and an
// empty begin/{} do not (§2); let, mut and set give the value bound (4.4+).
bool produces_value(const syntax::Sexp& e);

}  // namespace ark::analysis
