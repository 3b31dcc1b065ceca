// Package prefixes (ArkScript 4.0, LANGUAGE-4.8.md §3.5). A package defines
// plain names (`(let map ...)` in std/List.ark) and uses them plainly; the
// program sees them as `list:map`, the prefix being the last component of the
// package path, lower-cased. `(import p:*)` also lets the importing file say
// `map`, `(import p :map)` only the names it selects. Macros are not prefixed.
//
// Expansion settles it once, on the expanded program: every name a package
// defines at its top level is renamed `prefix:name` where it is defined and
// wherever its own file (or a file that imported it with `:*` or a selector)
// refers to it, except where a function binds the same name locally. A
// capture `&name` of such a name reads `prefix:name` but keeps the field name
// `.name` the user wrote (syntax::capture_field). What
// comes after (resolution, lints, codegen, the server) only ever sees the
// qualified names, so `list:map` is one global wherever it is read.
//
// A name is attributed to a file by the node's source range: code a macro
// builds carries the range of the macro call, so it is read where it is used
// (as upstream does: std's macros spell `testing:_suite` in full).
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "expand/expander.hpp"

namespace ark::expand::detail {

namespace {

using Renames = std::unordered_map<std::string, std::string>;  // plain name -> qualified name

class Qualifier {
public:
    explicit Qualifier(const std::unordered_map<FileId, Renames>& by_file) : by_file_(by_file) {}

    void walk(Sexp& node) {
        switch (node.kind) {
            case SexpKind::Symbol: rename(node.text, node.where.file); return;
            case SexpKind::Capture: rename_capture(node); return;
            case SexpKind::Field:
                if (!node.path.empty() && rename(node.path[0], node.where.file)) node.text = join_path(node.path.parts());
                return;
            case SexpKind::List:
            case SexpKind::Bracket:
            case SexpKind::Brace: break;
            default: return;
        }
        if (node.head_name() == "fun" && node.children.size() >= 2 && node.children[1].kind == SexpKind::List) {
            walk_function(node);
            return;
        }
        for (Sexp& child : node.children) walk(child);
    }

private:
    // The parameters and the names the body binds with let/mut (outside
    // nested functions) are the function's own: they are never renamed. A
    // package imported inside the body is spliced there, but its top-level
    // names are still the package's (4.0+: `pkg:name`, local to each call):
    // only the function's own file binds or reads its locals.
    void walk_function(Sexp& fun) {
        std::unordered_set<std::string> own;
        for (Sexp& param : fun.children[1].children) {
            if (param.kind == SexpKind::Symbol) own.insert(param.text);
            else if (param.kind == SexpKind::List && param.children.size() == 2 && param.children[1].is_symbol())
                own.insert(param.children[1].text);  // (mut x), (ref x)
            else if (param.kind == SexpKind::Capture) rename_capture(param);
        }
        for (size_t i = 2; i < fun.children.size(); ++i) collect_locals(fun.children[i], fun.where.file, own);
        locals_.push_back({fun.where.file, std::move(own)});
        for (size_t i = 2; i < fun.children.size(); ++i) walk(fun.children[i]);
        locals_.pop_back();
    }

    static void collect_locals(const Sexp& node, FileId file, std::unordered_set<std::string>& own) {
        if (node.kind != SexpKind::List && node.kind != SexpKind::Brace && node.kind != SexpKind::Bracket) return;
        const std::string_view head = node.head_name();
        if (head == "fun") return;
        if ((head == "let" || head == "mut") && node.children.size() >= 2 && node.children[1].is_symbol() &&
            node.where.file == file)
            own.insert(node.children[1].text);
        for (const Sexp& child : node.children) collect_locals(child, file, own);
    }

    bool rename(std::string& name, FileId file) {
        const auto renames = by_file_.find(file);
        if (renames == by_file_.end()) return false;
        const auto found = renames->second.find(name);
        if (found == renames->second.end()) return false;
        for (const auto& [own_file, own] : locals_)
            if (own_file == file && own.count(name)) return false;
        name = found->second;
        return true;
    }

    // `&n` reads `pkg:n` but still makes the field `.n` (4.0+): the name as
    // written stays in `path` (syntax::capture_field).
    void rename_capture(Sexp& capture) {
        std::string written = capture.text;
        if (rename(capture.text, capture.where.file) && capture.path.empty()) capture.path.push_back(std::move(written));
    }

    static std::string join_path(const std::vector<std::string>& path) {
        std::string out;
        for (size_t i = 0; i < path.size(); ++i) out += (i ? "." : "") + path[i];
        return out;
    }

    const std::unordered_map<FileId, Renames>& by_file_;
    std::vector<std::pair<FileId, std::unordered_set<std::string>>> locals_;  // per enclosing function
};

}  // namespace

void Expander::qualify_names(std::vector<Sexp>& program) {
    if (program.empty()) return;
    std::unordered_map<FileId, Renames> by_file;
    // What each file defines at its top level: its own names win over the
    // names it imports without a prefix.
    std::unordered_map<FileId, const std::set<std::string>*> own_names;
    std::set<std::string> main_names;
    const FileId main_file = main_file_;
    for (const Sexp& form : program)
        if (form.where.file == main_file) collect_defines(form, main_names);
    own_names[main_file] = &main_names;

    for (auto& [name, package] : packages_) {
        if (!package.file || package.is_main) continue;
        own_names[*package.file] = &package.values;
        Renames& renames = by_file[*package.file];
        for (const std::string& value : package.values) renames.emplace(value, package.prefix + ":" + value);
    }
    for (const auto& [record_index, package_name] : import_uses_) {
        const ImportRecord& record = result_->imports[record_index];
        const Package& package = packages_.at(package_name);
        if (!package.file || package.is_main || (!record.star && record.selectors.empty())) continue;
        const FileId importer = record.where.file;
        const auto own = own_names.find(importer);
        Renames& renames = by_file[importer];
        auto unprefixed = [&](const std::string& value) {
            if (own != own_names.end() && own->second->count(value)) return;
            renames.emplace(value, package.prefix + ":" + value);
        };
        if (record.star) {
            for (const std::string& value : package.values) unprefixed(value);
        } else {
            for (const std::string& selected : record.selectors)
                if (package.values.count(selected)) unprefixed(selected);
        }
    }
    if (by_file.empty()) return;
    Qualifier qualifier(by_file);
    for (Sexp& form : program) qualifier.walk(form);
}

}  // namespace ark::expand::detail
