//! Implementation of textDocument/diagnostic and workspace/diagnostic
//! (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_diagnostic).
#pragma once
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ark::lsp::features {

// Feature: Pull diagnostics
// The client asks for a file's diagnostics (or for every .ark file of the
// workspace, open or not) instead of waiting for them to be pushed. They are
// the pushed ones: the same build (server/snapshot.hpp) with its lints.
//
// Result ids. A report's id is a hash of the report itself, so a client that
// sends back the id it holds gets `unchanged` whenever the problems are the
// same, whatever was edited. For workspace/diagnostic the server also
// remembers, per file, a fingerprint of what the report was computed from
// (the file's text and the texts of every file its analysis read): a file
// whose inputs did not change is not analysed again.

// The result id of a report (its serialisation).
std::string result_id_of(std::string_view report);

// A hash of a file's text and of the current texts of the files its last
// analysis read (nullopt: that file cannot be read now).
uint64_t input_fingerprint(std::string_view text, const std::vector<std::optional<std::string>>& import_texts);

// What workspace/diagnostic computed for each file. Thread-safe.
class PulledReports {
public:
    struct Report {
        uint64_t fingerprint = 0;
        std::vector<std::string> imports;  // the paths the analysis read
        std::string result_id;
        std::string items;  // the serialised diagnostics, opaque here
    };

    std::optional<Report> find(const std::string& path) const;
    void store(const std::string& path, Report report);

private:
    mutable std::mutex mutex_;
    std::map<std::string, Report> reports_;
};

}  // namespace ark::lsp::features
