// `.arklint.json`: discovery, reading and parsing (see arklint_json.hpp).
#include "arklint_json.hpp"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/files.hpp"

namespace ark::config {

namespace fs = std::filesystem;

namespace {

// Joins message parts (GCC 12 at -O3 warns falsely on `"literal" + std::string&&`).
template <typename... Parts>
std::string cat(const Parts&... parts) {
    std::string out;
    (out.append(std::string_view(parts)), ...);
    return out;
}

// Absolute and lexically normal, without a trailing slash (but "/").
std::string normal(const std::string& path) {
    std::error_code ec;
    const fs::path absolute = fs::absolute(path, ec);
    std::string out = (ec ? fs::path(path) : absolute).lexically_normal().string();
    while (out.size() > 1 && out.back() == '/') out.pop_back();
    return out;
}

std::optional<Severity> parse_severity(const std::string& s) {
    if (s == "error") return Severity::Error;
    if (s == "warning" || s == "warn") return Severity::Warning;
    if (s == "info" || s == "information" || s == "note") return Severity::Information;
    if (s == "hint") return Severity::Hint;
    return std::nullopt;
}

// One rule value: "off" | "on" | a severity | true/false | {"enabled": bool, "severity": "..."}.
bool parse_rule(const nlohmann::json& value, lints::LintRule& rule) {
    if (value.is_boolean()) {
        rule.enabled = value.get<bool>();
        return true;
    }
    if (value.is_string()) {
        std::string s = value.get<std::string>();
        if (s == "off" || s == "false" || s == "disable" || s == "disabled") rule.enabled = false;
        else if (s == "on" || s == "true" || s == "enable" || s == "enabled") rule.enabled = true;
        else if (auto severity = parse_severity(s)) rule.severity = severity;
        else return false;
        return true;
    }
    if (value.is_object()) {
        if (value.contains("enabled")) {
            if (!value["enabled"].is_boolean()) return false;
            rule.enabled = value["enabled"].get<bool>();
        }
        if (value.contains("severity")) {
            if (!value["severity"].is_string()) return false;
            auto severity = parse_severity(value["severity"].get<std::string>());
            if (!severity) return false;
            rule.severity = severity;
        }
        return true;
    }
    return false;
}

// Where a key is written in the text (its first quoted occurrence), for the
// editor to point at; nlohmann keeps no positions.
LintConfigError at_key(std::string message, std::string_view text, const std::string& key) {
    LintConfigError error{std::move(message), std::nullopt, 0};
    const std::string quoted = cat("\"", key, "\"");
    if (const size_t at = text.find(quoted); at != std::string_view::npos) {
        error.offset = static_cast<uint32_t>(at);
        error.length = static_cast<uint32_t>(quoted.size());
    }
    return error;
}

// The folder holding `folder` among `roots` (the deepest), or "".
std::string enclosing_root(const std::string& folder, const std::vector<std::string>& roots) {
    std::string best;
    for (const std::string& root : roots) {
        const std::string normal_root = normal(root);
        if (is_within(folder, normal_root) && normal_root.size() > best.size()) best = normal_root;
    }
    return best;
}

// The real paths a configuration for a source in `folder` may be read from.
std::vector<std::string> readable_roots(const std::string& folder, const LintConfigSearch& search) {
    std::vector<std::string> roots = search.roots.value_or(std::vector<std::string>{});
    if (enclosing_root(folder, roots).empty()) roots.push_back(folder);
    return real_paths(roots);
}

}  // namespace

std::optional<lints::LintConfig> parse_lint_config(std::string_view text, const std::string& path,
                                                   LintConfigError& error) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text, nullptr, true, true);
    } catch (const nlohmann::json::parse_error& e) {
        // e.byte counts the bytes read, the offending one included.
        const size_t at = std::min<size_t>(e.byte > 0 ? e.byte - 1 : 0, text.size());
        const std::string_view before = text.substr(0, at);
        const size_t line = 1 + static_cast<size_t>(std::count(before.begin(), before.end(), '\n'));
        const size_t last_break = before.rfind('\n');
        const size_t column = 1 + (last_break == std::string_view::npos ? at : at - last_break - 1);
        error = {cat("`", path, "` is not a JSON object (syntax error at line ", std::to_string(line), ", column ",
                     std::to_string(column), ")"),
                 static_cast<uint32_t>(at), at < text.size() ? 1u : 0u};
        return std::nullopt;
    }
    if (!j.is_object()) {
        error = {cat("`", path, "` is not a JSON object"), uint32_t{0}, 0};
        return std::nullopt;
    }
    lints::LintConfig config;
    if (j.contains("run_on_broken_code") && j["run_on_broken_code"].is_boolean())
        config.run_on_broken_code = j["run_on_broken_code"].get<bool>();
    if (j.contains("rules")) {
        if (!j["rules"].is_object()) {
            error = at_key(cat("`rules` in `", path, "` must be an object"), text, "rules");
            return std::nullopt;
        }
        for (const auto& [key, value] : j["rules"].items()) {
            if (key != "all" && !lints::find_lint(key)) {
                error = at_key(cat("unknown lint `", key, "` in `", path, "` (see `ark lint --explain CODE`)"), text, key);
                return std::nullopt;
            }
            lints::LintRule rule;
            if (!parse_rule(value, rule)) {
                error = at_key(cat("invalid setting for `", key, "` in `", path, "`: use \"off\", \"on\", or a severity"),
                               text, key);
                return std::nullopt;
            }
            config.rules[key] = rule;
        }
    }
    return config;
}

std::string find_lint_config(const std::string& source, const LintConfigSearch& search) {
    if (!search.explicit_path.empty()) return normal(search.explicit_path);
    const fs::path folder = fs::path(normal(source)).parent_path();
    // The highest folder looked in: the workspace folder holding the source,
    // else its own folder; without roots, the filesystem root.
    std::string ceiling;
    if (search.roots) {
        ceiling = enclosing_root(folder.string(), *search.roots);
        if (ceiling.empty()) ceiling = folder.string();
    }
    std::error_code ec;
    for (fs::path dir = folder;; dir = dir.parent_path()) {
        const fs::path candidate = dir / kLintConfigName;
        if (fs::exists(candidate, ec)) return candidate.string();
        if (dir.string() == ceiling || !dir.has_parent_path() || dir.parent_path() == dir) break;
    }
    return std::string();
}

LintConfigFile read_lint_config(const std::string& path, const std::vector<std::string>* real_roots) {
    LintConfigFile file;
    file.path = normal(path);
    // The same rule as for sources: a project's .arklint.json may be a FIFO,
    // /dev/zero or a symlink out of the workspace.
    FileRead read = real_roots ? read_file_within(file.path, *real_roots, kMaxLintConfigBytes)
                               : read_regular_file(file.path, kMaxLintConfigBytes);
    if (!read.text) {
        file.error = LintConfigError{
            cat("can not read `", file.path, "`: ", describe(read.problem, kMaxLintConfigBytes)), std::nullopt, 0};
        return file;
    }
    file.text = std::move(*read.text);
    LintConfigError error;
    if (std::optional<lints::LintConfig> config = parse_lint_config(file.text, file.path, error))
        file.config = std::make_shared<const lints::LintConfig>(std::move(*config));
    else
        file.error = std::move(error);
    return file;
}

// ---------------------------------------------------------------- finder

LintConfigFinder::LintConfigFinder(LintConfigSearch search) : search_(std::move(search)) {}

std::shared_ptr<const LintConfigFile> LintConfigFinder::load(const std::string& path, const std::string& source_folder,
                                                             std::vector<std::shared_ptr<const LintConfigFile>>& read) {
    if (const auto cached = files_.find(path); cached != files_.end()) return cached->second;
    std::vector<std::string> roots;
    if (search_.confine_reads) roots = readable_roots(source_folder, search_);
    LintConfigFile loaded = read_lint_config(path, search_.confine_reads ? &roots : nullptr);
    loaded.sequence = ++reads_;
    auto file = std::make_shared<const LintConfigFile>(std::move(loaded));
    files_.emplace(path, file);
    read.push_back(file);
    return file;
}

void LintConfigFinder::report(const std::vector<std::shared_ptr<const LintConfigFile>>& read) {
    if (read.empty()) return;
    OnRead callback;
    {
        std::lock_guard lock(mutex_);
        callback = on_read_;
    }
    if (callback)
        for (const auto& file : read) callback(*file);
}

std::shared_ptr<const LintConfigFile> LintConfigFinder::for_file(const std::string& source) {
    std::vector<std::shared_ptr<const LintConfigFile>> read;
    std::shared_ptr<const LintConfigFile> result;
    {
        std::lock_guard lock(mutex_);
        const std::string folder = fs::path(normal(source)).parent_path().string();
        auto found = found_.find(folder);
        if (found == found_.end()) found = found_.emplace(folder, find_lint_config(source, search_)).first;
        result = found->second.empty() ? defaults_ : load(found->second, folder, read);
    }
    report(read);
    return result;
}

std::shared_ptr<const LintConfigFile> LintConfigFinder::reread(const std::string& path) {
    std::vector<std::shared_ptr<const LintConfigFile>> read;
    std::shared_ptr<const LintConfigFile> result;
    {
        std::lock_guard lock(mutex_);
        const std::string normal_path = normal(path);
        files_.erase(normal_path);
        result = load(normal_path, fs::path(normal_path).parent_path().string(), read);
    }
    report(read);
    return result;
}

void LintConfigFinder::forget() {
    std::lock_guard lock(mutex_);
    found_.clear();
    files_.clear();
}

void LintConfigFinder::reset(LintConfigSearch search) {
    std::lock_guard lock(mutex_);
    search_ = std::move(search);
    found_.clear();
    files_.clear();
}

void LintConfigFinder::on_read(OnRead callback) {
    std::lock_guard lock(mutex_);
    on_read_ = std::move(callback);
}

}  // namespace ark::config
