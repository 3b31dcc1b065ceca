// Rename with dynamic-scoping checks (see rename.hpp).
#include "features/rename.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "features/cursor.hpp"
#include "vocabulary.hpp"

namespace ark::lsp::features {

namespace {

using analysis::ReferenceKind;

bool is_identifier(const std::string& name) {
    if (name.empty() || !syntax::is_identifier_start(name[0]))
        return false;
    return std::all_of(name.begin() + 1, name.end(), [](char c) { return syntax::is_identifier_char(c); });
}

bool looks_like_number(const std::string& name) {
    const size_t first = name[0] == '-' ? 1 : 0;
    return first < name.size() && name[first] >= '0' && name[first] <= '9';
}

// A capture `&n` is both a read of the variable n it captures and the
// definition of the closure's own n (its field): one name, so renaming either
// renames both. The symbols to rename with `symbol`: its group, and the
// groups joined to it through captures, either way.
std::vector<int> captured_together(const analysis::Analysis& analysis, int symbol) {
    const analysis::SymbolTable& table = analysis.symbols;
    std::vector<int> found, todo{symbol};
    while (!todo.empty()) {
        const int next = todo.back();
        todo.pop_back();
        for (const int member : symbol_group(table, next)) {
            if (std::find(found.begin(), found.end(), member) != found.end()) continue;
            found.push_back(member);
            const analysis::Symbol& s = table.symbols[member];
            // Outward: the variable this capture reads (the reference at its name).
            if (s.kind == analysis::SymbolKind::Capture)
                for (const int r : table.references_touching(s.name_range.file, s.name_range.range.begin))
                    if (table.references[r].range == s.name_range && table.references[r].kind == ReferenceKind::Resolved)
                        todo.push_back(table.references[r].symbol);
            // Inward: the captures that read this variable.
            for (const analysis::Reference* r : table.references_to(member))
                for (const int c : table.symbols_touching(r->range.file, r->range.range.begin))
                    if (table.symbols[c].kind == analysis::SymbolKind::Capture && table.symbols[c].name_range == r->range)
                        todo.push_back(c);
        }
    }
    return found;
}

// The name in an occurrence's range: `&n` is a capture of n.
SourceRange name_part(const analysis::Analysis& analysis, SourceRange where) {
    const std::string_view text = analysis.sources.file(where.file).text;
    if (where.range.begin < where.range.end && where.range.end <= text.size() && text[where.range.begin] == '&')
        ++where.range.begin;
    return where;
}

}  // namespace

std::optional<RenameTarget> prepare_rename(const analysis::Analysis& analysis, uint32_t offset, std::string& error) {
    const std::optional<CursorTarget> target = target_at(analysis, offset);
    if (!target) {
        error = "there is no variable under the cursor";
        return std::nullopt;
    }
    if (target->symbol < 0) {
        const analysis::Reference& reference = analysis.symbols.references[target->reference];
        switch (reference.kind) {
        case ReferenceKind::Builtin: error = "`" + std::string(reference.name) + "` is a builtin and cannot be renamed"; break;
        case ReferenceKind::Dynamic:
            error = "`" + std::string(reference.name) + "` is resolved at run time through the callers; rename one of its bindings instead";
            break;
        case ReferenceKind::Field: error = "fields are resolved at run time; rename the captured variable instead"; break;
        default: error = "`" + std::string(reference.name) + "` is not defined anywhere"; break;
        }
        return std::nullopt;
    }
    return RenameTarget{name_part(analysis, target->range).range, std::string(analysis.symbols.symbols[target->symbol].name)};
}

RenameResult rename(const analysis::Analysis& analysis, uint32_t offset, const std::string& new_name) {
    RenameResult result;
    const std::optional<RenameTarget> target = prepare_rename(analysis, offset, result.error);
    if (!target)
        return result;
    if (!is_identifier(new_name) || looks_like_number(new_name)) {
        result.error = "`" + new_name + "` is not a valid name";
        return result;
    }
    if (language::is_reserved(new_name)) {
        result.error = "`" + new_name + "` is reserved and cannot be bound";
        return result;
    }
    if (new_name == target->name)
        return result;  // nothing to do

    const analysis::SymbolTable& table = analysis.symbols;
    const std::vector<int> renamed = captured_together(analysis, target_at(analysis, offset)->symbol);
    // The field names captures of the name make: the name itself, and the
    // name written after `&` where that differs (`&n` reads a package's
    // `pkg:n` and makes `.n`, LANGUAGE-4.8 §3.5).
    std::vector<std::string> field_names{target->name};
    for (const int member : renamed)
        if (table.symbols[member].kind == analysis::SymbolKind::Capture)
            field_names.push_back(capture_field_name(analysis, table.symbols[member]));
    for (const analysis::Reference& reference : table.references) {
        if (reference.kind == ReferenceKind::Dynamic && reference.name == target->name) {
            result.error = "renaming would change the meaning of `" + target->name +
                           "`, which is looked up dynamically elsewhere; rename it by hand";
            return result;
        }
        if (reference.kind == ReferenceKind::Field &&
            std::find(field_names.begin(), field_names.end(), reference.name) != field_names.end()) {
            result.error = "`" + target->name + "` is also read as a closure field (`a." + std::string(reference.name) +
                           "`), which rename cannot follow; rename it by hand";
            return result;
        }
        if (reference.name == new_name && reference.kind != ReferenceKind::Field) {
            result.error = "`" + new_name + "` is already used in this program; pick a name that is not";
            return result;
        }
    }
    for (const analysis::Symbol& other : table.symbols) {
        if (other.name == new_name) {
            result.error = "`" + new_name + "` is already defined in this program; pick a name that is not";
            return result;
        }
    }
    std::vector<SourceRange> edits;
    for (const int member : renamed)
        for (const Occurrence& occurrence : occurrences(analysis, member)) edits.push_back(name_part(analysis, occurrence.where));
    std::sort(edits.begin(), edits.end(), [](const SourceRange& a, const SourceRange& b) {
        return a.file != b.file ? a.file < b.file : a.range.begin < b.range.begin;
    });
    edits.erase(std::unique(edits.begin(), edits.end()), edits.end());
    result.edits = std::move(edits);
    return result;
}

}  // namespace ark::lsp::features
