// textDocument/didOpen, didChange, didClose, didSave: JSON -> DocumentStore, then
// the scheduler is told about the new text. Runs on the main loop; never analyses.
#include "base/files.hpp"
#include "protocol/convert.hpp"
#include "protocol/uri.hpp"
#include "server/handlers.hpp"
#include "server/session.hpp"

namespace ark::lsp {

std::shared_ptr<const OpenFiles> open_files(const Session& session) {
    auto files = std::make_shared<OpenFiles>();
    session.documents.for_each([&](const Document& document) {
        const std::string path = path_from_uri(document.uri);
        if (path.starts_with("/"))
            files->emplace(normal_path(path), document.text);
    });
    return files;
}

namespace {

// The normalised path of a file: URI, or "" for other schemes.
std::string path_of(const std::string& uri) {
    const std::string path = path_from_uri(uri);
    return path.starts_with("/") ? normal_path(path) : std::string();
}

ContentChange content_change_from_json(const json& change) {
    ContentChange result;
    result.text = change.at("text").get<std::string>();
    if (const auto range = change.find("range"); range != change.end() && !range->is_null()) {
        if (!range->is_object())
            throw RpcError(ErrorCode::InvalidParams, "invalid params: a change's range must be an object");
        result.range = ContentChange::Range{position_from_json(range->at("start")),
                                            position_from_json(range->at("end"))};
    }
    return result;
}

}  // namespace

void schedule_build(Session& session, const Document& document) {
    session.pipeline->scheduler().update(BuildInput{
        document.uri, document.version, document.text, session.encoding, open_files(session),
        std::make_shared<const std::vector<std::string>>(readable_roots(session, path_of(document.uri))),
        session.disk_changes, session.pipeline->lint_configs()});
}

void advertise_text_sync(json& capabilities) {
    capabilities["textDocumentSync"] = {
        {"openClose", true}, {"change", 2 /* Incremental */}, {"save", {{"includeText", false}}}};
}

void on_did_open(Session& session, const json& params) {
    const json& item = params.at("textDocument");
    const Document& document = session.documents.open(
        item.at("uri").get<std::string>(), item.value("languageId", std::string("arkscript")),
        item.at("version").get<int64_t>(), item.at("text").get<std::string>());
    schedule_build(session, document);
    rebuild_dependents(session, path_of(document.uri));  // they read the disk until now
}

void on_did_change(Session& session, const json& params) {
    const json& identifier = params.at("textDocument");
    const auto uri = identifier.at("uri").get<std::string>();
    const auto version = identifier.at("version").get<int64_t>();
    std::vector<ContentChange> changes;
    for (const json& change : params.at("contentChanges"))
        changes.push_back(content_change_from_json(change));

    const Document* before = session.documents.find(uri);
    if (!before) {
        session.log(LogLevel::Warning, "didChange for a document that is not open: " + uri);
        return;
    }
    if (version <= before->version)
        session.log(LogLevel::Warning, "didChange for " + uri + " does not increase the version (" +
                                           std::to_string(before->version) + " -> " + std::to_string(version) + ")");
    const Document* document = session.documents.change(uri, version, changes, session.encoding);
    schedule_build(session, *document);
    rebuild_dependents(session, path_of(uri));
}

void on_did_close(Session& session, const json& params) {
    const auto uri = params.at("textDocument").at("uri").get<std::string>();
    if (!session.documents.close(uri))
        return;
    session.pipeline->scheduler().remove(uri);
    session.imports_of.erase(uri);
    session.built_diagnostics.erase(uri);
    // Back to the disk: for the index and for the files importing this one.
    if (const std::string path = path_of(uri); !path.empty()) {
        session.pipeline->scheduler().run([&session, path, roots = real_paths(readable_roots(session, path)),
                                index = session.pipeline->index(), encoding = session.encoding] {
            if (const auto text = read_workspace_file(session, path, roots))
                index_text(*index, path, *text, encoding);
            else
                index->remove_file(path);
        });
        rebuild_dependents(session, path);
    }
    // Clear the problems panel: a closed file is no longer ours to report on
    // (a client that pulls forgets a closed document's report by itself).
    if (!session.client_pulls_diagnostics)
        session.send(make_notification("textDocument/publishDiagnostics", {{"uri", uri}, {"diagnostics", json::array()}}));
}

void on_did_save(Session&, const json&) {}

}  // namespace ark::lsp
