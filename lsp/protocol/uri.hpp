// file:// URIs <-> filesystem paths (RFC 8089, percent-encoding). Other schemes
// (untitled:, vscode-notebook-cell:) pass through unchanged as opaque names.
#pragma once
#include <string>
#include <string_view>

namespace ark::lsp {

std::string path_from_uri(std::string_view uri);
std::string uri_from_path(std::string_view path);

}  // namespace ark::lsp
