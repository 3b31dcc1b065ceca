// What every lint reads: the analysis of one program plus indexes built once
// per run (symbol -> bound value, who reads and writes it), and small tree
// helpers. A node's reference, definition and scope come from resolution's
// per-node facts (SymbolTable::nodes, by Sexp::id). Lints never mutate it,
// so one context serves all of them.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "analysis/analysis.hpp"

namespace ark::lints {

using language::Keyword;
using syntax::Sexp;
using syntax::SexpKind;

class LintContext {
public:
    // `cancelled` (may be empty) is polled while the indexes are built and by
    // cancelled(): once it says true the findings are not wanted any more.
    explicit LintContext(const analysis::Analysis& analysis, std::function<bool()> cancelled = {});

    // Whether the run should stop: the text changed. Cheap; the driver and
    // the long lints poll it between functions, so that a keystroke never
    // waits for a whole lint (clangd's cancellation points, per top-level
    // form here).
    bool cancelled() const {
        if (!cancelled_ && poll_ && poll_()) cancelled_ = true;
        return cancelled_;
    }

    const analysis::Analysis& analysis() const { return analysis_; }
    const analysis::SymbolTable& symbols() const { return analysis_.symbols; }
    // The first symbol / reference of the main file's own part of the table.
    // The part before it is a preamble's (the imported files', shared by
    // every analysis on top of it): no symbol there is in the main file, and
    // no reference there resolves to a symbol of the main file, so lints that
    // report on the main file's symbols start here. 0 without a preamble.
    size_t first_own_symbol() const { return analysis_.symbols.symbols.base_size(); }
    size_t first_own_reference() const { return analysis_.symbols.references.base_size(); }
    const std::vector<Sexp>& program() const { return analysis_.expanded.program; }
    FileId main_file() const { return analysis_.main_file; }
    bool in_main(const SourceRange& where) const { return where.file == analysis_.main_file; }
    // The source text under a range (any file of the program).
    std::string_view text(const SourceRange& where) const;

    // False for nodes a macro produced: their range points at text that is
    // not what the node says, so a finding there would point at the wrong code.
    bool from_source(const Sexp& node) const;

    // The reference made by a symbol (or capture, or field path) node, nullptr if none.
    const analysis::Reference* reference(const Sexp& node) const;
    // The symbol a symbol node resolves to lexically, -1 if none.
    int resolved_symbol(const Sexp& node) const;
    // The symbol whose definition name is this node (let/mut name, parameter), -1 if none.
    int defined_symbol(const Sexp& name_node) const;
    // For let/mut symbols: the bound value and the whole form, nullptr otherwise.
    const Sexp* value_of(int symbol) const;
    const Sexp* definition_of(int symbol) const;
    // True when some set/del/in-place op may change the variable after its definition.
    bool is_written(int symbol) const;
    // The fun literal a callee denotes: a literal, or a name bound once to one.
    const Sexp* function_of(const Sexp& callee) const;
    // The scope index the resolver opened for a fun literal (or a while
    // form's body), -1 if unknown.
    int scope_of_function(const Sexp& fun) const;
    // The fun literal (or, for a loop body, the while form) that opened a
    // scope, nullptr for the global scope. Its body is children 2 and on
    // either way (walk_body).
    const Sexp* function_of_scope(int scope) const;
    // Every `(async ...)` / `(await ...)` call of the program, in program order.
    const std::vector<const Sexp*>& async_calls() const { return async_calls_; }
    const std::vector<const Sexp*>& await_calls() const { return await_calls_; }
    // Every read of a name that may reach `symbol` at run time: lexical
    // reads resolved to it, and dynamic reads of the same name.
    bool is_read(int symbol) const;

    Diagnostic make(std::string_view code, SourceRange where, std::string message) const;

private:
    void index_program();

    const analysis::Analysis& analysis_;
    std::function<bool()> poll_;
    mutable bool cancelled_ = false;
    // By symbol: the bound value and the whole let/mut form (nullptr for
    // parameters and captures), and whether anything may write it.
    std::vector<const Sexp*> values_, forms_;
    std::vector<bool> written_;
    std::vector<bool> read_in_place_;  // the value of an in-place form on it is used
    std::vector<const Sexp*> async_calls_, await_calls_;
    std::vector<const Sexp*> functions_;  // by scope

    // What is_read() needs, gathered in one pass over the references so that
    // a query costs a few hash lookups instead of a scan of every reference.
    struct NameScope {
        std::string_view name;
        int scope;
        bool operator==(const NameScope&) const = default;
    };
    struct NameScopeHash {
        size_t operator()(const NameScope& key) const {
            return std::hash<std::string_view>{}(key.name) * 31 + static_cast<size_t>(key.scope);
        }
    };
    std::unordered_set<std::string_view> read_dynamically_;      // names with a dynamic read
    std::unordered_set<NameScope, NameScopeHash> read_in_scope_;  // (name, scope of the symbol a read resolves to)
    std::unordered_map<std::string_view, size_t> global_reads_;  // reads of a name resolved to a global
    std::unordered_map<NameScope, size_t, NameScopeHash> global_reads_from_;  // the same, by the reading scope
};

// Tree helpers shared by the lints.
bool is_call(const Sexp& node, std::string_view head);
// A call of `sys:exit` (std.Sys's name) or of the builtin behind it.
bool is_exit_call(const Sexp& node);
// Pre-order walk over every node below (and including) `root`.
void walk(const Sexp& root, const std::function<void(const Sexp&)>& visit);
void walk(const std::vector<Sexp>& forms, const std::function<void(const Sexp&)>& visit);
// `name' as messages quote names (LANGUAGE.md §8.3).
std::string quoted(std::string_view name);
// A well-formed fun literal: (fun (params...) body...).
bool is_fun(const Sexp& node);

// How the value of a node is used where it stands.
enum class Use {
    Discarded,  // a statement: top-level form, not-last form of a block, loop body
    Returned,   // the result of a function body (through blocks and if branches)
    Used,       // bound, passed, tested: the value matters here
};
// Walks every expression of `forms` (a block) in program order, telling how
// each one's value is used and which node contains it (nullptr at the top).
// Parameter lists, binding names and import forms are not visited.
// `stop`, if given, is asked before each form of `forms`: the walk ends
// early once it says true.
using ValueVisitor = std::function<void(const Sexp& node, Use use, const Sexp* parent)>;
void walk_values(const std::vector<Sexp>& forms, const ValueVisitor& visit, const std::function<bool()>& stop = {});

// The range to delete to remove a form: with its trailing blanks, and the
// whole line when the form is alone on it.
TextRange deletion_range(std::string_view text, TextRange form);

}  // namespace ark::lints
