// Tokens -> lossless tree. Recovery happens at brackets: a closing bracket that
// matches an enclosing list closes the inner lists (each reported once as
// unclosed), a closing bracket that matches nothing is kept as an Error node,
// and the end of the file closes whatever is still open.
#include "base/diagnostic_codes.hpp"
#include "syntax/tree.hpp"

namespace ark::syntax {
namespace {

TokenKind closer_of(TokenKind open) {
    switch (open) {
        case TokenKind::LParen: return TokenKind::RParen;
        case TokenKind::LBracket: return TokenKind::RBracket;
        default: return TokenKind::RBrace;
    }
}

const char* bracket_text(TokenKind kind) {
    switch (kind) {
        case TokenKind::LParen: return "(";
        case TokenKind::RParen: return ")";
        case TokenKind::LBracket: return "[";
        case TokenKind::RBracket: return "]";
        case TokenKind::LBrace: return "{";
        default: return "}";
    }
}

bool is_open(TokenKind k) { return k == TokenKind::LParen || k == TokenKind::LBracket || k == TokenKind::LBrace; }
bool is_close(TokenKind k) { return k == TokenKind::RParen || k == TokenKind::RBracket || k == TokenKind::RBrace; }

// Deep enough for any program a person writes (CPython's parser and Lua
// both stop at 200); shallow enough for every recursive pass (resolver,
// lints, code generator, formatter) on an 8 MB thread stack even in an
// AddressSanitizer build, whose frames are several KB (at 1000 levels the
// resolver overflowed under ASan).
constexpr size_t kMaxNesting = 256;

class Parser {
public:
    Parser(SyntaxTree& tree, FileId file, std::vector<Diagnostic>& diags) : t_(tree), file_(file), diags_(diags) {}

    void run() {
        SyntaxNode root;
        root.kind = NodeKind::Root;
        root.range = TextRange{0, static_cast<uint32_t>(t_.text.size())};
        // At most one node per non-trivia token, plus the root.
        size_t n_nodes = 1;
        for (const Token& tok : t_.tokens) n_nodes += tok.is_trivia() ? 0 : 1;
        t_.nodes.reserve(n_nodes);
        t_.nodes.push_back(std::move(root));
        last_child_.reserve(n_nodes);
        last_child_.push_back(kNoToken);
        // Iterative parsing with an explicit stack: deeply nested input
        // (100,000 open parens) must not overflow the C++ stack.
        std::vector<uint32_t> open{0};
        // Brackets nested deeper than kMaxNesting are one Error node: the later
        // passes (lowering, resolution, codegen, features) recurse on the tree.
        uint32_t skipped_depth = 0;
        for (uint32_t i = 0; i < t_.tokens.size(); ++i) {
            const Token& tok = t_.tokens[i];
            if (tok.is_trivia()) continue;
            uint32_t current = open.back();
            if (skipped_depth > 0) {
                if (is_open(tok.kind)) ++skipped_depth;
                else if (is_close(tok.kind)) --skipped_depth;
                continue;
            }
            if (is_open(tok.kind) && open.size() > kMaxNesting) {
                add_child(current, NodeKind::Error, tok.range, i);
                report("E0010", tok.range,
                       "forms are nested too deeply: more than " + std::to_string(kMaxNesting) + " levels");
                diags_.back().hint = "split the expression into named parts";
                skipped_depth = 1;
                continue;
            }
            if (is_open(tok.kind)) {
                uint32_t node = add_child(current, kind_of(tok.kind), tok.range, i);
                open.push_back(node);
            } else if (is_close(tok.kind)) {
                // Find the innermost open list this bracket closes.
                size_t match = open.size();
                for (size_t k = open.size(); k-- > 1;) {
                    if (closer_of(t_.tokens[t_.nodes[open[k]].token].kind) == tok.kind) {
                        match = k;
                        break;
                    }
                }
                if (match == open.size()) {
                    add_child(current, NodeKind::Error, tok.range, i);
                    report("E0005", tok.range,
                           std::string("unexpected `") + bracket_text(tok.kind) + "`: there is no open `" +
                               bracket_text(opener_of(tok.kind)) + "` to close");
                    continue;
                }
                while (open.size() - 1 > match) {
                    close_missing(open.back(), tok.range.begin);
                    open.pop_back();
                }
                SyntaxNode& n = t_.nodes[open.back()];
                n.close_token = i;
                n.range.end = tok.range.end;
                open.pop_back();
            } else {
                add_child(current, tok.kind == TokenKind::Error ? NodeKind::Error : NodeKind::Atom, tok.range, i);
            }
        }
        while (open.size() > 1) {
            close_missing(open.back(), static_cast<uint32_t>(t_.text.size()));
            open.pop_back();
        }
        // Propagate ranges of unclosed lists to their parents.
        for (size_t k = t_.nodes.size(); k-- > 1;) {
            SyntaxNode& n = t_.nodes[k];
            SyntaxNode& p = t_.nodes[n.parent];
            if (p.kind != NodeKind::Root && n.range.end > p.range.end) p.range.end = n.range.end;
        }
        fill_children();
    }

private:
    static NodeKind kind_of(TokenKind open) {
        switch (open) {
            case TokenKind::LParen: return NodeKind::List;
            case TokenKind::LBracket: return NodeKind::Bracket;
            default: return NodeKind::Brace;
        }
    }
    static TokenKind opener_of(TokenKind close) {
        switch (close) {
            case TokenKind::RParen: return TokenKind::LParen;
            case TokenKind::RBracket: return TokenKind::LBracket;
            default: return TokenKind::LBrace;
        }
    }

    // Children lists are filled once the tree is complete (fill_children):
    // growing each list child by child cost a few reallocations per list.
    uint32_t add_child(uint32_t parent, NodeKind kind, TextRange range, uint32_t token) {
        auto index = static_cast<uint32_t>(t_.nodes.size());
        SyntaxNode n;
        n.kind = kind;
        n.range = range;
        n.token = token;
        n.parent = parent;
        t_.nodes.push_back(std::move(n));
        last_child_.push_back(kNoToken);
        last_child_[parent] = index;
        return index;
    }

    // Nodes are created in source order, so a node's children are the nodes
    // naming it as parent, in index order: each list gets one exact allocation.
    void fill_children() {
        std::vector<uint32_t> n_children(t_.nodes.size(), 0);
        for (size_t k = 1; k < t_.nodes.size(); ++k) n_children[t_.nodes[k].parent]++;
        for (size_t k = 0; k < t_.nodes.size(); ++k)
            if (n_children[k] > 0) t_.nodes[k].children.reserve(n_children[k]);
        for (size_t k = 1; k < t_.nodes.size(); ++k)
            t_.nodes[t_.nodes[k].parent].children.push_back(static_cast<uint32_t>(k));
    }

    // An unclosed list ends at its last child (or its open bracket); the
    // diagnostic points at the bracket that is never closed.
    void close_missing(uint32_t node, uint32_t stop) {
        SyntaxNode& n = t_.nodes[node];
        uint32_t end = n.range.end;
        if (last_child_[node] != kNoToken) end = std::max(end, t_.nodes[last_child_[node]].range.end);
        n.range.end = std::min(std::max(end, n.range.end), std::max(stop, n.range.end));
        TokenKind open = t_.tokens[n.token].kind;
        TextRange at = t_.tokens[n.token].range;
        report("E0004", at,
               std::string("missing `") + bracket_text(closer_of(open)) + "`: this `" + bracket_text(open) +
                   "` is never closed");
        diags_.back().hint = std::string("add `") + bracket_text(closer_of(open)) + "` where the form should end";
    }

    void report(std::string_view code, TextRange range, std::string message) {
        diags_.push_back(make_diagnostic(code, SourceRange{file_, range}, std::move(message)));
    }

    SyntaxTree& t_;
    FileId file_;
    std::vector<Diagnostic>& diags_;
    std::vector<uint32_t> last_child_;  // per node, while parsing (kNoToken: none yet)
};

}  // namespace

ParseResult parse(std::string_view text, FileId file) {
    ParseResult result;
    result.tree.text = std::string(text);
    result.tree.tokens = lex(result.tree.text, file, result.diagnostics);
    Parser(result.tree, file, result.diagnostics).run();
    return result;
}

SyntaxTree parse_tokens(std::vector<Token> tokens, FileId file, std::vector<Diagnostic>& diagnostics) {
    SyntaxTree tree;
    tree.tokens = std::move(tokens);
    Parser(tree, file, diagnostics).run();
    return tree;
}

uint32_t SyntaxTree::node_at(uint32_t offset) const {
    uint32_t current = 0;
    for (;;) {
        uint32_t next = kNoToken;
        for (uint32_t child : nodes[current].children) {
            const TextRange& r = nodes[child].range;
            if (r.begin <= offset && offset < r.end) {
                next = child;
                break;
            }
            if (r.end == offset && next == kNoToken) next = child;  // cursor right after a node
        }
        if (next == kNoToken) return current;
        current = next;
    }
}

uint32_t SyntaxTree::token_at(uint32_t offset) const {
    if (tokens.empty()) return kNoToken;
    size_t lo = 0, hi = tokens.size();
    while (lo + 1 < hi) {
        size_t mid = (lo + hi) / 2;
        if (tokens[mid].range.begin <= offset) lo = mid;
        else hi = mid;
    }
    return static_cast<uint32_t>(lo);
}

}  // namespace ark::syntax
