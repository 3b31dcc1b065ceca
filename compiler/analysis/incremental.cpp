// reanalyze(): the previous analysis's tokens, tree and lowered forms, with
// the stretch of top-level forms an edit touches built again and the rest
// shifted, then resolution of the stretch's forms only when what they define
// is unchanged (splice_resolution.hpp), else of the whole program. Building a
// big file's trees from scratch is mostly allocation; shifting them is not.
//
// The stretch (the "window") runs from the end of the last top-level node
// before the edit to the start of the first one after it, trivia included. It
// is lexed and parsed on its own, which gives what a whole-file parse gives
// there exactly when the file-wide state is the same at both ends: at a
// boundary between top-level nodes the parser's stack is empty and the lexer
// is between tokens, so it is enough that the window's last token ends where
// the next node starts, that it lexes without a diagnostic (an unterminated
// string would have swallowed what follows) and that its top-level forms are
// closed within it (an open one would take in what follows). Bracket errors
// inside a form are found and mended there, as in a whole-file parse.
#include "analysis/incremental.hpp"

#include <algorithm>
#include <cstring>
#include <optional>

#include "analysis/preamble.hpp"
#include "analysis/splice_resolution.hpp"
#include "syntax/lower.hpp"

namespace ark::analysis {

namespace {

using syntax::NodeKind;
using syntax::Sexp;
using syntax::SyntaxNode;
using syntax::SyntaxTree;
using syntax::Token;
using syntax::kNoToken;

bool is_form(NodeKind kind) { return kind == NodeKind::List || kind == NodeKind::Bracket || kind == NodeKind::Brace; }

// True when macro expansion leaves the program's forms exactly as lowered:
// no `$` (macro definitions and the $if/$repr/... primitives), no `...`
// (a spread outside a macro is removed with an error) and no imports (which
// splice other files in). Checked on the raw text, comments and strings
// included, so it errs on the safe side.
bool contains(std::string_view text, std::string_view pattern) {
    return memmem(text.data(), text.size(), pattern.data(), pattern.size()) != nullptr;
}
bool expansion_is_identity(std::string_view text) {
    return !contains(text, "$") && !contains(text, "macro") && !contains(text, "...") && !contains(text, "import");
}

size_t common_prefix(std::string_view a, std::string_view b) {
    const size_t n = std::min(a.size(), b.size());
    constexpr size_t kChunk = 4096;
    size_t at = 0;
    while (at + kChunk <= n && std::memcmp(a.data() + at, b.data() + at, kChunk) == 0) at += kChunk;
    while (at < n && a[at] == b[at]) ++at;
    return at;
}

size_t common_suffix(std::string_view a, std::string_view b, size_t limit) {
    size_t n = 0;
    while (n < limit && a[a.size() - 1 - n] == b[b.size() - 1 - n]) ++n;
    return n;
}

uint32_t shifted(uint32_t offset, int64_t delta) { return static_cast<uint32_t>(offset + delta); }

// Whether expanding `rest` (the forms after `preamble`, or some of them)
// made no fresh name, read no binding with `$argcount` and defined no macro
// (`macros_before`: how many of rest.macros were the preamble's): then each
// form expands the same alone as with the others, so an edited form can be
// expanded on its own.
bool expands_alone(const Preamble& preamble, const expand::ExpandResult& rest,
                   std::optional<size_t> macros_before = std::nullopt) {
    const expand::ExpandResult& base = preamble.analysis->expanded;
    return rest.gensyms == base.gensyms && rest.argcount_reads == base.argcount_reads &&
           rest.macros.size() == macros_before.value_or(base.macros.size());
}

// Whether expanded form i of `program` comes from the i-th top-level form
// after the first `skipped` ones, macro definitions (`definition`) left out:
// its range lies within that node's (a macro at the top level may expand to
// several forms or to none).
template <typename IsDefinition>
bool forms_match_nodes(const SyntaxTree& tree, const std::vector<uint32_t>& top, size_t skipped,
                       const std::vector<Sexp>& program, IsDefinition definition) {
    size_t i = 0, seen = 0;
    for (uint32_t node : top) {
        if (!is_form(tree.nodes[node].kind) || seen++ < skipped || definition(node)) continue;
        if (i == program.size()) return false;
        const TextRange& from = tree.nodes[node].range;
        const TextRange& at = program[i++].where.range;
        if (at.begin < from.begin || at.end > from.end) return false;
    }
    return i == program.size();
}

// The parser's own diagnostics (parser.cpp): brackets unclosed, unmatched or
// nested too deeply.
bool is_bracket_error(const Diagnostic& d) { return d.code == "E0004" || d.code == "E0005" || d.code == "E0010"; }

// Moves a form after the edit: its text by `delta` bytes, its node ids by
// `id_delta` (what the edited forms' node count changed by).
void shift_form(Sexp& form, int64_t delta, int64_t id_delta) {
    std::vector<Sexp*> stack{&form};
    while (!stack.empty()) {
        Sexp* node = stack.back();
        stack.pop_back();
        node->where.range = {shifted(node->where.range.begin, delta), shifted(node->where.range.end, delta)};
        node->id = shifted(node->id, id_delta);
        for (Sexp& child : node->children) stack.push_back(&child);
    }
}

}  // namespace

// Bracket errors are the parser's, and stay inside the top-level node they
// are found in (reanalyze() checks that); a lexer error may not.
bool parse_allows_recycling(const Analysis& analysis) {
    return std::all_of(analysis.parse.diagnostics.begin(), analysis.parse.diagnostics.end(), is_bracket_error);
}

std::shared_ptr<Analysis> reanalyze(std::shared_ptr<Analysis>& previous, const std::string& path, std::string text,
                                    const AnalysisOptions& options) {
    const auto cancelled = [&options] { return options.cancelled && options.cancelled(); };
    if (!previous || previous.use_count() != 1 || previous->main_file != 0 || previous->sources.file(0).path != path)
        return nullptr;
    // On top of a preamble (preamble.hpp) the imports are its business, and
    // must not rename the file's own names (no `:*`, no selectors). The rest
    // of the file is expanded form by form on top of the preamble (imported
    // macros apply): exact while no form's expansion depends on another's
    // (expands_alone). A file without imports must expand as the identity.
    const std::shared_ptr<const Preamble> preamble = previous->preamble;
    const size_t imported_forms = preamble ? preamble->import_forms : 0;
    const size_t fixed_text = preamble ? preamble->text.size() : 0;
    // The macros the file defines itself (after the imports' ones).
    const size_t imported_macros = preamble ? preamble->analysis->expanded.macros.size() : 0;
    const bool own_macros = previous->expanded.macros.size() > imported_macros;
    if (preamble) {
        for (const expand::ImportRecord& import : previous->expanded.imports)
            if (import.where.file == previous->main_file && (import.star || !import.selectors.empty())) return nullptr;
        if (!preamble->early_diagnostics.empty() || previous->expanded.diagnostics.size() != preamble->early_diagnostics.size() ||
            !expands_alone(*preamble, previous->expanded, previous->expanded.macros.size()) ||
            !preamble_matches(*preamble, path, text))
            return nullptr;
    } else if (previous->sources.size() != 1 || !previous->expanded.diagnostics.empty() ||
               !previous->expanded.imports.empty() ||
               (own_macros && (previous->expanded.gensyms != 0 || previous->expanded.argcount_reads != 0))) {
        return nullptr;
    }
    // A file that defines macros: the edited forms are expanded with the
    // expander as the whole file left it, which is what they see in it when
    // every macro is defined above them (checked below) and no form's
    // expansion depends on another's (no $gensym, no $argcount: checked
    // above against the preamble's counts, or zero without one).
    if (own_macros && !previous->expansion)
        return nullptr;
    if (!parse_allows_recycling(*previous))
        return nullptr;
    SyntaxTree& tree = previous->parse.tree;
    const std::string_view before = tree.text;
    const bool expands = preamble || own_macros;  // else expansion is the identity
    if (text.size() >= UINT32_MAX / 2)
        return nullptr;
    const FileId file = previous->main_file;
    // A copy: the node array moves below.
    const std::vector<uint32_t> top = tree.nodes[0].children;
    // The file's own macro definitions: top-level forms that leave nothing
    // in the program. One defined inside a form (scoped) is declined.
    std::vector<uint32_t> definition_begins;
    for (size_t i = imported_macros; i < previous->expanded.macros.size(); ++i) {
        const expand::MacroRecord& macro = previous->expanded.macros[i];
        if (macro.where.file != file) return nullptr;
        definition_begins.push_back(macro.where.range.begin);
    }
    std::sort(definition_begins.begin(), definition_begins.end());
    const auto is_definition = [&](uint32_t node) {
        return std::binary_search(definition_begins.begin(), definition_begins.end(), tree.nodes[node].range.begin);
    };
    if (own_macros && static_cast<size_t>(std::count_if(top.begin(), top.end(), [&](uint32_t node) {
                          return is_form(tree.nodes[node].kind) && is_definition(node);
                      })) != definition_begins.size())
        return nullptr;
    if (!forms_match_nodes(tree, top, imported_forms, previous->expanded.program, is_definition))
        return nullptr;

    // The edit: before[p, q_before) became text[p, q_after).
    const size_t p = common_prefix(before, text);
    if (p < fixed_text + 1)
        return nullptr;  // the edit touches the imports (or their last `)`)
    const size_t suffix = common_suffix(before, text, std::min(before.size(), text.size()) - p);
    const size_t q_before = before.size() - suffix;
    // The text before the edit shares everything outside [p, q_before) with
    // the text after it, just checked: only that stretch, widened by the
    // longest pattern less one, can hold what would make expansion act.
    constexpr size_t kPatternContext = 5;  // "import"
    const size_t edited_begin = p > kPatternContext ? p - kPatternContext : 0;
    if (!expands && !expansion_is_identity(before.substr(edited_begin, q_before + kPatternContext - edited_begin)))
        return nullptr;
    // The new text must hold none of those words either: when the text
    // before held none, only the edited stretch can.
    const size_t q_after = text.size() - suffix;
    if (!expands && !(previous->no_expansion_words
                          ? expansion_is_identity(std::string_view(text).substr(edited_begin, q_after + kPatternContext - edited_begin))
                          : expansion_is_identity(text)))
        return nullptr;
    const int64_t delta = static_cast<int64_t>(text.size()) - static_cast<int64_t>(before.size());

    // Top-level nodes first..last (positions in `top`) touch the edit; the
    // window lies between their neighbours.
    auto first = static_cast<size_t>(
        std::partition_point(top.begin(), top.end(), [&](uint32_t node) { return tree.nodes[node].range.end < p; }) -
        top.begin());
    // A last form left open takes in whatever follows it: text typed after
    // it belongs to it.
    if (first == top.size() && first > 0 && is_form(tree.nodes[top.back()].kind) &&
        tree.nodes[top.back()].close_token == kNoToken)
        first = top.size() - 1;
    const auto after = static_cast<size_t>(
        std::partition_point(top.begin(), top.end(), [&](uint32_t node) { return tree.nodes[node].range.begin <= q_before; }) -
        top.begin());  // one past the last touching node
    size_t last_end = std::max(first, after);
    // Stray closers right after the edit may be what the edited form lacks.
    while (last_end < top.size() && tree.nodes[top[last_end]].kind == NodeKind::Error) ++last_end;
    const uint32_t window_begin = first > 0 ? tree.nodes[top[first - 1]].range.end : 0;
    const uint32_t window_end_before =
        last_end < top.size() ? tree.nodes[top[last_end]].range.begin : static_cast<uint32_t>(before.size());
    const uint32_t window_end = shifted(window_end_before, delta);

    std::vector<Diagnostic> window_diagnostics;
    std::vector<Token> window_tokens = syntax::lex_range(text, window_begin, window_end, file, window_diagnostics);
    if (!window_diagnostics.empty() || (!window_tokens.empty() && window_tokens.back().range.end != window_end))
        return nullptr;
    SyntaxTree window = syntax::parse_tokens(std::move(window_tokens), file, window_diagnostics);
    // A form still open at the window's end would take in what follows it
    // in the whole file. A form the user left open inside it, or a stray
    // closer, is reported and mended within the window as in the whole file:
    // at a boundary between top-level nodes the parser's stack is empty.
    for (uint32_t child : window.nodes[0].children)
        if (is_form(window.nodes[child].kind) && window.nodes[child].close_token == kNoToken) return nullptr;
    // Where the window lies among the program's forms (the imports' and the
    // macro definitions' nodes leave none), and that no definition is in or
    // after it.
    size_t forms_before = 0;
    for (size_t i = 0; i < first; ++i)
        forms_before += is_form(tree.nodes[top[i]].kind) && !is_definition(top[i]);
    for (size_t i = first; i < top.size(); ++i)
        if (is_form(tree.nodes[top[i]].kind) && is_definition(top[i])) return nullptr;
    if (forms_before < imported_forms)
        return nullptr;  // the window would take in an import
    // The window's forms expanded, each alone, where expansion is not the identity.
    std::vector<Sexp> window_expanded;
    size_t built = 0;
    if (expands) {
        window.text = text;  // lowering reads the tokens' text
        const expand::ExpandState& state = own_macros ? *previous->expansion : *preamble->expansion;
        const expand::ExpandOptions expand_options = expand_options_for(path, options);
        for (uint32_t child : window.nodes[0].children) {
            if (!is_form(window.nodes[child].kind)) continue;
            std::vector<Sexp> form;
            form.push_back(syntax::lower_node(window, child, file));
            std::optional<expand::ExpandResult> expanded =
                expand::expand_after(state, std::move(form), previous->sources, expand_options);
            // One form in, one out, nothing reported, no macro defined, no
            // fresh name made, no binding read.
            if (!expanded || expanded->program.size() != 1 || !expanded->diagnostics.empty() ||
                (preamble ? !expands_alone(*preamble, *expanded, 0)
                          : expanded->gensyms != 0 || expanded->argcount_reads != 0 || !expanded->macros.empty()))
                return nullptr;
            built += expanded->built_nodes - expand::built_nodes_of(state);
            window_expanded.push_back(std::move(expanded->program[0]));
        }
        // The budget is the whole program's: stay clear of it.
        if (previous->expanded.built_nodes + built > expand::kMaxBuiltNodes) return nullptr;
    }
    if (cancelled())
        return nullptr;
    // Nothing was changed so far; from here on `previous` becomes the result.
    // (options.cancelled() is not heeded after this point: see below.)
    std::shared_ptr<Analysis> a = std::move(previous);
    std::vector<Sexp>& program = a->expanded.program;
    a->no_expansion_words = !expands;  // checked above

    // Parse diagnostics: those found before the window, the window's, and
    // those after it, shifted: the order a whole-file parse finds them in,
    // since each is found at a bracket of the top-level node it belongs to.
    {
        std::vector<Diagnostic> kept;
        for (const Diagnostic& d : a->parse.diagnostics)
            if (d.where.range.begin < window_begin) kept.push_back(d);
        kept.insert(kept.end(), window_diagnostics.begin(), window_diagnostics.end());
        for (Diagnostic d : a->parse.diagnostics) {
            if (d.where.range.begin < window_end_before) continue;
            d.where.range = {shifted(d.where.range.begin, delta), shifted(d.where.range.end, delta)};
            kept.push_back(std::move(d));
        }
        a->parse.diagnostics = std::move(kept);
    }

    // Tokens: [token_begin, token_end) were the window's.
    std::vector<Token>& tokens = tree.tokens;
    const auto token_at = [&](uint32_t offset) {
        return static_cast<size_t>(std::partition_point(tokens.begin(), tokens.end(),
                                                        [&](const Token& t) { return t.range.begin < offset; }) -
                                   tokens.begin());
    };
    const size_t token_begin = token_at(window_begin);
    const size_t token_end = token_at(window_end_before);
    const int64_t token_delta = static_cast<int64_t>(window.tokens.size()) - static_cast<int64_t>(token_end - token_begin);
    // Nodes: the window's top-level nodes and their descendants are
    // contiguous in the pre-order node array: [node_begin, node_end).
    const size_t node_end = last_end < top.size() ? top[last_end] : tree.nodes.size();
    const size_t node_begin = first < last_end ? top[first] : node_end;
    const size_t n_window_nodes = window.nodes.size() - 1;  // without its root
    const int64_t node_delta = static_cast<int64_t>(n_window_nodes) - static_cast<int64_t>(node_end - node_begin);
    // Forms: the lowered top-level lists among them.
    const size_t form_begin = forms_before - imported_forms;
    const auto form_end = form_begin + static_cast<size_t>(std::count_if(
                                           top.begin() + static_cast<std::ptrdiff_t>(first),
                                           top.begin() + static_cast<std::ptrdiff_t>(last_end),
                                           [&](uint32_t node) { return is_form(tree.nodes[node].kind); }));

    // Everything after the window moves by delta bytes, token_delta tokens
    // and node_delta nodes.
    for (size_t i = token_end; i < tokens.size(); ++i)
        tokens[i].range = {shifted(tokens[i].range.begin, delta), shifted(tokens[i].range.end, delta)};
    if (token_delta > 0)
        tokens.insert(tokens.begin() + static_cast<std::ptrdiff_t>(token_end), static_cast<size_t>(token_delta), Token{});
    else
        tokens.erase(tokens.begin() + static_cast<std::ptrdiff_t>(token_end) + token_delta,
                     tokens.begin() + static_cast<std::ptrdiff_t>(token_end));
    std::copy(window.tokens.begin(), window.tokens.end(), tokens.begin() + static_cast<std::ptrdiff_t>(token_begin));

    std::vector<SyntaxNode>& nodes = tree.nodes;
    const auto moved_node = [&](uint32_t index) { return static_cast<uint32_t>(index + node_delta); };
    // (A keystroke inside a name or a number changes no count: then the
    // nodes' child lists, which live apart from the nodes, are not visited.)
    for (size_t i = node_end; i < nodes.size(); ++i) {
        SyntaxNode& n = nodes[i];
        n.range = {shifted(n.range.begin, delta), shifted(n.range.end, delta)};
        n.token = static_cast<uint32_t>(n.token + token_delta);
        if (n.close_token != kNoToken) n.close_token = static_cast<uint32_t>(n.close_token + token_delta);
        if (node_delta == 0) continue;
        if (n.parent != 0) n.parent = moved_node(n.parent);
        for (uint32_t& child : n.children) child = moved_node(child);
    }
    // The window's nodes, from its own numbering (root 0, tokens from 0).
    const auto window_node = [&](uint32_t index) { return static_cast<uint32_t>(index - 1 + node_begin); };
    std::vector<uint32_t> window_top;
    for (uint32_t child : window.nodes[0].children) window_top.push_back(window_node(child));
    for (size_t k = 1; k < window.nodes.size(); ++k) {
        SyntaxNode& n = window.nodes[k];
        n.token = static_cast<uint32_t>(n.token + token_begin);
        if (n.close_token != kNoToken) n.close_token = static_cast<uint32_t>(n.close_token + token_begin);
        n.parent = n.parent == 0 ? 0 : window_node(n.parent);
        for (uint32_t& child : n.children) child = window_node(child);
    }
    if (node_delta > 0)
        nodes.insert(nodes.begin() + static_cast<std::ptrdiff_t>(node_end), static_cast<size_t>(node_delta), SyntaxNode{});
    else
        nodes.erase(nodes.begin() + static_cast<std::ptrdiff_t>(node_end) + node_delta,
                    nodes.begin() + static_cast<std::ptrdiff_t>(node_end));
    std::move(window.nodes.begin() + 1, window.nodes.end(), nodes.begin() + static_cast<std::ptrdiff_t>(node_begin));
    // The root's children: kept, the window's, then the moved rest.
    std::vector<uint32_t> root_children;
    root_children.reserve(top.size() - (last_end - first) + window_top.size());
    root_children.insert(root_children.end(), top.begin(), top.begin() + static_cast<std::ptrdiff_t>(first));
    root_children.insert(root_children.end(), window_top.begin(), window_top.end());
    for (size_t i = last_end; i < top.size(); ++i) root_children.push_back(moved_node(top[i]));
    SyntaxNode& root = nodes[0];
    root.children = std::move(root_children);
    root.range = {0, static_cast<uint32_t>(text.size())};
    tree.text = text;

    // The lowered program: the window's forms replace the old ones. They
    // take the node ids the old ones had (label_window), so the ids after
    // them move with their text, in the same walk.
    std::vector<Sexp> window_forms = std::move(window_expanded);
    a->expanded.built_nodes += built;  // an upper bound: the replaced forms' share is not known
    if (!expands)
        for (uint32_t node : window_top)
            if (is_form(nodes[node].kind)) window_forms.push_back(syntax::lower_node(tree, node, file));
    const std::optional<WindowNodes> window_nodes = label_window(*a, form_begin, form_end - form_begin, window_forms);
    const int64_t id_delta = window_nodes ? window_nodes->delta : 0;
    if (delta != 0 || id_delta != 0)
        for (size_t i = form_end; i < program.size(); ++i) shift_form(program[i], delta, id_delta);
    ReplacedForms replaced;
    replaced.first = form_begin;
    replaced.new_count = window_forms.size();
    replaced.old_forms.assign(std::make_move_iterator(program.begin() + static_cast<std::ptrdiff_t>(form_begin)),
                              std::make_move_iterator(program.begin() + static_cast<std::ptrdiff_t>(form_end)));
    replaced.text_begin = window_begin;
    replaced.text_end_before = window_end_before;
    replaced.delta = delta;
    if (window_nodes) replaced.nodes = *window_nodes;
    program.erase(program.begin() + static_cast<std::ptrdiff_t>(form_begin),
                  program.begin() + static_cast<std::ptrdiff_t>(form_end));
    program.insert(program.begin() + static_cast<std::ptrdiff_t>(form_begin), std::make_move_iterator(window_forms.begin()),
                   std::make_move_iterator(window_forms.end()));
    // No cancelling from here on: `previous` is consumed, and a finished
    // result (a few milliseconds away) is a better start for the next build
    // than nothing, which would mean a full build.

    // As analyze() does from here: parse and expansion said nothing (checked
    // above), lowering reports the top-level atoms, then resolution.
    std::vector<Diagnostic> diagnostics = a->parse.diagnostics;
    for (uint32_t node : nodes[0].children)
        if (nodes[node].kind == NodeKind::Atom) diagnostics.push_back(syntax::top_level_atom_error(tree, nodes[node], file));
    a->syntax_diagnostics = diagnostics;
    // Resolution: only the window's forms when what they define is as it
    // was (splice_resolution.hpp), else the whole program.
    if (preamble) {
        a->sources.replace(a->main_file, path, std::move(text));
        if (!window_nodes || !splice_resolution(*a, replaced, diagnostics)) resolve_on_preamble(*a, std::move(diagnostics));
        return a;
    }
    a->sources = SourceMap();
    a->main_file = a->sources.add(path, std::move(text));
    if (!window_nodes || !splice_resolution(*a, replaced, diagnostics)) {
        a->symbols = SymbolTable();
        resolve_program(*a, std::move(diagnostics));
    }
    return a;
}

}  // namespace ark::analysis
