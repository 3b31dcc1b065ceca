// Analysis of one snapshot of a program: the API every client calls (the CLI,
// the linter, the language server). Parsing, imports, macros, name resolution
// and checks, computed once and then read-only (safe to share between threads).
//
// Architecture invariant: nothing here knows about LSP, JSON or threads.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/layered.hpp"
#include "analysis/resolution_memo.hpp"
#include "base/source_map.hpp"
#include "expand/expand.hpp"
#include "syntax/sexp.hpp"
#include "syntax/tree.hpp"

namespace ark::analysis {

enum class SymbolKind : uint8_t {
    Global,     // let/mut at the top level (or spliced in by an import)
    Local,      // let/mut inside a function body or a loop body
    Parameter,  // a plain parameter of a fun
    Capture,    // &name in a fun's parameter list
};

// One definition site. A name defined twice (mut redeclaration) has two Symbols.
// Members ordered to leave little padding: a preamble's table holds hundreds
// of thousands.
struct Symbol {
    // The name's text in its defining node, in place (see Reference::name).
    std::string_view name;
    // When the value is a fun literal: its parameters (plain ones, in order),
    // views of their nodes' text as `name` is.
    std::optional<std::vector<std::string_view>> function_params;
    // A literal number/string value, re-printed (for hover), when known.
    std::optional<std::string> constant_value;
    SourceRange name_range;   // the name token of the definition
    SourceRange form_range;   // the whole (let ...) form / the parameter
    SourceRange value_range;  // the bound value expression (empty for params)
    int scope = 0;            // index into SymbolTable::scopes
    // When the value is a builtin's name (std's `(let reverse builtin__list:reverse)`): that builtin.
    std::optional<uint32_t> builtin;
    SymbolKind kind = SymbolKind::Global;
    bool is_mutable = false;  // mut, parameters and captures
};

enum class ReferenceKind : uint8_t {
    Resolved,  // lexically bound: `symbol` is the definition
    Builtin,   // a builtin function, constant, operator or keyword-like name
    Dynamic,   // bound by no enclosing scope or global, but locally by some function: found at run time through callers
    Unbound,   // defined nowhere in the program: a NameError
    Field,     // part of a field path a.b (b): resolved against closures' captures at run time
};

// Members ordered to leave little padding: a chain of imported files makes
// hundreds of thousands.
struct Reference {
    // The name's text in the node that makes the reference (a Symbol, a
    // Capture, a part of a Field's path): in place, not a copy, since a chain
    // of imports makes hundreds of thousands of references. The program the
    // table was made from (Analysis::expanded, a preamble's for a table on
    // top of one) must outlive it, unchanged: every Analysis keeps both.
    std::string_view name;
    SourceRange range;
    int symbol = -1;      // Resolved: index into SymbolTable::symbols
    int scope = 0;        // scope the reference appears in
    ReferenceKind kind = ReferenceKind::Unbound;
    bool is_write = false;  // set / del / in-place list ops
};

struct Scope {
    int parent = -1;          // -1 for the global scope
    SourceRange range;        // the fun form, a loop's body (the whole file for the global scope)
    std::vector<int> symbols; // definitions made in this scope
    // A `while` body (4.0+): its let/mut names are fresh on each iteration and
    // not visible after the loop. Function and global scopes are not loops.
    bool is_loop = false;
};

// What resolution learnt about one node of the expanded program (indexed by
// Sexp::id): clients holding a node ask here instead of looking its range up.
struct NodeFacts {
    int reference = -1;   // the reference the node makes (a name, a capture, the first name of a field path)
    int definition = -1;  // the symbol it defines (a let/mut name, a parameter, a capture)
    int scope = -1;       // the scope a fun literal opens, or a while form's body
};

struct SymbolTable {
    // Each a Layered vector: a file analysed on top of its imports (see
    // preamble.hpp) starts with the imports' table as its shared first part.
    Layered<Symbol> symbols;
    Layered<Reference> references;  // in program order
    Layered<Scope> scopes;          // scopes[0] is the global scope
    Layered<NodeFacts> nodes;       // by Sexp::id

    SymbolTable() = default;
    // An empty table continuing `base`: every index of base means the same here.
    explicit SymbolTable(std::shared_ptr<const SymbolTable> base);

    // The facts of a node of the analysed program (all -1 for any other node).
    const NodeFacts& facts(const syntax::Sexp& node) const {
        static const NodeFacts kNone;
        return node.id < nodes.size() ? nodes[node.id] : kNone;
    }

    // Index of the definition or reference whose name range contains `offset`
    // in `file` (-1 if none).
    int symbol_at(FileId file, uint32_t offset) const;
    int reference_at(FileId file, uint32_t offset) const;
    // Every definition / reference whose name range touches `offset` in `file`,
    // in index order (symbol_at and reference_at return the first).
    std::vector<int> symbols_touching(FileId file, uint32_t offset) const;
    std::vector<int> references_touching(FileId file, uint32_t offset) const;
    // Every reference resolved to `symbol`.
    std::vector<const Reference*> references_to(int symbol) const;
    // The innermost scope whose range contains the offset (0 = global).
    int scope_at(FileId file, uint32_t offset) const;
    // Symbols visible at a scope: its own, its parents', then globals.
    std::vector<int> visible_symbols(int scope) const;
    // The function (or global) scope holding `scope`: itself unless it is a
    // loop body, else that of the nearest enclosing non-loop scope.
    int function_scope(int scope) const {
        while (scope > 0 && scopes[scope].is_loop) scope = scopes[scope].parent;
        return scope;
    }

    // Builds the indexes that make the queries above logarithmic; resolve()
    // calls it once the table is complete. A table whose vectors changed size
    // since is answered by linear scans, so the queries are always exact. A
    // table on top of a base indexes its own entries and asks the base's
    // index for the rest.
    void build_index();

    // Ranges sorted by (file, begin, index), each with the largest end of its
    // file's entries up to it: a lookup walks back from the offset only while
    // some earlier range could still reach it.
    struct RangeEntry {
        FileId file;
        uint32_t begin;
        uint32_t end;
        uint32_t max_end;
        int index;
    };
    struct Index {
        size_t n_symbols = SIZE_MAX, n_references = SIZE_MAX, n_scopes = SIZE_MAX;
        std::vector<RangeEntry> symbol_names, reference_names, scope_ranges;
        // references_to as CSR: the references of symbol s are
        // resolved_refs[resolved_begin[s] .. resolved_begin[s + 1]).
        std::vector<uint32_t> resolved_begin;
        std::vector<int> resolved_refs;
    };

private:
    bool indexed() const;
    Index index_;
    std::shared_ptr<const SymbolTable> base_;
};

struct AnalysisOptions {
    std::vector<std::string> library_paths;
    // Override for reading imported files (open editor buffers); default: disk
    // (see expand::ExpandOptions::read_file).
    std::function<FileRead(const std::string& path)> read_file;
    // Folders imports may be read from (see expand::ExpandOptions::allowed_roots).
    std::optional<std::vector<std::string>> allowed_import_roots;
    // Polled between phases: once it returns true the result is not wanted any
    // more (the text changed again) and analyze() stops early, returning null.
    std::function<bool()> cancelled;
};

struct Preamble;

struct Analysis {
    // Set when this analysis was made on top of the analysis of the file's
    // imports (preamble.hpp): then `expanded.program` holds only the forms
    // after them, and `symbols` continues the preamble's table.
    std::shared_ptr<const Preamble> preamble;
    SourceMap sources;
    FileId main_file = 0;
    syntax::ParseResult parse;          // the main file's lossless tree
    expand::ExpandResult expanded;      // the whole expanded program
    SymbolTable symbols;
    // The expander after the whole program, kept for a file that defines
    // macros (by analyze() when it has no imports, by analyze_with_preamble()
    // otherwise): reanalyze() expands edited forms below the macros with it.
    std::shared_ptr<const expand::ExpandState> expansion;
    // What resolving the own forms left for reanalyze() to resolve only the
    // forms an edit touched (resolution_memo.hpp).
    std::unique_ptr<ResolutionMemo> resolution;
    // Whether that last step resolved only the forms an edit touched
    // (reanalyze(), splice_resolution.hpp) rather than the whole program.
    bool resolution_spliced = false;
    // Set by reanalyze() when the file's text holds none of the words that
    // make expansion act ($, macro, ..., import): the next reanalyze() then
    // looks for them in the edited stretch only.
    bool no_expansion_words = false;
    std::vector<Diagnostic> diagnostics;  // parse + expand + checks, in source order per file
    // The main file's parse and lowering diagnostics (also in `diagnostics`):
    // the formatter works on `parse.tree` only when none of them is an error.
    std::vector<Diagnostic> syntax_diagnostics;

    bool has_errors() const;
    bool syntax_clean() const;
    // The whole expanded program in order: the preamble's forms (the imported
    // files') when there is one, then `expanded.program`. Walks that must see
    // the imported code too (callers in other files, what a package does when
    // imported) go through these.
    std::vector<const std::vector<syntax::Sexp>*> program_parts() const;
    const SourceFile& main_source() const { return sources.file(main_file); }
};

// Analyses the program whose main file is `path` with the given text. Returns
// null only when options.cancelled() said so.
std::shared_ptr<Analysis> analyze(const std::string& path, std::string text, const AnalysisOptions& options);

// The last step of analyze(), shared with reanalyze() (incremental.hpp):
// resolves the expanded program into a.symbols and sets a.diagnostics to
// `diags` (parse, lowering and expansion diagnostics, in that order) plus the
// checks, in source order.
void resolve_program(Analysis& a, std::vector<Diagnostic> diags);

// The pieces of analyze() that reanalyze() and analyze_with_preamble() share:
// the expansion options of a main file; whether any file mentions
// @deprecated; the W0303 of the reads among references[first_reference...]
// (0: all, by symbol); and setting a.diagnostics to `early` (parse, lowering,
// expansion) plus, when none of those is an error, `checks`, in source order.
expand::ExpandOptions expand_options_for(const std::string& path, const AnalysisOptions& options);
bool mentions_deprecated(const SourceMap& sources);
void warn_deprecated_uses(const Analysis& a, size_t first_reference, std::vector<Diagnostic>& out);
void set_diagnostics(Analysis& a, std::vector<Diagnostic> early, const std::vector<Diagnostic>& checks);

// The doc comment (consecutive `#` lines) directly above the form starting at
// `offset` in `file`, without the `# ` prefixes; empty if none.
std::string doc_comment_before(const SourceFile& file, uint32_t offset);

// Edit distance based suggestion: the candidate closest to `name` (the first
// in spelling order among the closest), if close enough (distance <= half
// the length). Runs once per unbound name against every defined name, which
// in a file with a big chain of imports is tens of thousands: most are ruled
// out by cheap lower bounds of the distance before it is measured.
std::optional<std::string> suggest_name(std::string_view name, const std::vector<std::string_view>& candidates);

}  // namespace ark::analysis
