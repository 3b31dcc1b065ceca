// Where the run lenses go (see code_lens.hpp). Reads the Analysis only; the
// examples in doc comments are split by the front end's own parser.
#include "features/code_lens.hpp"

#include <algorithm>
#include <set>

#include "syntax/tree.hpp"

namespace ark::lsp::features {

namespace {

std::string_view trim(std::string_view text) {
    const size_t first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos)
        return {};
    const size_t last = text.find_last_not_of(" \t\r");
    return text.substr(first, last - first + 1);
}

// The range of the first line of a form starting at `begin`.
TextRange first_line_of(const LineIndex& lines, uint32_t begin, uint32_t end) {
    const uint32_t line = lines.to_line_column(begin, PositionEncoding::Utf8).line;
    const uint32_t line_end = lines.line_start(line) + static_cast<uint32_t>(lines.line_text(line).size());
    return TextRange{begin, std::min(end, line_end)};
}

struct Example {
    std::string call;
    std::string expected;
};

// `(call ...) => expected`: one complete list, the symbol `=>`, then any text.
std::optional<Example> parse_example(std::string_view line, FileId file) {
    if (line.empty() || line[0] != '(')
        return std::nullopt;
    const syntax::ParseResult parsed = syntax::parse(line, file);
    const syntax::SyntaxTree& tree = parsed.tree;
    const auto& forms = tree.root().children;
    if (forms.size() < 2)
        return std::nullopt;
    const syntax::SyntaxNode& call = tree.node(forms[0]);
    const syntax::SyntaxNode& arrow = tree.node(forms[1]);
    if (call.kind != syntax::NodeKind::List || call.close_token == syntax::kNoToken || call.range.begin != 0 ||
        arrow.kind != syntax::NodeKind::Atom || tree.token_text(arrow.token) != "=>")
        return std::nullopt;
    const std::string_view expected = trim(line.substr(arrow.range.end));
    if (expected.empty())
        return std::nullopt;
    return Example{std::string(tree.node_text(call)), std::string(expected)};
}

void add_examples(const analysis::Analysis& analysis, const analysis::Symbol& symbol, std::set<uint32_t>& seen_lines,
                  std::vector<CodeLensEntry>& lenses) {
    const SourceFile& file = analysis.main_source();
    const uint32_t begin = symbol.form_range.range.begin;
    const std::string doc = analysis::doc_comment_before(file, begin);
    if (doc.empty())
        return;
    // doc_comment_before keeps one doc line per source line, ending just above the form's line.
    const auto n_lines = static_cast<uint32_t>(std::count(doc.begin(), doc.end(), '\n') + 1);
    const uint32_t form_line = file.lines.to_line_column(begin, PositionEncoding::Utf8).line;
    if (n_lines > form_line)
        return;
    uint32_t line = form_line - n_lines;
    size_t start = 0;
    while (start <= doc.size()) {
        size_t stop = doc.find('\n', start);
        if (stop == std::string::npos)
            stop = doc.size();
        const std::string_view text(doc.data() + start, stop - start);
        if (auto example = parse_example(trim(text), analysis.main_file); example && seen_lines.insert(line).second) {
            const uint32_t line_begin = file.lines.line_start(line);
            CodeLensEntry lens;
            lens.kind = CodeLensEntry::Kind::RunExample;
            lens.range = TextRange{line_begin, line_begin + static_cast<uint32_t>(file.lines.line_text(line).size())};
            lens.function = symbol.name;
            lens.call = std::move(example->call);
            lens.expected = std::move(example->expected);
            lenses.push_back(std::move(lens));
        }
        start = stop + 1;
        ++line;
    }
}

}  // namespace

std::vector<CodeLensEntry> code_lenses(const analysis::Analysis& analysis, bool debug_file) {
    std::vector<CodeLensEntry> lenses;
    const syntax::SyntaxTree& tree = analysis.parse.tree;
    const LineIndex& lines = analysis.main_source().lines;
    for (const uint32_t child : tree.root().children) {
        const syntax::SyntaxNode& form = tree.node(child);
        if (form.kind == syntax::NodeKind::Error)
            continue;
        CodeLensEntry lens;
        lens.kind = CodeLensEntry::Kind::RunFile;
        lens.range = first_line_of(lines, form.range.begin, form.range.end);
        lenses.push_back(lens);
        if (debug_file) {
            lens.kind = CodeLensEntry::Kind::DebugFile;
            lenses.push_back(std::move(lens));
        }
        break;
    }

    std::set<uint32_t> seen_lines;
    for (const analysis::Symbol& symbol : analysis.symbols.symbols) {
        if (symbol.kind != analysis::SymbolKind::Global || symbol.name_range.file != analysis.main_file)
            continue;
        if (symbol.function_params && symbol.function_params->empty()) {
            const TextRange& form = symbol.form_range.range;
            for (const auto kind : {CodeLensEntry::Kind::RunFunction, CodeLensEntry::Kind::RunAsync}) {
                CodeLensEntry lens;
                lens.kind = kind;
                lens.range = first_line_of(lines, form.begin, form.end);
                lens.function = symbol.name;
                lenses.push_back(std::move(lens));
            }
        }
        add_examples(analysis, symbol, seen_lines, lenses);
    }
    std::stable_sort(lenses.begin(), lenses.end(),
                     [](const CodeLensEntry& a, const CodeLensEntry& b) { return a.range.begin < b.range.begin; });
    return lenses;
}

}  // namespace ark::lsp::features
