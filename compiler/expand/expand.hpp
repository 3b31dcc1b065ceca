// Import resolution and macro expansion (LANGUAGE.md §3.7, §3.9): turns the
// main file's forms into the one expanded program that resolution and codegen
// read. Imported packages are parsed, expanded and spliced in place of their
// first import; macros are applied and removed. Never throws on user input:
// problems become diagnostics (ImportError E0401-E0404, MacroError E0501).
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/files.hpp"
#include "base/source_map.hpp"
#include "syntax/sexp.hpp"

namespace ark::expand {

struct ExpandOptions {
    // Folder of the main program file: imports are looked up here first.
    std::string main_dir;
    // Then in each library directory, in order (-L, ARKSCRIPT_PATH, ./lib).
    std::vector<std::string> library_paths;
    // Reads a file's text; the language server overrides it to serve open
    // editor buffers. Default: read_regular_file (regular files only, at most
    // kMaxSourceFileBytes). A reader that returns nullopt means "no such file".
    std::function<FileRead(const std::string& path)> read_file;
    // When set, an import is read only if its real path (symlinks resolved) is
    // inside one of these folders; anything else is refused with E0403. The
    // language server passes the workspace folders and the library path: a
    // workspace's symlink must not pull /etc/passwd into diagnostics. Unset:
    // unrestricted (the CLI runs what its user asked for).
    std::optional<std::vector<std::string>> allowed_roots;
};

struct ImportRecord {
    SourceRange where;                 // the whole (import ...) form
    SourceRange package_range;         // the package path token
    std::string package;               // "std.List"
    std::vector<std::string> selectors;  // `:x` names (without the colon)
    bool star = false;                 // (import a.b:*)
    std::optional<FileId> file;        // the resolved file, if found
    std::string resolved_path;
};

struct MacroRecord {
    std::string name;
    SourceRange where;  // the (macro ...) definition
    std::vector<std::string> params;  // empty for value macros
    bool is_function = false;
    SourceRange name_where;  // its name
};

// Upper bound on nodes built by macro substitution, against exponential macros.
// 1,000,000 nodes is about ten times the expanded form of a 10,000-line file,
// and keeps a runaway expansion near 150 MB (a language server runs it too).
inline constexpr size_t kMaxBuiltNodes = 1'000'000;

struct ExpandResult {
    std::vector<syntax::Sexp> program;
    std::vector<Diagnostic> diagnostics;  // includes parse diagnostics of imported files
    std::vector<ImportRecord> imports;    // every import form met, in order
    std::vector<MacroRecord> macros;      // every macro definition met
    // What ties one form's expansion to the others' (besides macro
    // definitions and imports): fresh names are numbered in program order,
    // `$argcount NAME` reads the bindings made before it, and the budget of
    // built nodes is the whole program's. Counted from the start of the
    // program (a continuation's counts include what it continues), so
    // reanalyze() can tell whether a form expands the same on its own.
    size_t gensyms = 0;
    size_t argcount_reads = 0;
    size_t built_nodes = 0;
};

// What expanding a program leaves for expanding more of the main file after
// it (expand_after): its macros, the main file's imports and the bindings
// $argcount reads. Read-only and shared; each continuation copies it.
class ExpandState;

// With `state`, also keeps what expand_after() needs to continue.
ExpandResult expand_program(std::vector<syntax::Sexp> forms, SourceMap& sources, const ExpandOptions& options,
                            std::shared_ptr<const ExpandState>* state = nullptr);

// Expands `forms`: top-level forms of the main file that come after the
// program `state` was made from. They see that program's macros and are
// qualified by the main file's imports exactly as if they had been expanded
// with it. The result holds these forms and what expanding them reported (no
// import records); nullopt when they import something (directly or through a
// macro): that needs expand_program() on the whole file.
// With `after`, also keeps the expander as these forms left it (to continue
// after them in turn).
std::optional<ExpandResult> expand_after(const ExpandState& state, std::vector<syntax::Sexp> forms, SourceMap& sources,
                                         const ExpandOptions& options, std::shared_ptr<const ExpandState>* after = nullptr);

// The nodes macros had built when `state` was made (ExpandResult::built_nodes).
size_t built_nodes_of(const ExpandState& state);

// The packages an import could name from the library folder `folder`
// ("std.List" for std/List.ark), sorted: the REPL completes them.
std::vector<std::string> packages_in(const std::string& folder);

}  // namespace ark::expand
