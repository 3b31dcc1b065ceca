// Compile-time evaluation for macros (LANGUAGE.md §3.9): the `$if` condition
// evaluator, its narrow truthiness, and the folding of `len empty? head tail @`
// on literal lists. Pure functions over Sexp trees: no macro scopes, no I/O.
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

// True for the heads folded at compile time inside macro bodies.
bool is_foldable_head(std::string_view name);

// Folds `(len L)`, `(empty? L)`, `(head L)`, `(tail L)`, `(@ L i)` when L is a
// literal list (and i a number): returns the folded node, nullopt when the call
// is left for run time. An out-of-range `@` sets `error`.
std::optional<syntax::Sexp> fold_list_call(const syntax::Sexp& call, std::optional<EvalError>& error);

// Evaluates an already macro-expanded `$if` condition (or `$symcat` argument).
// Unknown forms come back unchanged; misuse of a known operator sets `error`.
syntax::Sexp evaluate(const syntax::Sexp& node, std::optional<EvalError>& error);

// Compile-time truthiness: only `true`, a non-zero number and a non-empty
// string are true; lists and every other symbol are false.
bool is_truthy(const syntax::Sexp& value);

}  // namespace ark::expand
