// JSON glue for the workspace configuration (see configuration.hpp): the
// "ark.run" section asked with workspace/configuration, or pushed with
// workspace/didChangeConfiguration, goes to the pipeline's configuration.
#include "protocol/extensions.hpp"
#include "server/handlers.hpp"
#include "server/session.hpp"

namespace ark::lsp {

namespace {

bool client_can_configure(const Session& session) {
    const json& capabilities = session.client_capabilities;
    if (!capabilities.is_object())
        return false;
    const auto workspace = capabilities.find("workspace");
    return workspace != capabilities.end() && workspace->is_object() && workspace->value("configuration", false) == true;
}

}  // namespace

void request_workspace_configuration(Session& session) {
    if (!client_can_configure(session))
        return;
    session.outgoing.send(session, "workspace/configuration",
                          {{"items", {{{"section", std::string(extensions::kRunSettingsSection)}}}}},
                          [](Session& session, const Response& response) {
                              if (!response.error.is_null())
                                  session.log(LogLevel::Warning, "workspace/configuration failed: " + response.error.dump());
                              else if (session.pipeline && response.result.is_array() && !response.result.empty())
                                  session.pipeline->configuration().apply_workspace_run_settings(response.result[0]);
                          });
}

void on_did_change_configuration(Session& session, const json& params) {
    if (session.pipeline && params.is_object()) {
        const json settings = params.value("settings", json());
        if (settings.is_object()) {
            WorkspaceConfiguration& configuration = session.pipeline->configuration();
            if (const auto ark = settings.find("ark"); ark != settings.end() && ark->is_object() && ark->contains("run"))
                configuration.apply_workspace_run_settings((*ark)["run"]);
            if (const auto section = settings.find(std::string(extensions::kRunSettingsSection)); section != settings.end())
                configuration.apply_workspace_run_settings(*section);
        }
    }
    request_workspace_configuration(session);
}

}  // namespace ark::lsp
