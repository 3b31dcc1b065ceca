// JSON glue for textDocument/codeAction (features/code_actions.hpp).
#include "features/code_actions.hpp"
#include "protocol/convert.hpp"
#include "protocol/values.hpp"
#include "server/requests.hpp"

namespace ark::lsp {

void advertise_code_action(json& capabilities) {
    capabilities["codeActionProvider"] = {{"codeActionKinds", features::code_action_kinds()}};
}

json on_code_action(const Snapshot& snapshot, const json& params, const CancelToken&) {
    features::CodeActionRequest request;
    request.range = range_from_json(params.at("range"), snapshot.lines, snapshot.encoding);
    request.library_paths = snapshot.library_paths;
    if (const auto context = params.find("context"); context != params.end() && context->is_object())
        if (const auto only = context->find("only"); only != context->end() && only->is_array())
            for (const json& kind : *only)
                if (kind.is_string())
                    request.only.push_back(kind.get<std::string>());
    const analysis::Analysis& analysis = analysis_of(snapshot);
    snapshot.lint();  // usually done already, for the second publish
    json actions = json::array();
    for (const features::CodeAction& action : features::code_actions(analysis, all_diagnostics(snapshot), request)) {
        json item{{"title", action.title}, {"kind", action.kind}, {"edit", workspace_edit_json(snapshot, action.edits)}};
        if (action.diagnostic)
            item["diagnostics"] = {diagnostic_json(snapshot, *action.diagnostic)};
        if (action.kind == "quickfix")
            item["isPreferred"] = action.preferred;
        actions.push_back(std::move(item));
    }
    return actions;
}

}  // namespace ark::lsp
