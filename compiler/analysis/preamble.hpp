// A file's imports analysed once: the role of clangd's preamble. In
// ArkScript 4.8 nearly every file begins with (import std.X) forms, and what
// they bring (every imported file parsed, expanded and resolved; for a chain
// of a thousand files, 300,000 lines) does not change while the user types
// below them. The preamble is the analysis of the file's leading imports
// alone; an analysis "on top of" it parses, expands and resolves only the rest
// of the file, and shares the imports' sources and symbol table in place.
//
// What the caller (the language server) owns: deciding that a preamble is
// still valid (preamble_matches() for the main file's own text; that no
// imported file changed since, which only the caller can know: it holds the
// open buffers and the file events). `ark check` and `ark run` analyse in one
// piece with analyze(); for the main file both give the same diagnostics,
// symbols and references (tests/unit/preamble_test.cpp).
//
// The one difference: the imported files are resolved without the file that
// imports them, as modules are; their own references never resolve to the
// importing file's globals (they are not the main file's diagnostics anyway).
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/analysis.hpp"

namespace ark::analysis {

class ResolverState;

struct Preamble {
    std::string path;
    // The main file's text up to the end of its last leading import form.
    std::string text;
    size_t import_forms = 0;  // how many top-level forms that text holds
    // The analysis of `text` alone: every imported file, expanded and resolved.
    std::shared_ptr<const Analysis> analysis;
    std::shared_ptr<const expand::ExpandState> expansion;
    std::shared_ptr<const ResolverState> resolution;
    uint32_t node_count = 0;  // nodes analysis' program was labelled with
    // Its diagnostics before (parse, expansion) and from the checks, apart:
    // an analysis on top of it keeps the checks only when nothing anywhere
    // is a syntax error, as analyze() does.
    std::vector<Diagnostic> early_diagnostics;
    std::vector<Diagnostic> check_diagnostics;
    bool mentions_deprecated = false;  // some file it read says @deprecated
};

// The preamble of `text`, or null when it has no leading imports, when they
// (or the text between them) have a syntax error, or when options.cancelled()
// says so.
std::shared_ptr<const Preamble> build_preamble(const std::string& path, const std::string& text,
                                               const AnalysisOptions& options);

// Whether `text` of `path` begins with the preamble's leading imports
// unchanged, and the preamble can serve that path: its own, or another file
// of the same folder (imports resolve from the folder) that the preamble
// neither read (that file would import itself) nor had an expansion error
// for. analyze_with_preamble() checks the rest. So files of one folder that
// begin with the same imports (`(import std.Prelude)`) share one preamble.
bool preamble_matches(const Preamble& preamble, const std::string& path, std::string_view text);

// The analysis of `text` on top of `preamble` (see the top of this file): null
// when preamble_matches() says no, when the text does not begin with the
// preamble's imports exactly (as forms), or imports
// anything after them (directly or through a macro), or when
// options.cancelled() says so; the caller then
// runs analyze(). options.read_file and the roots are not used: the preamble
// read every file.
std::shared_ptr<Analysis> analyze_with_preamble(std::shared_ptr<const Preamble> preamble, const std::string& path,
                                                std::string text, const AnalysisOptions& options);

// The last steps of analyze_with_preamble(), shared with reanalyze(): labels,
// checks and resolves a.expanded.program on top of a.preamble and sets
// a.diagnostics from `early` (the main file's parse and lowering diagnostics,
// then every expansion diagnostic) and the checks.
void resolve_on_preamble(Analysis& a, std::vector<Diagnostic> early);

}  // namespace ark::analysis
