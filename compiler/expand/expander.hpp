// Internal to expand/: the one walker that applies macros and splices imports
// in program order. macros.cpp owns the walk and macro application,
// primitives.cpp the $if/$repr/$symcat/$argcount forms, imports.cpp the
// package loading. Nothing outside expand/ includes this.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "expand/expand.hpp"

namespace ark::expand::detail {

using syntax::Sexp;
using syntax::SexpKind;

// Expansion deeper than this is a MacroError (LANGUAGE.md §3.9).
inline constexpr int kMaxMacroDepth = 256;
// Lists nested deeper than this are not walked (the walk is recursive).
inline constexpr int kMaxNesting = 256;  // the parser's limit too (parser.cpp)

struct Macro {
    std::string name;
    SourceRange where;
    bool is_function = false;
    std::vector<std::string> params;
    std::optional<std::string> rest;  // the final `...rest` parameter
    Sexp body;                        // the value of a value macro
};

// One imported package: resolved once, spliced at its first import.
struct Package {
    std::optional<FileId> file;
    std::string path;
    std::set<std::string> defines;  // top-level let/mut names and macros
    std::set<std::string> values;   // top-level let/mut names only (macros are not prefixed)
    std::string prefix;             // `list' for std.List: its values are seen as list:name
    bool is_main = false;           // the main program importing itself
};

// How the walk treats the items of one list.
struct Walk {
    int depth = 0;             // macro expansions above these items
    int nesting = 0;           // lists above these items
    Package* owner = nullptr;  // set on a package's top-level items only
};

// Where the items of a list stand, for a macro call among them that expands
// to a block `{...}` (LANGUAGE.md §3.9 "Splicing").
enum class Slots {
    Many,    // any number of elements (call arguments, list literals, blocks, the top level): spliced
    OfList,  // the children of a list: one expression each after a special form's head, else many
    Alone,   // one detached node (an operand of a macro primitive): kept as it is
};

// Adds the names a top-level form defines (let/mut, also inside top-level
// begin/if/while) to `names`.
void collect_defines(const Sexp& form, std::set<std::string>& names);

// The plain parameter count of a `(fun ...)` form (seen through `{x}`), if it is one.
std::optional<size_t> fun_arity(const Sexp& value);

class Expander {
public:
    Expander(SourceMap& sources, const ExpandOptions& options, ExpandResult& result);
    // Expands the main program's forms in place, then checks import selectors.
    // With `kept`, also keeps a sealed() copy from before the end of the run.
    void run(std::vector<Sexp>& forms, std::optional<Expander>* kept = nullptr);

    // What expand_after() continues from: this expander as its run ended, with
    // the main file's imports only and no pointers to the run's sources,
    // options and result.
    Expander sealed(FileId main_file) const;
    // Expands `forms`, the main file's top-level forms after the sealed run's
    // program, on a copy of this sealed expander. result.imports starts with
    // kept_imports_ (kept_import_count() of them). Nullopt when the forms
    // (or a macro they use) import something: that needs the whole walk.
    std::optional<std::vector<Sexp>> continue_with(std::vector<Sexp> forms, SourceMap& sources,
                                                   const ExpandOptions& options, ExpandResult& result,
                                                   std::optional<Expander>* kept = nullptr) const;
    size_t kept_import_count() const { return kept_imports_.size(); }
    size_t built_nodes() const { return built_nodes_; }

    // macros.cpp
private:
    // Expands items[from...] in place; returns items.size(), or, with
    // `stop_at_import`, the index of the first top-level (import ...) met
    // (not expanded: expand_unit() loads it).
    size_t expand_items(std::vector<Sexp>& items, Walk walk, bool block, Slots slots = Slots::Many, size_t from = 0,
                        bool stop_at_import = false);
    // Replaces items[i], a macro call's expansion `block`, with the block's
    // elements, expanded here (definitions among them belong to this list).
    // Returns how many elements took its place.
    size_t splice(std::vector<Sexp>& items, size_t i, Sexp block, Walk walk, bool in_block);
    void expand_children(Sexp& list, Walk walk);
    // Expands one detached node in a scope of its own; nullopt if it vanished.
    std::optional<Sexp> expand_alone(Sexp node, Walk walk);
    bool needs_walk(const Sexp& node);
    void note_binding(const Sexp& form);

    void define(const Sexp& form, Package* owner);
    void undefine(const Sexp& form);
    const Macro* find(const std::string& name) const;
    std::optional<Sexp> apply(const Macro& macro, const Sexp& call);
    Sexp substitute(const Sexp& body, const Macro& macro, const std::vector<const Sexp*>& args,
                    const Sexp* rest, SourceRange site, int nesting);
    Sexp instantiate(const Sexp& body, SourceRange site);
    // True (after reporting it and stopping the expansion) once the nodes
    // built by macros exceed kMaxBuiltNodes.
    bool over_budget(const std::string& name, SourceRange where);

    // primitives.cpp
    std::optional<Sexp> choose_branch(Sexp& form, Walk walk);
    std::optional<Sexp> builtin_repr(const Sexp& form);
    std::optional<Sexp> builtin_symcat(const Sexp& form, Walk walk);
    std::optional<Sexp> builtin_argcount(const Sexp& form, Walk walk);
    // `$len $empty? $head $tail $at` (4.3+) on their expanded arguments.
    std::optional<Sexp> list_primitive(const Sexp& form, Walk walk);
    // `($type x)`: the kind of the node x expands to, as a string (4.3+).
    std::optional<Sexp> builtin_type(const Sexp& form, Walk walk);
    // `($gensym)`: a symbol no program can spell (4.5+).
    std::optional<Sexp> builtin_gensym(const Sexp& form);

    // A pre-4.0 macro spelling (`$`, `$paste`): an E0502 with the fix that
    // replaces `head` with `replacement`. The form still works, so one old
    // spelling is one diagnostic, not a cascade.
    void old_syntax(const Sexp& head, std::string_view replacement, std::string message);

    void macro_error(SourceRange where, std::string message, std::optional<std::string> hint = std::nullopt);

    // imports.cpp
    // The expanded top-level forms of a program or package, its own imports'
    // forms spliced in place of their first import. Imports met at the top
    // level are followed with an explicit stack, not recursion, and every
    // finished form is moved once into the result: a chain of 10,000 files
    // importing each other costs neither 10,000 stack frames nor a splice of
    // each file's whole import chain into the next one.
    std::vector<Sexp> expand_unit(std::vector<Sexp> forms, Walk walk);
    // An import anywhere else (inside a function body, a block, a macro's
    // output): its package is expanded as a unit and spliced at `index`.
    void import(std::vector<Sexp>& items, size_t& index, Walk walk, bool block);
    // Checks an (import ...) form, records it, and reads a package imported
    // for the first time: its parsed forms, and in `package` its record.
    // Nothing (after reporting why, if it is a problem) when it is already
    // imported, missing, refused or malformed.
    std::optional<std::vector<Sexp>> open_package(const Sexp& form, Package*& package);
    FileRead read(const std::string& path) const;
    // Whether the real path of `path` is inside an allowed root (always true
    // when ExpandOptions::allowed_roots is unset).
    bool allowed(const std::string& path);
    void check_selectors();

    // namespaces.cpp (ArkScript 4.0 import prefixes, LANGUAGE-4.8 §3.5)
    void qualify_names(std::vector<Sexp>& program);

    // Pointers, not references: a sealed expander is copied and continued
    // with another run's (continue_with).
    SourceMap* sources_;
    const ExpandOptions* options_;
    ExpandResult* result_;
    std::vector<ImportRecord> kept_imports_;  // a sealed expander's: the main file's imports
    bool refuse_imports_ = false;  // continue_with(): an import is not followed but noted in met_import_
    bool met_import_ = false;

    std::vector<std::vector<Macro>> scopes_;         // innermost last
    std::unordered_map<std::string, int> live_;      // macro name -> definitions in scope
    // Name bound to a (fun ...) -> parameter count (nullopt: bound to something
    // else since), over the bindings a sealed expander had (base_arity_).
    std::unordered_map<std::string, std::optional<size_t>> arity_;
    std::shared_ptr<const std::unordered_map<std::string, size_t>> base_arity_;
    std::optional<size_t> arity_of(const std::string& name) const;
    std::map<std::string, Package> packages_;        // by package name ("std.List")
    std::vector<std::pair<size_t, std::string>> import_uses_;  // every import: its index, its package
    FileId main_file_ = 0;   // the file of the main program's forms
    std::string main_path_;  // importing the main file itself splices nothing
    std::optional<std::vector<std::string>> real_roots_;  // allowed_roots resolved, on first use
    size_t built_nodes_ = 0;
    size_t gensyms_ = 0;
    size_t argcount_reads_ = 0;
    // Copies the counts above into `result` (ExpandResult's gensyms...).
    void report_counts(ExpandResult& result) const;
    bool stopped_ = false;  // a runaway expansion was reported: stop expanding
};

}  // namespace ark::expand::detail
