// The shape checks of the special forms and of values (LANGUAGE.md §2, §6):
// E0008 malformed special form, E0009 duplicate parameter or capture, E0201
// operator or keyword used as a value, E0202 a form that produces no value
// used as one, E0301 operator arity. They walk the expanded program exactly
// as the code generator will, so that a program analysis accepts always
// compiles: codegen only asserts what this pass guaranteed.
#pragma once
#include <unordered_set>
#include <vector>

#include "base/diagnostic.hpp"
#include "syntax/sexp.hpp"

namespace ark::analysis {

// The special forms too malformed to give names a meaning (a `let` without a
// name, a `fun` without a parameter list...): resolution skips them rather
// than guess, so that one mistake gives one diagnostic.
class MalformedForms {
public:
    void add(const syntax::Sexp& form) { forms_.insert(&form); }
    bool contains(const syntax::Sexp& form) const { return forms_.count(&form) != 0; }
    size_t size() const { return forms_.size(); }

private:
    std::unordered_set<const syntax::Sexp*> forms_;
};

// Sets Sexp::form on every list of the expanded program whose head is a
// keyword: the one place that compares head names with the vocabulary.
void classify_special_forms(std::vector<syntax::Sexp>& program);

MalformedForms check_forms(const std::vector<syntax::Sexp>& program, std::vector<Diagnostic>& diagnostics);

// Whether evaluating `e` gives a value: let, mut, set, del, while, import and
// an empty begin/{} do not (§2).
bool produces_value(const syntax::Sexp& e);

}  // namespace ark::analysis
