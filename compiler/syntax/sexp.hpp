// The S-expression tree: what macros rewrite, what the resolver and the
// bytecode compiler read. Built from the lossless syntax tree by lower(); every
// node keeps the source range it came from (macro output keeps the range of
// the macro call or of the argument it substitutes), so diagnostics and the
// language server can point at the user's text.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostic.hpp"
#include "syntax/field_path.hpp"
#include "vocabulary.hpp"

namespace ark::syntax {

enum class SexpKind : uint8_t {
    List,     // ( ... )   call or special form; () is nil
    Bracket,  // [ ... ]   sugar for (list ...)
    Brace,    // { ... }   sugar for (begin ...)
    Symbol,   // identifier; text = the name
    Number,   // number literal; text = its spelling, number() = its value
    String,   // string literal; text = the decoded bytes
    Field,    // a.b.c; path = {"a","b","c"}, text = "a.b.c"
    Capture,  // &name; text = the variable it reads; path = {field name} once renamed (see capture_field)
    Spread,   // ...name; text = "name"
};

// The members are ordered to leave no padding: a big workspace holds millions.
struct Sexp {
    SexpKind kind = SexpKind::List;
    // The special form this list is (its head is a keyword of
    // language/vocabulary.def). Set once, after expansion, by
    // analysis::label_nodes(); the passes after it (checks,
    // resolution, lints, codegen) read it instead of comparing head names.
    std::optional<language::Keyword> form;
    // The node's index in a pre-order numbering of the expanded program,
    // dense from 0 (set with `form`, by analysis::label_nodes()): what the
    // resolver's per-node facts and the lints' side tables are indexed by.
    // kNoNode on a node that is not part of an analysed program.
    static constexpr uint32_t kNoNode = UINT32_MAX;
    uint32_t id = kNoNode;
    SourceRange where;
    std::string text;
    FieldPath path;
    std::vector<Sexp> children;

    // A Number node's value (0 for other nodes): its spelling read back.
    // Every maker spells the value so that it reads back exactly: lower()
    // keeps the source's spelling, macros language::format_number()'s
    // shortest round trip. Not a member: at 1.5 million nodes (a chain of a
    // thousand imported files) its 8 bytes were 12 MB, for the few nodes
    // that are numbers.
    double number() const;

    bool is_list() const { return kind == SexpKind::List; }
    bool is_form(language::Keyword keyword) const { return form == keyword; }
    bool is_symbol() const { return kind == SexpKind::Symbol; }
    bool is_symbol(std::string_view name) const { return kind == SexpKind::Symbol && text == name; }
    // The head symbol of a (...) form, or "" if the head is not a symbol.
    std::string_view head_name() const {
        return kind == SexpKind::List && !children.empty() && children[0].is_symbol()
                   ? std::string_view(children[0].text)
                   : std::string_view();
    }
};

// A parameter of a fun literal (LANGUAGE-4.8 §3.2): `x` (immutable), `(mut x)`
// (a mutable copy) or `(ref x)` (no copy, read-only).
enum class ParameterMode : uint8_t { Plain, Mut, Ref };
struct Parameter {
    const Sexp* name;  // the name's symbol node
    ParameterMode mode;
};
// The parameter a node of a parameter list declares; nullopt for a capture
// and for anything malformed.
std::optional<Parameter> parameter_of(const Sexp& node);

// The field name of a capture `&name`: the name as written after `&`
// (LANGUAGE-4.8 §3.5: a capture keeps its short name, `&foo` makes `.foo`).
// Package renaming (expand/namespaces.cpp) may change the variable it reads,
// `text`, to `pkg:foo`; it then keeps the written name in `path`.
inline const std::string& capture_field(const Sexp& capture) {
    return capture.path.empty() ? capture.text : capture.path[0];
}

// Re-prints a node the way $repr shows it: [a b] as (list a b), {a} as
// (begin a), strings quoted (not escaped), numbers as the VM prints them.
std::string repr(const Sexp& node);

}  // namespace ark::syntax
