// The lossless syntax tree: every byte of the source belongs to exactly one
// token (trivia included), and list nodes remember their brackets, so the
// formatter and the language server can reproduce or point at any text.
// Parsing never fails: errors become diagnostics plus Error nodes.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.hpp"

namespace ark::syntax {

enum class TokenKind : uint8_t {
    LParen, RParen, LBracket, RBracket, LBrace, RBrace,
    Number, String, Symbol, Field, Capture, Spread,
    Comment, Whitespace, Error,
};

struct Token {
    TokenKind kind;
    TextRange range;
    bool is_trivia() const { return kind == TokenKind::Comment || kind == TokenKind::Whitespace; }
};

enum class NodeKind : uint8_t {
    Root,     // the file
    List,     // ( )
    Bracket,  // [ ]
    Brace,    // { }
    Atom,     // one non-trivia token
    Error,    // an unexpected token kept in the tree
};

inline constexpr uint32_t kNoToken = UINT32_MAX;

struct SyntaxNode {
    NodeKind kind;
    TextRange range;                 // from the open bracket (or token) to the close (or last child)
    uint32_t token = kNoToken;       // Atom/Error: its token; lists: the opening bracket
    uint32_t close_token = kNoToken; // lists: the closing bracket, kNoToken when missing
    uint32_t parent = kNoToken;
    std::vector<uint32_t> children;  // node indices, in source order
};

struct SyntaxTree {
    std::string text;
    std::vector<Token> tokens;
    std::vector<SyntaxNode> nodes;  // nodes[0] is the root

    const SyntaxNode& root() const { return nodes[0]; }
    const SyntaxNode& node(uint32_t i) const { return nodes[i]; }
    std::string_view token_text(uint32_t token_index) const {
        const auto& t = tokens[token_index];
        return std::string_view(text).substr(t.range.begin, t.range.length());
    }
    std::string_view node_text(const SyntaxNode& n) const {
        return std::string_view(text).substr(n.range.begin, n.range.length());
    }
    // The innermost node whose range touches `offset` (root if none).
    uint32_t node_at(uint32_t offset) const;
    // The index of the token containing `offset` (the last token if offset is at the end).
    uint32_t token_at(uint32_t offset) const;
};

std::vector<Token> lex(std::string_view text, FileId file, std::vector<Diagnostic>& diagnostics);
// The tokens lex() would give from `begin` (a token boundary) on, up to the
// first token ending at or after `end`: the incremental rebuild re-lexes one
// stretch of an edited text. The last token may end past `end`. Tokens before
// `begin` are not seen, so a package path right after `(import` at `begin`
// is lexed as ordinary tokens (the caller rules imports out).
std::vector<Token> lex_range(std::string_view text, uint32_t begin, uint32_t end, FileId file,
                             std::vector<Diagnostic>& diagnostics);

struct ParseResult {
    SyntaxTree tree;
    std::vector<Diagnostic> diagnostics;
};

ParseResult parse(std::string_view text, FileId file);

// Parses tokens (of a stretch of a text, as lex_range gives) as if they were
// a whole file: nodes[0] is a root over the stretch's top-level nodes. The
// tree's text is left empty; token ranges are the text's offsets.
SyntaxTree parse_tokens(std::vector<Token> tokens, FileId file, std::vector<Diagnostic>& diagnostics);

// Decodes a string literal token's text (with quotes) into its bytes. Invalid
// escapes were already reported by the lexer; here they decode to nothing.
// A raw literal (`r"..."`, 4.8) keeps its backslashes except the one of `\"`.
std::string decode_string(std::string_view literal);

bool is_identifier_start(char c);
bool is_identifier_char(char c);

}  // namespace ark::syntax
