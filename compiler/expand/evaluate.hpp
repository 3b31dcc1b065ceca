// Compile-time evaluation for macros (LANGUAGE.md §3.9): the `$if` condition
// evaluator, its narrow truthiness, and the list primitives `$len $empty?
// $head $tail $at` (4.3+) on literal lists. Pure functions over Sexp trees: no macro scopes, no I/O.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "syntax/sexp.hpp"

namespace ark::expand {

// A compile-time evaluation failure; becomes a MacroError at `where`.
struct EvalError {
    SourceRange where;
    std::string message;
    std::optional<std::string> hint;
};

// A literal list is `[a b]` or `(list a b)`; its elements skip the `list` head.
bool is_literal_list(const syntax::Sexp& node);
std::vector<const syntax::Sexp*> literal_elements(const syntax::Sexp& node);

// True for the compile-time list primitives `$len $empty? $head $tail $at`.
bool is_foldable_head(std::string_view name);

// Computes `($len L)`, `($empty? L)`, `($head L)`, `($tail L)`, `($at L i)`:
// L must be a literal list and i a number (4.3+: type-checked); otherwise, or
// for an out-of-range `$at`, sets `error` and returns nullopt.
std::optional<syntax::Sexp> fold_list_call(const syntax::Sexp& call, std::optional<EvalError>& error);

// Evaluates an already macro-expanded `$if` condition (or `$symcat` argument).
// Unknown forms come back unchanged; misuse of a known operator sets `error`.
syntax::Sexp evaluate(const syntax::Sexp& node, std::optional<EvalError>& error);

// Compile-time truthiness: only `true`, a non-zero number and a non-empty
// string are true; lists and every other symbol are false.
bool is_truthy(const syntax::Sexp& value);

}  // namespace ark::expand
