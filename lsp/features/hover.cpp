// Hover text for names (see hover.hpp).
#include "features/hover.hpp"

#include "features/cursor.hpp"
#include "features/macro_at.hpp"
#include "features/constant_text.hpp"
#include "features/parameter_text.hpp"
#include "vocabulary.hpp"

namespace ark::lsp::features {

namespace {

using analysis::Analysis;
using analysis::ReferenceKind;
using analysis::SymbolKind;

uint32_t line_number(const Analysis& analysis, const SourceRange& where) {
    return analysis.sources.file(where.file).lines.to_line_column(where.range.begin, PositionEncoding::Utf8).line + 1;
}

std::string place(const Analysis& analysis, const SourceRange& where) {
    std::string text = "line " + std::to_string(line_number(analysis, where));
    if (where.file != analysis.main_file)
        text += " of `" + analysis.sources.file(where.file).path + "`";
    return text;
}

std::string code_block(const std::string& code) { return "```ark\n" + code + "\n```"; }

std::string describe_symbol(const Analysis& analysis, int index) {
    const analysis::Symbol& symbol = analysis.symbols.symbols[index];
    std::string code;
    std::string what;
    switch (symbol.kind) {
    case SymbolKind::Parameter: what = "parameter"; code = symbol.name; break;
    case SymbolKind::Capture: {
        // `&n` reading a package's `pkg:n` makes the field `.n` (LANGUAGE-4.8 §3.5).
        const std::string field = capture_field_name(analysis, symbol);
        code = "&" + field;
        what = field == symbol.name ? "captured variable" : "captured variable `" + std::string(symbol.name) + "` (field `." + field + "`)";
        break;
    }
    case SymbolKind::Global:
    case SymbolKind::Local: {
        const char* keyword = symbol.is_mutable ? "mut" : "let";
        what = std::string(symbol.kind == SymbolKind::Global ? "global " : "local ") +
               (symbol.function_params ? "function" : symbol.is_mutable ? "variable" : "constant");
        if (symbol.function_params) {
            const std::string params = parameter_text(*symbol.function_params);
            code = std::string("(") + keyword + " " + std::string(symbol.name) + " (fun (" + params + ") …))";
        } else if (const std::optional<std::string> value = constant_text(analysis, symbol)) {
            code = std::string("(") + keyword + " " + std::string(symbol.name) + " " + *value + ")";
        } else {
            code = std::string("(") + keyword + " " + std::string(symbol.name) + " …)";
        }
        break;
    }
    }
    std::string text = code_block(code) + "\n" + what + ", defined at " + place(analysis, symbol.name_range);
    if (symbol.kind == SymbolKind::Global || symbol.kind == SymbolKind::Local) {
        const std::string doc = analysis::doc_comment_before(analysis.sources.file(symbol.form_range.file),
                                                              symbol.form_range.range.begin);
        if (!doc.empty())
            text += "\n\n---\n\n" + doc;
    }
    return text;
}

std::string describe_builtin(const std::string& name) {
    if (const auto id = language::find_builtin(name)) {
        const language::BuiltinInfo& spec = language::builtins()[*id];
        return code_block(std::string(spec.signature)) + "\nbuiltin function\n\n" + std::string(spec.doc);
    }
    if (const language::ConstantInfo* constant = language::find_constant(name))
        return code_block(name) + "\nbuiltin constant\n\n" + std::string(constant->doc);
    for (const language::KeywordInfo& keyword : language::keywords())
        if (keyword.name == name)
            return code_block(name) + "\nkeyword\n\n" + std::string(keyword.doc);
    const language::OperatorInfo* op = language::find_operator(name);
    if (!op)
        op = language::find_in_place(name);
    if (op) {
        std::string arity = std::to_string(op->min_args);
        if (op->max_args != op->min_args)
            arity += op->max_args < 0 ? " or more" : " to " + std::to_string(op->max_args);
        return code_block(name) + (op->in_place ? "\nlist instruction" : "\noperator") + ", takes " + arity +
               " argument" + (op->max_args == 1 ? "" : "s") + "\n\n" + std::string(op->doc);
    }
    return code_block(name) + "\nbuiltin";
}

// The name of the function whose body is `scope`, e.g. "`f` (line 3)".
std::string function_of_scope(const Analysis& analysis, int scope) {
    const analysis::SymbolTable& table = analysis.symbols;
    const SourceRange& range = table.scopes[scope].range;
    if (table.scopes[scope].is_loop) return "a `while` body at " + place(analysis, range);
    for (const analysis::Symbol& symbol : table.symbols)
        if (symbol.function_params && symbol.value_range == range)
            return "`" + std::string(symbol.name) + "` (" + place(analysis, symbol.name_range) + ")";
    return "a function at " + place(analysis, range);
}

std::string describe_dynamic(const Analysis& analysis, const analysis::Reference& reference) {
    const std::string name(reference.name);
    std::string text = code_block(name) +
                       "\ndynamically resolved: no enclosing scope or global binds `" + name +
                       "`, so at run time it is looked up through the callers";
    std::string binders;
    for (const analysis::Symbol& symbol : analysis.symbols.symbols)
        if (symbol.name == reference.name && symbol.kind != SymbolKind::Global)
            binders += "\n- " + function_of_scope(analysis, symbol.scope);
    if (!binders.empty())
        text += "\n\nbound locally by:" + binders;
    return text;
}

// A macro: the definition's shape, where it is, and its doc comment.
std::string describe_macro(const Analysis& analysis, const expand::MacroRecord& macro) {
    std::string shape = "(macro " + macro.name;
    if (macro.is_function) {
        const std::string params = parameter_text(macro.params);
        shape += " (" + params + ")";
    }
    std::string text = code_block(shape + " …)") + "\n" + (macro.is_function ? "macro function" : "macro") +
                       ", expanded at compile time, defined at " + place(analysis, macro.where);
    const std::string doc = analysis::doc_comment_before(analysis.sources.file(macro.where.file), macro.where.range.begin);
    if (!doc.empty())
        text += "\n\n---\n\n" + doc;
    return text;
}

}  // namespace

std::optional<HoverInfo> hover(const Analysis& analysis, uint32_t offset) {
    // A macro's name first: in the expanded program the table describes, a
    // use is replaced by the expansion, whose forms carry the use's span.
    if (const auto macro = macro_at(analysis, offset))
        return HoverInfo{macro->range.range, describe_macro(analysis, *macro->macro)};
    if (const auto primitive = macro_primitive_at(analysis, offset))
        return HoverInfo{primitive->range.range,
                         code_block("(" + std::string(primitive->info->name) + (primitive->info->params.empty() ? "" : " ") +
                                    std::string(primitive->info->params) + ")") +
                             "\nmacro primitive (computed while expanding macros)\n\n" + std::string(primitive->info->doc)};
    const std::optional<CursorTarget> target = target_at(analysis, offset);
    if (!target)
        return std::nullopt;
    HoverInfo info{target->range.range, {}};
    if (target->symbol >= 0) {
        info.markdown = describe_symbol(analysis, target->symbol);
        return info;
    }
    const analysis::Reference& reference = analysis.symbols.references[target->reference];
    switch (reference.kind) {
    case ReferenceKind::Builtin: info.markdown = describe_builtin(std::string(reference.name)); break;
    case ReferenceKind::Dynamic: info.markdown = describe_dynamic(analysis, reference); break;
    case ReferenceKind::Field: info.markdown = code_block(std::string(reference.name)) + "\nfield of a closure, read at run time"; break;
    case ReferenceKind::Unbound: info.markdown = code_block(std::string(reference.name)) + "\nnot defined anywhere"; break;
    case ReferenceKind::Resolved: return std::nullopt;  // handled above via target->symbol
    }
    return info;
}

}  // namespace ark::lsp::features
