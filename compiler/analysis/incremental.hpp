// Rebuilding an Analysis after an edit by recycling the one before it: the
// language server's fast path while the user types in a big file.
#pragma once
#include <memory>
#include <string>

#include "analysis/analysis.hpp"

namespace ark::analysis {

// Returns the analysis of `text`, equal in every field to what
// analyze(path, text, options) returns, made from `previous`: the analysis of
// an earlier text of the same file, to which `previous` must be the only
// reference. `previous` is moved from (and changed in place) once the
// rebuild commits, and the rebuild then runs to the end: options.cancelled()
// is heeded only before, and then, like any decline, returns null and
// leaves `previous` as it was.
//
// Only the top-level forms the edit touches are lexed, parsed and lowered
// again; everything else is shifted; those forms alone are checked and
// resolved when what they define is as it was (splice_resolution.hpp), else
// the whole program is. That is exact only when nothing outside those forms can
// change: so `previous` may have no expansion or import diagnostics and no
// parse diagnostics but the parser's bracket errors (which stay within their
// top-level form), and neither text may use macros, spreads or imports
// (expansion is then the identity). A form left open inside the edited form
// (the enclosing bracket closes it, with an error) or a stray closer is taken.
// Declines (returns null) when those conditions fail or when the edit leaves
// a top-level form open or a string unterminated (the rest of the file would
// parse differently): the caller then runs analyze().
// Whether reanalyze() may start from `analysis` as far as its parse goes: no
// diagnostics but the parser's bracket errors. A lexer error may reach past
// its form (an unterminated string takes in the rest of the file), so an
// analysis with one is never a start; the language server keeps the last
// analysis before it instead, for when the string is closed again.
bool parse_allows_recycling(const Analysis& analysis);

std::shared_ptr<Analysis> reanalyze(std::shared_ptr<Analysis>& previous, const std::string& path, std::string text,
                                    const AnalysisOptions& options);

}  // namespace ark::analysis
