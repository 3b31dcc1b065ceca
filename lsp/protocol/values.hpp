// The front end's values as LSP JSON: locations, diagnostics, text and
// workspace edits. With convert.hpp (positions and ranges), the only place
// that builds these protocol values; features return plain structs and the
// glue in server/ and runner/ passes them here.
#pragma once
#include <string>
#include <vector>

#include "base/diagnostic.hpp"
#include "base/text.hpp"
#include "protocol/jsonrpc.hpp"

namespace ark::lsp {

// How the files of one analysis appear to the client: each FileId's URI and
// line index, and the position encoding the session negotiated. A Snapshot
// is one (server/snapshot.hpp).
class FileView {
public:
    explicit FileView(PositionEncoding position_encoding) : encoding(position_encoding) {}
    virtual ~FileView() = default;
    virtual std::string uri_of(FileId file) const = 0;
    virtual const LineIndex& lines_of(FileId file) const = 0;

    PositionEncoding encoding;
};

// A Range inside its own file.
json range_json(const FileView& files, const SourceRange& where);
// A Location {uri, range}.
json location_json(const FileView& files, const SourceRange& where);
// A Location from positions already in the client's encoding (the workspace index keeps them so).
json location_json(const std::string& uri, LineColumn start, LineColumn end);
// A TextEdit of one file's text.
json text_edit_json(const LineIndex& lines, PositionEncoding encoding, TextRange range, std::string new_text);
// MarkupContent in markdown.
json markdown(std::string text);
// A Diagnostic, with its code's documentation link, tags and related locations.
json diagnostic_json(const FileView& files, const Diagnostic& diagnostic);
// A WorkspaceEdit {changes: {uri: [TextEdit]}}, edits grouped by file in the
// order given.
json workspace_edit_json(const FileView& files, const std::vector<TextEdit>& edits);
// The same new text at every range (rename).
json workspace_edit_json(const FileView& files, const std::vector<SourceRange>& ranges, const std::string& new_text);

}  // namespace ark::lsp
