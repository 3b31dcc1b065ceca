// Entry point of expand/: runs the one walk of macros.cpp + imports.cpp over
// the main program's forms.
#include "expand/expand.hpp"

#include "expand/expander.hpp"

namespace ark::expand {

ExpandResult expand_program(std::vector<syntax::Sexp> forms, SourceMap& sources, const ExpandOptions& options) {
    ExpandResult result;
    detail::Expander expander(sources, options, result);
    expander.run(forms);
    result.program = std::move(forms);
    return result;
}

}  // namespace ark::expand
