// Entry point of expand/: runs the one walk of macros.cpp + imports.cpp over
// the main program's forms.
#include "expand/expand.hpp"

#include "expand/expander.hpp"

namespace ark::expand {

class ExpandState {
public:
    explicit ExpandState(detail::Expander sealed) : expander(std::move(sealed)) {}
    const detail::Expander expander;
};

ExpandResult expand_program(std::vector<syntax::Sexp> forms, SourceMap& sources, const ExpandOptions& options,
                            std::shared_ptr<const ExpandState>* state) {
    ExpandResult result;
    detail::Expander expander(sources, options, result);
    std::optional<detail::Expander> kept;
    expander.run(forms, state ? &kept : nullptr);
    if (state && kept) *state = std::make_shared<const ExpandState>(std::move(*kept));
    result.program = std::move(forms);
    return result;
}

size_t built_nodes_of(const ExpandState& state) { return state.expander.built_nodes(); }

std::optional<ExpandResult> expand_after(const ExpandState& state, std::vector<syntax::Sexp> forms, SourceMap& sources,
                                         const ExpandOptions& options, std::shared_ptr<const ExpandState>* after) {
    ExpandResult result;
    std::optional<detail::Expander> kept;
    std::optional<std::vector<syntax::Sexp>> program =
        state.expander.continue_with(std::move(forms), sources, options, result, after ? &kept : nullptr);
    if (!program) return std::nullopt;
    if (after && kept) *after = std::make_shared<const ExpandState>(std::move(*kept));
    result.program = std::move(*program);
    result.imports.erase(result.imports.begin(),
                         result.imports.begin() + static_cast<std::ptrdiff_t>(state.expander.kept_import_count()));
    return result;
}

}  // namespace ark::expand
