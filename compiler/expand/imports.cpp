// Import resolution (LANGUAGE.md §3.7): `(import a.b.c)`, `(import a.b.c :x)`,
// `(import a.b.c:*)`. A package is looked up as a/b/c.ark in the main
// program's folder, then in each library folder; its forms are parsed, expanded
// in the importer's macro scope and spliced in place of its first import.
// Later imports of it splice nothing, so cycles are harmless.
//
// Only regular files are read, up to a size limit (base/files.hpp), so a FIFO
// or /dev/zero named like a package cannot block or exhaust memory. With
// allowed roots (the language server), a file whose real path leaves them is
// refused: a symlink in a workspace cannot show another file's lines.
#include <filesystem>
#include <iterator>

#include "base/diagnostic_codes.hpp"
#include "expand/expander.hpp"
#include "syntax/lower.hpp"
#include "syntax/tree.hpp"

namespace ark::expand::detail {

namespace {

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// [A-Za-z0-9][A-Za-z0-9_-]*, at most 255 characters.
bool valid_component(std::string_view part) {
    if (part.empty() || part.size() > 255 || !is_alnum(part[0])) return false;
    for (char c : part)
        if (!is_alnum(c) && c != '_' && c != '-') return false;
    return true;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i) out += separator;
        out += parts[i];
    }
    return out;
}

std::string lower_case(std::string text) {
    for (char& c : text)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return text;
}

std::string join_path(const std::string& dir, const std::string& relative) {
    if (dir.empty()) return relative;
    return (std::filesystem::path(dir) / relative).lexically_normal().generic_string();
}

// Compares two paths as written (no disk access beyond the working folder).
bool same_path(const std::string& a, const std::string& b) {
    if (a.empty() || b.empty()) return false;
    std::error_code error;
    const auto full_a = std::filesystem::absolute(a, error).lexically_normal();
    const auto full_b = std::filesystem::absolute(b, error).lexically_normal();
    return !error && full_a == full_b;
}

// Whether a package defining `names` provides the selected `name`: equal to a
// whole defined name or to its part after the last `:` (`:even` for `math:even`).
bool provides(const std::set<std::string>& names, const std::string& name) {
    if (names.count(name)) return true;
    for (const std::string& defined : names) {
        const size_t colon = defined.rfind(':');
        if (colon != std::string::npos && defined.compare(colon + 1, std::string::npos, name) == 0) return true;
    }
    return false;
}

}  // namespace

void collect_defines(const Sexp& form, std::set<std::string>& names) {
    std::vector<const Sexp*> stack{&form};
    while (!stack.empty()) {
        const Sexp* n = stack.back();
        stack.pop_back();
        const std::string_view head = n->head_name();
        if ((head == "let" || head == "mut") && n->children.size() >= 2 && n->children[1].kind == SexpKind::Symbol)
            names.insert(n->children[1].text);
        else if (n->kind == SexpKind::Brace || head == "begin" || head == "if" || head == "while")
            for (const Sexp& c : n->children) stack.push_back(&c);
    }
}

FileRead Expander::read(const std::string& path) const {
    if (options_->read_file) return options_->read_file(path);
    return read_regular_file(path);
}

bool Expander::allowed(const std::string& path) {
    if (!options_->allowed_roots) return true;
    if (!real_roots_) real_roots_ = real_paths(*options_->allowed_roots);
    return is_within_any(path, *real_roots_);
}

std::optional<std::vector<Sexp>> Expander::open_package(const Sexp& form, Package*& package_out) {
    if (refuse_imports_) {
        // Continuing after a program (expand_after): an import here needs the
        // whole import walk, which the caller then runs instead.
        met_import_ = true;
        return std::nullopt;
    }
    auto invalid = [&](SourceRange where, std::string message, std::optional<std::string> hint = std::nullopt) {
        Diagnostic d = make_diagnostic("E0402", where, std::move(message));
        d.hint = std::move(hint);
        result_->diagnostics.push_back(std::move(d));
    };

    const auto& c = form.children;
    if (c.size() < 2) {
        invalid(form.where, "`import' needs a package name, as in (import std.List)");
        return std::nullopt;
    }
    const Sexp& package_node = c[1];
    ImportRecord record;
    record.where = form.where;
    record.package_range = package_node.where;
    std::vector<std::string> parts;
    if (package_node.kind == SexpKind::Symbol) {
        parts.push_back(package_node.text);
    } else if (package_node.kind == SexpKind::Field) {
        parts = package_node.path.parts();
    } else if (package_node.kind == SexpKind::String) {
        invalid(package_node.where, "packages are named, not quoted: (import \"...\") is ArkScript 3 syntax",
                "write (import a.b.c) to import the file a/b/c.ark");
        return std::nullopt;
    } else {
        invalid(package_node.where, "expected a package name such as std.List, got `" + syntax::repr(package_node) + "'");
        return std::nullopt;
    }
    if (parts.back().size() >= 2 && parts.back().ends_with(":*")) {
        record.star = true;
        parts.back().resize(parts.back().size() - 2);
    }
    for (const std::string& part : parts) {
        if (!valid_component(part)) {
            invalid(package_node.where, "`" + part + "' is not a valid package name component",
                    "a component is made of letters, digits, `_' and `-', and starts with a letter or a digit");
            return std::nullopt;
        }
    }
    record.package = join(parts, ".");
    for (size_t k = 2; k < c.size(); ++k) {
        const Sexp& selector = c[k];
        if (selector.kind != SexpKind::Symbol || selector.text.size() < 2 || selector.text[0] != ':' ||
            selector.text == ":*") {
            invalid(selector.where, "expected a name to import such as `:map', got `" + syntax::repr(selector) + "'",
                    "write (import " + record.package + " :name1 :name2), or (import " + record.package +
                        ":*) for everything");
            return std::nullopt;
        }
        if (record.star) {
            invalid(selector.where, "a `:*' import brings every name and takes no `:name' selectors");
            return std::nullopt;
        }
        record.selectors.push_back(selector.text.substr(1));
    }

    const size_t record_index = result_->imports.size();
    result_->imports.push_back(std::move(record));
    import_uses_.emplace_back(record_index, result_->imports[record_index].package);

    auto [entry, first_import] = packages_.try_emplace(result_->imports[record_index].package);
    Package& package = entry->second;
    package_out = &package;
    if (first_import) package.prefix = lower_case(parts.back());
    if (!first_import) {
        // Already imported (or already reported missing): splice nothing.
        result_->imports[record_index].file = package.file;
        result_->imports[record_index].resolved_path = package.path;
        return std::nullopt;
    }

    const std::string relative = join(parts, "/") + ".ark";
    std::vector<std::string> folders{options_->main_dir};
    folders.insert(folders.end(), options_->library_paths.begin(), options_->library_paths.end());
    std::optional<std::string> text;
    std::string path;
    for (const std::string& folder : folders) {
        path = join_path(folder, relative);
        FileRead found;
        if (allowed(path)) {
            found = read(path);
        } else {
            // Nothing outside is read. Refused only if there is something
            // there (else the search goes on, as for any folder without the
            // file); what it is comes first: a FIFO or /dev/zero is E0404.
            const FileProblem problem = regular_file_problem(path);
            if (problem == FileProblem::Missing) continue;
            if (problem == FileProblem::None) {
                Diagnostic d = make_diagnostic("E0403", package_node.where,
                                               "couldn't import " + result_->imports[record_index].package + ": `" +
                                                   path + "' leads outside the workspace and the library folders");
                d.hint = "it resolves to `" + real_path(path) +
                         "'; imports are read only from the workspace folders and the library path";
                result_->diagnostics.push_back(std::move(d));
                return std::nullopt;
            }
            found = FileRead(problem);
        }
        if (found.text) {
            text = std::move(found.text);
            break;
        }
        if (found.problem != FileProblem::Missing) {
            Diagnostic d = make_diagnostic("E0404", package_node.where,
                                           "couldn't import " + result_->imports[record_index].package + ": `" + path +
                                               "': " + describe(found.problem));
            d.hint = "an imported package must be a regular file of at most " +
                     std::to_string(kMaxSourceFileBytes >> 20) + " MiB";
            result_->diagnostics.push_back(std::move(d));
            return std::nullopt;
        }
    }
    if (!text) {
        std::string searched;
        for (const std::string& folder : folders) searched += (searched.empty() ? "" : ", ") + (folder.empty() ? "." : folder);
        Diagnostic d = make_diagnostic("E0401", package_node.where,
                                       "couldn't import " + result_->imports[record_index].package + ": file not found");
        d.hint = "looked for " + relative + " in " + searched;
        result_->diagnostics.push_back(std::move(d));
        return std::nullopt;
    }

    if (same_path(path, main_path_)) {
        // The main program imports itself: it is already running.
        const int main_file = sources_->find(main_path_);
        if (main_file >= 0) package.file = static_cast<FileId>(main_file);
        package.path = path;
        package.is_main = true;
        result_->imports[record_index].file = package.file;
        result_->imports[record_index].resolved_path = path;
        return std::nullopt;
    }
    const int known = sources_->find(path);
    const FileId file = known >= 0 && sources_->file(static_cast<FileId>(known)).text == *text
                            ? static_cast<FileId>(known)
                            : sources_->add(path, *text);
    package.file = file;
    package.path = path;
    result_->imports[record_index].file = file;
    result_->imports[record_index].resolved_path = path;

    syntax::ParseResult parsed = syntax::parse(*text, file);
    result_->diagnostics.insert(result_->diagnostics.end(), std::make_move_iterator(parsed.diagnostics.begin()),
                               std::make_move_iterator(parsed.diagnostics.end()));
    return syntax::lower(parsed.tree, file, result_->diagnostics);
}

void Expander::import(std::vector<Sexp>& items, size_t& index, Walk walk, bool block) {
    const Sexp form = std::move(items[index]);
    items.erase(items.begin() + static_cast<std::ptrdiff_t>(index));
    Package* package = nullptr;
    std::optional<std::vector<Sexp>> opened = open_package(form, package);
    if (!opened) return;
    // Expanded in the importer's scope: the package's macros stay visible after.
    std::vector<Sexp> forms = expand_unit(std::move(*opened), Walk{walk.depth, walk.nesting, package});

    const auto at = items.begin() + static_cast<std::ptrdiff_t>(index);
    if (block) {
        index += forms.size();
        items.insert(at, std::make_move_iterator(forms.begin()), std::make_move_iterator(forms.end()));
    } else if (forms.size() == 1) {
        items.insert(at, std::move(forms.front()));
        ++index;
    } else if (!forms.empty()) {
        // Not in a block (e.g. the body of a fun): keep one form there.
        Sexp block_node;
        block_node.kind = SexpKind::Brace;
        block_node.where = form.where;
        block_node.children = std::move(forms);
        items.insert(at, std::move(block_node));
        ++index;
    }
}

std::vector<Sexp> Expander::expand_unit(std::vector<Sexp> forms, Walk walk) {
    // One entry per unit being expanded: the unit whose import is being
    // followed sits below the package it imports. Forms before `next` are
    // finished and already moved out (their slots are left moved-from).
    struct Unit {
        std::vector<Sexp> items;
        size_t next = 0;
        Walk walk;
    };
    std::vector<Sexp> out;
    std::vector<Unit> units;
    units.push_back(Unit{std::move(forms), 0, walk});
    while (!units.empty()) {
        Unit& unit = units.back();
        const size_t begin = unit.next;
        const size_t stop = expand_items(unit.items, unit.walk, true, Slots::Many, begin, true);
        out.insert(out.end(), std::make_move_iterator(unit.items.begin() + static_cast<std::ptrdiff_t>(begin)),
                   std::make_move_iterator(unit.items.begin() + static_cast<std::ptrdiff_t>(stop)));
        if (stop >= unit.items.size() || stopped_) {
            units.pop_back();
            continue;
        }
        unit.next = stop + 1;
        Package* package = nullptr;
        std::optional<std::vector<Sexp>> opened = open_package(unit.items[stop], package);
        // Expanded in the importer's scope: the package's macros stay visible after.
        if (opened) units.push_back(Unit{std::move(*opened), 0, Walk{unit.walk.depth, unit.walk.nesting, package}});
    }
    return out;
}

void Expander::check_selectors() {
    for (const auto& [record_index, package_name] : import_uses_) {
        const ImportRecord& record = result_->imports[record_index];
        const Package& package = packages_.at(package_name);
        if (record.selectors.empty()) continue;
        if (!package.file || package.is_main) continue;
        for (const std::string& name : record.selectors) {
            if (provides(package.defines, name)) continue;
            // 4.0+: a compile-time ImportError (it was a warning in the 2024 dialect).
            Diagnostic d = make_diagnostic("E0405", record.where,
                                           "Can not import symbol `" + name + "' from " + package_name + ", as it isn't in the package");
            d.hint = "check the spelling of this selector against the package's definitions";
            result_->diagnostics.push_back(std::move(d));
        }
    }
}

}  // namespace ark::expand::detail
