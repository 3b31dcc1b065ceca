// `ark lsp --check FILE`: every feature at every token of one file, without an
// editor or threads (after clangd's --check). Requests go through the same
// dispatch table and JSON glue as a real session, so a crash or an internal
// error found here is one a user would hit; the report names the method and
// the position, and the timings show which feature is slow on this file.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

#include "arklint_json.hpp"
#include "base/files.hpp"
#include "protocol/convert.hpp"
#include "protocol/uri.hpp"
#include "server/dispatch.hpp"
#include "server/requests.hpp"
#include "server/server.hpp"

namespace ark::lsp {

namespace {

using Clock = std::chrono::steady_clock;

struct Timing {
    size_t n_calls = 0;
    size_t n_internal_errors = 0;
    double total_ms = 0;
    double max_ms = 0;
};

class Checker {
public:
    Checker(const Snapshot& snapshot, FILE* out) : snapshot_(snapshot), out_(out) {}

    // Runs `method` once; an internal error (the catch-all's -32603) is a bug.
    void call(std::string_view method, const json& params, LineColumn where) {
        const Route* route = find_route(method);
        const auto* handler = route ? std::get_if<SnapshotRequestHandler>(&route->handler) : nullptr;
        if (!handler)
            return;
        Timing& timing = timings_[std::string(method)];
        const auto started = Clock::now();
        try {
            (*handler)(snapshot_, params, CancelToken());
        } catch (...) {
            const ErrorReply error = error_reply_for(std::current_exception());
            if (error.code == ErrorCode::InternalError) {
                timing.n_internal_errors++;
                std::fprintf(out_, "E %s at %u:%u: %s\n", std::string(method).c_str(), where.line + 1, where.column + 1,
                             error.message.c_str());
            }
        }
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
        timing.n_calls++;
        timing.total_ms += ms;
        timing.max_ms = std::max(timing.max_ms, ms);
    }

    size_t report() const {
        size_t n_errors = 0;
        std::fprintf(out_, "%-40s %8s %10s %10s %10s %7s\n", "method", "calls", "total ms", "mean ms", "max ms", "errors");
        for (const auto& [method, timing] : timings_) {
            std::fprintf(out_, "%-40s %8zu %10.1f %10.3f %10.3f %7zu\n", method.c_str(), timing.n_calls, timing.total_ms,
                         timing.n_calls ? timing.total_ms / static_cast<double>(timing.n_calls) : 0.0, timing.max_ms,
                         timing.n_internal_errors);
            n_errors += timing.n_internal_errors;
        }
        return n_errors;
    }

private:
    const Snapshot& snapshot_;
    FILE* out_;
    std::map<std::string, Timing> timings_;
};

}  // namespace

int check_file(const std::string& path, const ServerOptions& options) {
    FILE* out = stdout;
    const FileRead read = read_regular_file(path);
    if (!read.text) {
        std::fprintf(stderr, "error: cannot read %s: %s\n", path.c_str(), describe(read.problem).c_str());
        return 2;
    }
    const std::optional<std::string>& text = read.text;
    const std::string uri = uri_from_path(normal_path(path));
    // Unrestricted imports: a user runs this by hand on a file of their choice.
    // Its `.arklint.json` as `ark lint` finds it (up to the filesystem root);
    // one that can not be used is reported and the defaults apply, as in an editor.
    auto lint_configs = std::make_shared<config::LintConfigFinder>(config::LintConfigSearch{{}, std::nullopt, false});
    if (const auto found = lint_configs->for_file(normal_path(path)); found->error)
        std::fprintf(stderr, "warning: %s; the default lint settings apply\n", found->error->message.c_str());
    const BuildInput input{uri, 1, std::make_shared<const std::string>(*text), PositionEncoding::Utf16, nullptr, nullptr, nullptr,
                           lint_configs};
    auto started = Clock::now();
    BuildConfig config;
    config.library_paths = options.library_paths;
    const std::shared_ptr<const Snapshot> snapshot = build_snapshot(input, config);
    snapshot->lint();
    const double build_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    const json diagnostics = publish_diagnostics_params(*snapshot)["diagnostics"];
    std::fprintf(out, "%s: %zu bytes, %u lines, analysed in %.1f ms, %zu diagnostics\n", path.c_str(), text->size(),
                 snapshot->lines.line_count(), build_ms, diagnostics.size());
    for (const json& diagnostic : diagnostics)
        std::fprintf(out, "  %u:%u %s %s\n", diagnostic["range"]["start"]["line"].get<uint32_t>() + 1,
                     diagnostic["range"]["start"]["character"].get<uint32_t>() + 1,
                     diagnostic["code"].get<std::string>().c_str(),
                     diagnostic["message"].get<std::string>().substr(0, 100).c_str());

    Checker checker(*snapshot, out);
    const json document{{"uri", uri}};
    const json whole = range_to_json({0, static_cast<uint32_t>(text->size())}, snapshot->lines, snapshot->encoding);
    const LineColumn origin{0, 0};
    for (const char* method : {"textDocument/documentSymbol", "textDocument/foldingRange",
                               "textDocument/semanticTokens/full", "textDocument/formatting",
                               "textDocument/documentLink", "textDocument/diagnostic"})
        checker.call(method, {{"textDocument", document}}, origin);
    checker.call("textDocument/semanticTokens/range", {{"textDocument", document}, {"range", whole}}, origin);
    checker.call("textDocument/inlayHint", {{"textDocument", document}, {"range", whole}}, origin);
    checker.call("textDocument/rangeFormatting", {{"textDocument", document}, {"range", whole}}, origin);

    // Every token, at its first character and just after its last (where a
    // cursor sits while typing), plus the end of the file.
    std::vector<uint32_t> offsets;
    if (snapshot->analysis)
        for (const syntax::Token& token : snapshot->analysis->parse.tree.tokens) {
            if (token.kind == syntax::TokenKind::Whitespace)
                continue;
            offsets.push_back(token.range.begin);
            offsets.push_back(token.range.end);
        }
    offsets.push_back(static_cast<uint32_t>(text->size()));
    std::sort(offsets.begin(), offsets.end());
    offsets.erase(std::unique(offsets.begin(), offsets.end()), offsets.end());

    for (const uint32_t offset : offsets) {
        const LineColumn where = snapshot->position_of(offset);
        const json position = position_to_json(where);
        const json at{{"textDocument", document}, {"position", position}};
        for (const char* method : {"textDocument/hover", "textDocument/definition", "textDocument/documentHighlight",
                                   "textDocument/completion", "textDocument/signatureHelp",
                                   "textDocument/prepareRename", "textDocument/prepareCallHierarchy"})
            checker.call(method, at, where);
        checker.call("textDocument/references",
                     {{"textDocument", document}, {"position", position}, {"context", {{"includeDeclaration", true}}}},
                     where);
        checker.call("textDocument/rename", {{"textDocument", document}, {"position", position}, {"newName", "renamed"}},
                     where);
        checker.call("textDocument/selectionRange", {{"textDocument", document}, {"positions", {position}}}, where);
        const json here{{"start", position}, {"end", position}};
        checker.call("textDocument/codeAction",
                     {{"textDocument", document}, {"range", here}, {"context", {{"diagnostics", json::array()}}}}, where);
        checker.call("textDocument/inlineValue",
                     {{"textDocument", document}, {"range", whole}, {"context", {{"frameId", 1}, {"stoppedLocation", here}}}},
                     where);
    }
    const size_t n_errors = checker.report();
    std::fprintf(out, "%zu positions checked, %zu internal error%s\n", offsets.size(), n_errors, n_errors == 1 ? "" : "s");
    return n_errors == 0 ? 0 : 1;
}

}  // namespace ark::lsp
