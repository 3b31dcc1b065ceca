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
        case ReferenceKind::Builtin: error = "`" + reference.name + "` is a builtin and cannot be renamed"; break;
        case ReferenceKind::Dynamic:
            error = "`" + reference.name + "` is resolved at run time through the callers; rename one of its bindings instead";
            break;
        case ReferenceKind::Field: error = "fields are resolved at run time; rename the captured variable instead"; break;
        default: error = "`" + reference.name + "` is not defined anywhere"; break;
        }
        return std::nullopt;
    }
    return RenameTarget{target->range.range, analysis.symbols.symbols[target->symbol].name};
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
    const int symbol = target_at(analysis, offset)->symbol;
    // The field names captures of the name make: the name itself, and the
    // name written after `&` where that differs (`&n` reads a package's
    // `pkg:n` and makes `.n`, LANGUAGE-4.8 §3.5).
    std::vector<std::string> field_names{target->name};
    for (const analysis::Symbol& capture : table.symbols)
        if (capture.kind == analysis::SymbolKind::Capture && capture.name == target->name)
            field_names.push_back(capture_field_name(analysis, capture));
    for (const analysis::Reference& reference : table.references) {
        if (reference.kind == ReferenceKind::Dynamic && reference.name == target->name) {
            result.error = "renaming would change the meaning of `" + target->name +
                           "`, which is looked up dynamically elsewhere; rename it by hand";
            return result;
        }
        if (reference.kind == ReferenceKind::Field &&
            std::find(field_names.begin(), field_names.end(), reference.name) != field_names.end()) {
            result.error = "`" + target->name + "` is also read as a closure field (`a." + reference.name +
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
    for (const Occurrence& occurrence : occurrences(analysis, symbol))
        result.edits.push_back(occurrence.where);
    return result;
}

}  // namespace ark::lsp::features
