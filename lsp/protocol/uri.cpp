// file:// URIs <-> paths (see uri.hpp).
#include "protocol/uri.hpp"

#include <cctype>

namespace ark::lsp {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::string path_from_uri(std::string_view uri) {
    static constexpr std::string_view scheme = "file://";
    if (!uri.starts_with(scheme))
        return std::string(uri);
    std::string_view rest = uri.substr(scheme.size());
    // Skip an authority ("file://localhost/x"); the path starts at the first '/'.
    const size_t slash = rest.find('/');
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    std::string path;
    for (size_t i = 0; i < rest.size(); ++i) {
        if (rest[i] == '%' && i + 2 < rest.size() && hex_value(rest[i + 1]) >= 0 && hex_value(rest[i + 2]) >= 0) {
            path += static_cast<char>(hex_value(rest[i + 1]) * 16 + hex_value(rest[i + 2]));
            i += 2;
        } else {
            path += rest[i];
        }
    }
    return path;
}

std::string uri_from_path(std::string_view path) {
    if (path.empty() || path.front() != '/')
        return std::string(path);  // not an absolute path: an opaque name
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string uri = "file://";
    for (const char c : path) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
            uri += c;
        } else {
            uri += '%';
            uri += hex[byte >> 4];
            uri += hex[byte & 15];
        }
    }
    return uri;
}

}  // namespace ark::lsp
