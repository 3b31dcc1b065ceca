// JSON glue for workspace/willRenameFiles (features/file_rename.hpp): every
// .ark file of the workspace, its open buffer or its text on disk (read under
// the server's rules), checked on the pool for imports of a moved file.
#include "base/files.hpp"
#include "features/file_rename.hpp"
#include "protocol/convert.hpp"
#include "protocol/uri.hpp"
#include "protocol/values.hpp"
#include "server/handlers.hpp"
#include "server/session.hpp"
#include "server/workspace_builds.hpp"

namespace ark::lsp {

namespace {


std::string path_of(const std::string& uri) {
    const std::string path = path_from_uri(uri);
    return path.starts_with("/") ? normal_path(path) : std::string();
}

}  // namespace

void advertise_will_rename_files(json& capabilities) {
    const json filters = {{{"scheme", "file"}, {"pattern", {{"glob", "**/*.ark"}, {"matches", "file"}}}},
                          {{"scheme", "file"}, {"pattern", {{"glob", "**/*"}, {"matches", "folder"}}}}};
    capabilities["workspace"]["fileOperations"]["willRename"] = {{"filters", filters}};
}

void on_will_rename_files(Session& session, const Request& request) {
    std::vector<features::FileMove> moves;
    for (const json& file : request.params.at("files")) {
        const std::string from = path_of(file.at("oldUri").get<std::string>());
        const std::string to = path_of(file.at("newUri").get<std::string>());
        if (!from.empty() && !to.empty())
            moves.push_back({from, to});
    }
    const CancelToken cancel;
    session.pending.insert_or_assign(id_key(request.id), cancel);
    session.pipeline->scheduler().run([&session, moves = std::move(moves), cancel, id = request.id,
                            builds = WorkspaceBuilds::of(session), stop = session.stop_work] {
        json changes = json::object();
        for (const std::string& path : builds->files(stop)) {
            if (cancel.cancelled() || stop.cancelled())
                return;
            const std::optional<std::string> text = builds->text(session, path);
            if (!text)
                continue;
            const std::vector<features::ImportEdit> edits =
                features::import_edits_for_moves(path, *text, moves, is_regular_file);
            if (edits.empty())
                continue;
            const LineIndex lines(*text);
            json& file_edits = changes[uri_from_path(path)];
            for (const features::ImportEdit& edit : edits)
                file_edits.push_back(text_edit_json(lines, builds->encoding, edit.range, edit.new_package));
        }
        session.events.push(RequestFinished{id, make_response(id, {{"changes", std::move(changes)}})});
    });
}

}  // namespace ark::lsp
