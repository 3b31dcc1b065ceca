#include "syntax/lower.hpp"

#include <cstdlib>

#include "base/diagnostic_codes.hpp"

namespace ark::syntax {
namespace {

Sexp lower_atom(const SyntaxTree& tree, const SyntaxNode& n, FileId file) {
    Sexp s;
    s.where = SourceRange{file, n.range};
    std::string_view text = tree.token_text(n.token);
    switch (tree.tokens[n.token].kind) {
        case TokenKind::Number:
            s.kind = SexpKind::Number;
            s.text = std::string(text);
            break;
        case TokenKind::String:
            s.kind = SexpKind::String;
            s.text = decode_string(text);  // raw literals (r"...") too: it keeps their backslashes
            break;
        case TokenKind::Field: {
            s.kind = SexpKind::Field;
            s.text = std::string(text);
            size_t start = 0;
            for (size_t i = 0; i <= text.size(); ++i) {
                if (i == text.size() || text[i] == '.') {
                    s.path.emplace_back(text.substr(start, i - start));
                    start = i + 1;
                }
            }
            break;
        }
        case TokenKind::Capture:
            s.kind = SexpKind::Capture;
            s.text = std::string(text.substr(1));
            break;
        case TokenKind::Spread:
            s.kind = SexpKind::Spread;
            s.text = std::string(text.substr(3));
            break;
        default:
            s.kind = SexpKind::Symbol;
            s.text = std::string(text);
            break;
    }
    return s;
}

}  // namespace

Sexp lower_node(const SyntaxTree& tree, uint32_t index, FileId file) {
    // Iterative would be safer for absurd depths; the parser caps nothing, so
    // lowering uses an explicit work stack too.
    struct Work {
        uint32_t node;
        Sexp* out;
    };
    Sexp root;
    std::vector<Work> stack{{index, &root}};
    while (!stack.empty()) {
        Work w = stack.back();
        stack.pop_back();
        const SyntaxNode& n = tree.node(w.node);
        if (n.kind == NodeKind::Atom) {
            *w.out = lower_atom(tree, n, file);
            continue;
        }
        Sexp& s = *w.out;
        s.where = SourceRange{file, n.range};
        s.kind = n.kind == NodeKind::Bracket ? SexpKind::Bracket : n.kind == NodeKind::Brace ? SexpKind::Brace : SexpKind::List;
        size_t count = 0;
        for (uint32_t c : n.children)
            if (tree.node(c).kind != NodeKind::Error) ++count;
        s.children.resize(count);
        size_t k = 0;
        for (uint32_t c : n.children) {
            if (tree.node(c).kind == NodeKind::Error) continue;
            stack.push_back({c, &s.children[k++]});
        }
    }
    return root;
}

Diagnostic top_level_atom_error(const SyntaxTree& tree, const SyntaxNode& atom, FileId file) {
    Diagnostic d = make_diagnostic("E0007", SourceRange{file, atom.range},
                                   "invalid syntax, expected node: `" + std::string(tree.node_text(atom)) +
                                       "` must be inside a form at the top level");
    d.hint = "wrap it in a form, e.g. (print ...)";
    return d;
}

std::vector<Sexp> lower(const SyntaxTree& tree, FileId file, std::vector<Diagnostic>& diagnostics) {
    std::vector<Sexp> forms;
    forms.reserve(tree.root().children.size());
    for (uint32_t child : tree.root().children) {
        const SyntaxNode& n = tree.node(child);
        if (n.kind == NodeKind::Error) continue;
        if (n.kind == NodeKind::Atom) {
            diagnostics.push_back(top_level_atom_error(tree, n, file));
            continue;
        }
        forms.push_back(lower_node(tree, child, file));
    }
    return forms;
}

}  // namespace ark::syntax
