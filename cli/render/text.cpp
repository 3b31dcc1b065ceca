#include <algorithm>

#include "render/render.hpp"

namespace ark::cli::render {

namespace {
const char* kBold = "\x1b[1m";
const char* kRed = "\x1b[1;31m";
const char* kYellow = "\x1b[1;33m";
const char* kBlue = "\x1b[1;34m";
const char* kReset = "\x1b[0m";
}  // namespace

std::string diagnostic_text(const Diagnostic& d, const SourceMap& sources, bool color) {
    auto paint = [&](const char* code, const std::string& text) { return color ? code + text + kReset : text; };
    std::string out;
    const SourceFile* file = d.where.file < sources.size() ? &sources.file(d.where.file) : nullptr;
    LineColumn start{}, end{};
    if (file) {
        start = file->lines.to_line_column(d.where.range.begin, PositionEncoding::Utf32);
        end = file->lines.to_line_column(std::max(d.where.range.end, d.where.range.begin), PositionEncoding::Utf32);
        out += paint(kBold, file->path + ":" + std::to_string(start.line + 1) + ":" + std::to_string(start.column + 1) + ":") + " ";
    }
    bool warning = d.severity != Severity::Error;
    std::string label = warning ? (d.kind == "warning" ? "warning" : d.kind) : d.kind;
    out += paint(warning ? kYellow : kRed, label + "[" + d.code + "]") + ": " + d.message + "\n";
    if (file) {
        std::string line_no = std::to_string(start.line + 1);
        std::string pad(line_no.size(), ' ');
        std::string_view text = file->lines.line_text(start.line);
        std::string shown(text);
        std::replace(shown.begin(), shown.end(), '\t', ' ');
        out += "    " + paint(kBlue, line_no + " |") + " " + shown + "\n";
        size_t width = 1;
        if (end.line == start.line && end.column > start.column) width = end.column - start.column;
        else if (end.line != start.line) {
            LineColumn line_end = file->lines.to_line_column(
                file->lines.line_start(start.line) + static_cast<uint32_t>(text.size()), PositionEncoding::Utf32);
            width = line_end.column > start.column ? line_end.column - start.column : 1;
        }
        std::string underline = "^" + std::string(width - 1, '~');
        out += "    " + paint(kBlue, pad + " |") + " " + std::string(start.column, ' ') +
               paint(warning ? kYellow : kRed, underline) + "\n";
    }
    for (const auto& r : d.related) {
        if (r.where.file >= sources.size()) continue;
        const SourceFile& rf = sources.file(r.where.file);
        LineColumn lc = rf.lines.to_line_column(r.where.range.begin, PositionEncoding::Utf32);
        out += "  note: " + r.message + " (" + rf.path + ":" + std::to_string(lc.line + 1) + ":" +
               std::to_string(lc.column + 1) + ")\n";
    }
    if (d.hint) out += "  " + paint(kBold, "hint:") + " " + *d.hint + "\n";
    return out;
}

std::string runtime_error_text(const vm::ArkError& error, bool color) {
    std::string out = (color ? std::string(kRed) + error.kind_name() + kReset : error.kind_name()) + ": " + error.message + "\n";
    auto frame_line = [](const char* prefix, const vm::TraceFrame& f) {
        std::string line = std::string("  ") + prefix + " " + f.function;
        if (!f.location.empty()) line += " (" + f.location + ")";
        return line + "\n";
    };
    size_t shown = 0;
    for (const auto& f : error.trace) {
        if (shown++ == 16) { out += "  ...\n"; break; }
        out += frame_line("at", f);
    }
    bool first = true;
    shown = 0;
    for (const auto& f : error.awaited_at) {
        if (shown++ == 16) { out += "  ...\n"; break; }
        out += frame_line(first ? "awaited at" : "at", f);
        first = false;
    }
    return out;
}

}  // namespace ark::cli::render
