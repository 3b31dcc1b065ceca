// build_preamble() analyses a file's leading imports as analyze() would
// analyse a file holding only them, and keeps what continuing after them
// needs: the expander's and the resolver's states. analyze_with_preamble()
// then runs analyze()'s steps over the rest of the file only.
#include "analysis/preamble.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>

#include "analysis/check_forms.hpp"
#include "analysis/resolve.hpp"
#include "syntax/lower.hpp"

namespace ark::analysis {

namespace {

bool is_import(const syntax::Sexp& form) { return form.kind == syntax::SexpKind::List && form.head_name() == "import"; }

// The end of the last of the leading (import ...) forms of `forms`, and how
// many there are (0 if the first form is something else).
std::pair<uint32_t, size_t> leading_imports(const std::vector<syntax::Sexp>& forms) {
    uint32_t end = 0;
    size_t count = 0;
    while (count < forms.size() && is_import(forms[count])) end = forms[count++].where.range.end;
    return {end, count};
}

// Whether the first thing in `text` after blank space and comments is
// `(import`: most files without leading imports are turned away without
// parsing them.
bool starts_with_import(std::string_view text) {
    size_t at = 0;
    while (at < text.size()) {
        const char c = text[at];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            ++at;
        } else if (c == '#') {
            const size_t end = text.find('\n', at);
            at = end == std::string_view::npos ? text.size() : end;
        } else {
            break;
        }
    }
    return text.substr(at).starts_with("(import");
}

}  // namespace

std::shared_ptr<const Preamble> build_preamble(const std::string& path, const std::string& text,
                                               const AnalysisOptions& options) {
    const auto cancelled = [&options] { return options.cancelled && options.cancelled(); };
    if (!starts_with_import(text)) return nullptr;
    // Where the leading imports end, from a parse of the whole text.
    uint32_t end = 0;
    size_t count = 0;
    {
        std::vector<Diagnostic> ignored;
        const syntax::ParseResult whole = syntax::parse(text, 0);
        std::tie(end, count) = leading_imports(syntax::lower(whole.tree, 0, ignored));
    }
    if (count == 0 || cancelled()) return nullptr;

    auto preamble = std::make_shared<Preamble>();
    preamble->path = path;
    preamble->text = text.substr(0, end);
    preamble->import_forms = count;
    auto a = std::make_shared<Analysis>();
    a->main_file = a->sources.add(path, preamble->text);
    a->parse = syntax::parse(a->sources.file(a->main_file).text, a->main_file);
    std::vector<Diagnostic> diags = a->parse.diagnostics;
    std::vector<syntax::Sexp> forms = syntax::lower(a->parse.tree, a->main_file, diags);
    a->syntax_diagnostics = diags;
    if (has_error(diags) || forms.size() != count || cancelled()) return nullptr;

    a->expanded = expand::expand_program(std::move(forms), a->sources, expand_options_for(path, options), &preamble->expansion);
    if (!preamble->expansion || cancelled()) return nullptr;
    preamble->early_diagnostics = a->expanded.diagnostics;
    diags.insert(diags.end(), a->expanded.diagnostics.begin(), a->expanded.diagnostics.end());

    std::vector<Diagnostic> checks;
    preamble->node_count = label_nodes(a->expanded.program);
    const MalformedForms malformed = check_forms(a->expanded.program, preamble->node_count, checks);
    resolve(a->expanded.program, preamble->node_count, malformed, a->symbols, checks, &preamble->resolution,
            /*hints=*/!has_error(diags));
    preamble->mentions_deprecated = mentions_deprecated(a->sources);
    if (preamble->mentions_deprecated) warn_deprecated_uses(*a, 0, checks);
    preamble->check_diagnostics = checks;
    set_diagnostics(*a, std::move(diags), checks);
    preamble->analysis = std::move(a);
    return preamble;
}

bool preamble_matches(const Preamble& preamble, const std::string& path, std::string_view text) {
    if (text.size() < preamble.text.size() || std::memcmp(text.data(), preamble.text.data(), preamble.text.size()) != 0)
        return false;
    if (path == preamble.path) return true;
    // Another file: the imports resolve from the folder alone (expand_options_for),
    // so the same folder finds the same files. But a file the preamble read
    // would import itself: a cycle for it, not a module.
    if (std::filesystem::path(path).parent_path() != std::filesystem::path(preamble.path).parent_path()) return false;
    const SourceMap& read = preamble.analysis->sources;
    for (FileId file = 0; file < read.size(); ++file)
        if (file != preamble.analysis->main_file && read.file(file).path == path) return false;
    return !has_error(preamble.early_diagnostics);  // an error may hang on the importing file's own path
}

std::shared_ptr<Analysis> analyze_with_preamble(std::shared_ptr<const Preamble> preamble, const std::string& path,
                                                std::string text, const AnalysisOptions& options) {
    const auto cancelled = [&options] { return options.cancelled && options.cancelled(); };
    if (!preamble || !preamble_matches(*preamble, path, text)) return nullptr;

    const Analysis& before = *preamble->analysis;
    auto a = std::make_shared<Analysis>();
    a->preamble = preamble;
    a->sources = before.sources;
    a->main_file = before.main_file;
    a->sources.replace(a->main_file, path, std::move(text));
    a->parse = syntax::parse(a->sources.file(a->main_file).text, a->main_file);
    std::vector<Diagnostic> diags = a->parse.diagnostics;
    std::vector<syntax::Sexp> forms = syntax::lower(a->parse.tree, a->main_file, diags);
    a->syntax_diagnostics = diags;
    // The leading forms must be the preamble's imports, ending where they did
    // (a text that merely starts with the same characters may continue them).
    if (forms.size() < preamble->import_forms || leading_imports(forms).second != preamble->import_forms ||
        forms[preamble->import_forms - 1].where.range.end != preamble->text.size())
        return nullptr;
    if (cancelled()) return nullptr;
    forms.erase(forms.begin(), forms.begin() + static_cast<std::ptrdiff_t>(preamble->import_forms));

    // Anything the rest imports needs the import walk: analyze() then.
    // The expander as the rest leaves it is worth keeping when the rest
    // defines macros (a textual test: wrong only towards not keeping):
    // reanalyze() expands edited forms below them with it.
    const bool own_macros = a->main_source().text.find("macro", preamble->text.size()) != std::string::npos;
    std::optional<expand::ExpandResult> expanded_rest = expand::expand_after(
        *preamble->expansion, std::move(forms), a->sources, expand_options_for(path, options), own_macros ? &a->expansion : nullptr);
    if (!expanded_rest) return nullptr;
    expand::ExpandResult& rest = *expanded_rest;
    a->expanded.program = std::move(rest.program);
    a->expanded.diagnostics = before.expanded.diagnostics;
    a->expanded.diagnostics.insert(a->expanded.diagnostics.end(), rest.diagnostics.begin(), rest.diagnostics.end());
    a->expanded.imports = before.expanded.imports;
    a->expanded.macros = before.expanded.macros;
    a->expanded.macros.insert(a->expanded.macros.end(), rest.macros.begin(), rest.macros.end());
    a->expanded.gensyms = rest.gensyms;
    a->expanded.argcount_reads = rest.argcount_reads;
    a->expanded.built_nodes = rest.built_nodes;
    diags.insert(diags.end(), a->expanded.diagnostics.begin(), a->expanded.diagnostics.end());
    if (cancelled()) return nullptr;

    resolve_on_preamble(*a, std::move(diags));
    return a;
}

void resolve_on_preamble(Analysis& a, std::vector<Diagnostic> early) {
    const Preamble& preamble = *a.preamble;
    a.symbols = SymbolTable(std::shared_ptr<const SymbolTable>(preamble.analysis, &preamble.analysis->symbols));
    std::vector<Diagnostic> checks = preamble.check_diagnostics;
    auto memo = std::make_unique<ResolutionMemo>();
    memo->origins.resize(checks.size());
    const uint32_t node_count = label_nodes(a.expanded.program, preamble.node_count);
    const MalformedForms malformed = check_forms(a.expanded.program, node_count, checks, &memo->origins);
    const size_t first_reference = a.symbols.references.size();
    resolve_after(*preamble.resolution, a.expanded.program, node_count, malformed, a.symbols, checks,
                  /*hints=*/!has_error(early), memo.get());
    memo->checks = checks;
    a.resolution = std::move(memo);
    a.resolution_spliced = false;
    if (preamble.mentions_deprecated || a.main_source().text.find("@deprecated") != std::string::npos)
        warn_deprecated_uses(a, first_reference, checks);
    set_diagnostics(a, std::move(early), checks);
}

}  // namespace ark::analysis
