// Bytes -> tokens, trivia included. Never fails: bad input becomes Error
// tokens plus one diagnostic each, and lexing continues after them.
#include <cmath>
#include <cstdlib>
#include <string>

#include "base/diagnostic_codes.hpp"
#include "syntax/tree.hpp"
#include "utf8.hpp"

namespace ark::syntax {

bool is_identifier_start(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    switch (c) {
        case ':': case '!': case '?': case '@': case '_': case '-': case '+': case '*':
        case '/': case '|': case '=': case '<': case '>': case '%': case '$':
            return true;
        default:
            return false;
    }
}

bool is_identifier_char(char c) { return is_identifier_start(c) || (c >= '0' && c <= '9'); }

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_delimiter(char c) {
    return is_space(c) || c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}' || c == '"' || c == '#';
}

class Lexer {
public:
    Lexer(std::string_view text, FileId file, std::vector<Diagnostic>& diags) : s_(text), file_(file), diags_(diags) {}

    std::vector<Token> run() {
        // Programs average one token per 3-4 bytes (trivia included): one
        // allocation instead of a dozen regrowths and copies.
        tokens_.reserve(s_.size() / 3 + 16);
        while (pos_ < s_.size()) next();
        return std::move(tokens_);
    }

    std::vector<Token> run_range(size_t begin, size_t end) {
        pos_ = begin;
        tokens_.reserve((end - begin) / 3 + 16);
        while (pos_ < end) next();
        return std::move(tokens_);
    }

private:
    void emit(TokenKind kind, size_t begin) {
        tokens_.push_back(Token{kind, TextRange{static_cast<uint32_t>(begin), static_cast<uint32_t>(pos_)}});
    }
    void error(std::string_view code, size_t begin, size_t end, std::string message) {
        diags_.push_back(make_diagnostic(
            code, SourceRange{file_, TextRange{static_cast<uint32_t>(begin), static_cast<uint32_t>(end)}},
            std::move(message)));
    }
    char peek(size_t ahead = 0) const { return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0'; }

    void next() {
        size_t begin = pos_;
        char c = s_[pos_];
        if (is_space(c)) {
            while (pos_ < s_.size() && is_space(s_[pos_])) ++pos_;
            return emit(TokenKind::Whitespace, begin);
        }
        switch (c) {
            case '#':
                while (pos_ < s_.size() && s_[pos_] != '\n') ++pos_;
                return emit(TokenKind::Comment, begin);
            case '(': ++pos_; return emit(TokenKind::LParen, begin);
            case ')': ++pos_; return emit(TokenKind::RParen, begin);
            case '[': ++pos_; return emit(TokenKind::LBracket, begin);
            case ']': ++pos_; return emit(TokenKind::RBracket, begin);
            case '{': ++pos_; return emit(TokenKind::LBrace, begin);
            case '}': ++pos_; return emit(TokenKind::RBrace, begin);
            case '"': return string_literal();
            default: break;
        }
        // `r"` at the start of a token opens a raw string (4.8). Only here: `bar"x"`, `&r"x"` and
        // `a.r"x"` stay a name followed by an ordinary string, since the `r` is not a token's first
        // byte; a lone `r` elsewhere (`(let r 5)`) is an ordinary symbol.
        if (c == 'r' && peek(1) == '"') return raw_string_literal();
        if (follows_import() && package_path()) return;
        if (is_digit(c) || (c == '-' && is_digit(peek(1)))) return number();
        if (c == '&') return prefixed(TokenKind::Capture, 1, "capture");
        if (c == '.' && peek(1) == '.' && peek(2) == '.') return prefixed(TokenKind::Spread, 3, "spread");
        if (is_identifier_start(c)) return identifier();
        // Anything else: one UTF-8 character (or byte) of junk.
        ++pos_;
        while (pos_ < s_.size() && (static_cast<unsigned char>(s_[pos_]) & 0xC0) == 0x80) ++pos_;
        std::string shown(s_.substr(begin, pos_ - begin));
        std::string message;
        if (c == '\'' || c == '`' || c == ',')
            message = "unexpected `" + shown + "`: ArkScript has no quote syntax";
        else if (static_cast<unsigned char>(c) >= 0x80)
            message = "unexpected character `" + shown + "`: identifiers are ASCII only";
        else
            message = "unexpected character `" + shown + "`";
        error("E0006", begin, pos_, message);
        emit(TokenKind::Error, begin);
    }

    // `(import` just before: the package path's components may start with a digit (§3.7), which
    // no identifier may, so `(import 2d.vec)` needs its own rule.
    bool follows_import() const {
        size_t seen = 0;
        for (size_t i = tokens_.size(); i-- > 0;) {
            if (tokens_[i].is_trivia()) continue;
            const Token& t = tokens_[i];
            if (seen++ == 0) {
                if (t.kind != TokenKind::Symbol || s_.substr(t.range.begin, t.range.length()) != "import") return false;
            } else {
                return t.kind == TokenKind::LParen;
            }
        }
        return false;
    }

    // `a.b.c`, `a.b:*` with components [A-Za-z0-9][A-Za-z0-9_-]*; anything else (`(import a.b?)`)
    // is left to the ordinary rules and gets the diagnostics they give.
    bool package_path() {
        auto is_alnum = [](char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
        size_t end = pos_;
        bool dotted = false;
        for (;;) {
            if (end >= s_.size() || !is_alnum(s_[end])) return false;
            while (end < s_.size() && (is_alnum(s_[end]) || s_[end] == '_' || s_[end] == '-')) ++end;
            if (end >= s_.size() || s_[end] != '.') break;
            dotted = true;
            ++end;
        }
        if (s_.substr(end, 2) == ":*") end += 2;
        if (end < s_.size() && !is_delimiter(s_[end])) return false;
        size_t begin = pos_;
        pos_ = end;
        emit(dotted ? TokenKind::Field : TokenKind::Symbol, begin);
        return true;
    }

    // Consumes the rest of a malformed atom so that one mistake gives one error.
    void skip_to_delimiter() {
        while (pos_ < s_.size() && !is_delimiter(s_[pos_])) ++pos_;
    }

    void number() {
        size_t begin = pos_;
        if (peek() == '-') ++pos_;
        while (is_digit(peek())) ++pos_;
        if (peek() == '.') {
            ++pos_;
            while (is_digit(peek())) ++pos_;
        }
        bool bad_exponent = false;
        if (peek() == 'e' || peek() == 'E') {
            ++pos_;
            if (peek() == '+' || peek() == '-') ++pos_;
            if (!is_digit(peek())) bad_exponent = true;
            while (is_digit(peek())) ++pos_;
        }
        if (bad_exponent || (pos_ < s_.size() && !is_delimiter(s_[pos_]))) {
            skip_to_delimiter();
            error("E0003", begin, pos_, "`" + std::string(s_.substr(begin, pos_ - begin)) + "` is not a valid number");
            return emit(TokenKind::Error, begin);
        }
        std::string spelled(s_.substr(begin, pos_ - begin));
        double value = std::strtod(spelled.c_str(), nullptr);
        if (std::isinf(value)) {
            error("E0003", begin, pos_, "`" + spelled + "` is not a valid number: it is too large");
            return emit(TokenKind::Error, begin);
        }
        emit(TokenKind::Number, begin);
    }

    void prefixed(TokenKind kind, size_t prefix, const char* what) {
        size_t begin = pos_;
        pos_ += prefix;
        if (!is_identifier_start(peek())) {
            skip_to_delimiter();
            error("E0006", begin, pos_ == begin + prefix ? pos_ : pos_,
                  std::string("a ") + what + " must be followed by a name");
            return emit(TokenKind::Error, begin);
        }
        while (is_identifier_char(peek())) ++pos_;
        if (pos_ < s_.size() && !is_delimiter(s_[pos_])) return bad_identifier(begin);
        emit(kind, begin);
    }

    void identifier() {
        size_t begin = pos_;
        while (is_identifier_char(peek())) ++pos_;
        bool field = false;
        while (peek() == '.' && is_identifier_start(peek(1))) {
            field = true;
            ++pos_;
            while (is_identifier_char(peek())) ++pos_;
        }
        if (pos_ < s_.size() && !is_delimiter(s_[pos_])) return bad_identifier(begin);
        emit(field ? TokenKind::Field : TokenKind::Symbol, begin);
    }

    void bad_identifier(size_t begin) {
        size_t bad = pos_;
        skip_to_delimiter();
        std::string shown(s_.substr(bad, 1));
        if (static_cast<unsigned char>(s_[bad]) >= 0x80)
            error("E0006", begin, pos_,
                  "`" + std::string(s_.substr(begin, pos_ - begin)) + "` is not a valid name: identifiers are ASCII only");
        else
            error("E0006", begin, pos_,
                  "`" + std::string(s_.substr(begin, pos_ - begin)) + "` is not a valid name: unexpected `" + shown + "`");
        emit(TokenKind::Error, begin);
    }

    void string_literal() {
        size_t begin = pos_;
        ++pos_;
        bool ok = true;
        while (pos_ < s_.size() && s_[pos_] != '"') {
            if (s_[pos_] != '\\') {
                ++pos_;
                continue;
            }
            size_t esc = pos_;
            ++pos_;
            char e = peek();
            switch (e) {
                case '"': case '\\': case 'n': case 't': case 'v': case 'r': case 'a': case 'b': case 'f':
                    ++pos_;
                    break;
                case 'u': case 'U': {
                    size_t digits = e == 'u' ? 4 : 8;
                    ++pos_;
                    size_t n = 0;
                    while (n < digits && is_hex(peek())) { ++pos_; ++n; }
                    if (n != digits) {
                        error("E0002", esc, pos_, std::string("`\\") + e + "` needs exactly " + std::to_string(digits) + " hex digits");
                        ok = false;
                        break;
                    }
                    unsigned long cp = std::strtoul(std::string(s_.substr(esc + 2, digits)).c_str(), nullptr, 16);
                    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                        error("E0002", esc, pos_, "`" + std::string(s_.substr(esc, pos_ - esc)) + "` is not a valid code point");
                        ok = false;
                    }
                    break;
                }
                default: {
                    size_t end = pos_ < s_.size() ? pos_ + 1 : pos_;
                    error("E0002", esc, end, "unknown escape sequence `" + std::string(s_.substr(esc, end - esc)) + "`");
                    ok = false;
                    if (pos_ < s_.size() && s_[pos_] != '"') ++pos_;
                    break;
                }
            }
        }
        if (pos_ >= s_.size()) {
            error("E0001", begin, begin + 1, "unterminated string: this `\"` is never closed");
            return emit(TokenKind::Error, begin);
        }
        ++pos_;  // closing quote
        emit(ok ? TokenKind::String : TokenKind::Error, begin);
    }

    // r"...": a backslash is text, but it still pairs with the character after it when that is
    // a quote or a backslash: `\"` is a quote that does not end the string, `\\` is two
    // backslashes (so r"C:\\" ends at its last quote; r"C:\" does not). Nothing inside is an
    // error. Kept as a String token, so the tree, the formatter and the server treat it as any
    // string; decode_string() sees the `r` and keeps the backslashes.
    void raw_string_literal() {
        size_t begin = pos_;
        pos_ += 2;
        bool escaped_quote = false;
        while (pos_ < s_.size() && s_[pos_] != '"') {
            if (s_[pos_] == '\\' && (peek(1) == '"' || peek(1) == '\\')) {
                escaped_quote = escaped_quote || peek(1) == '"';
                ++pos_;
            }
            ++pos_;
        }
        if (pos_ >= s_.size()) {
            // The span is the opening `r"`, as it is the `"` of an ordinary string.
            error("E0001", begin, begin + 2, "unterminated raw string: this `r\"` is never closed");
            // r"C:\dir\" is the classic trap: its last quote is escaped, not closing.
            if (escaped_quote)
                diags_.back().hint =
                    "in a raw string `\\\"` is an escaped quote: one can not end with a single backslash "
                    "(`\\\\` at the end is two backslashes, both kept)";
            return emit(TokenKind::Error, begin);
        }
        ++pos_;  // closing quote
        emit(TokenKind::String, begin);
    }

    std::string_view s_;
    FileId file_;
    std::vector<Diagnostic>& diags_;
    std::vector<Token> tokens_;
    size_t pos_ = 0;
};

}  // namespace

std::vector<Token> lex(std::string_view text, FileId file, std::vector<Diagnostic>& diagnostics) {
    return Lexer(text, file, diagnostics).run();
}

std::vector<Token> lex_range(std::string_view text, uint32_t begin, uint32_t end, FileId file,
                             std::vector<Diagnostic>& diagnostics) {
    return Lexer(text, file, diagnostics).run_range(begin, end);
}

std::string decode_string(std::string_view lit) {
    std::string out;
    if (lit.starts_with("r\"")) {
        // Raw: `\"` is a quote, every other backslash is itself (`r"\n"` is two bytes, and so is
        // `r"\\"`: its pair is read as one, as the lexer does, so `r"\\\""` is `\\"`).
        if (lit.size() < 3) return out;
        std::string_view body = lit.substr(2, lit.size() - 3);
        out.reserve(body.size());
        for (size_t i = 0; i < body.size(); ++i) {
            if (body[i] == '\\' && i + 1 < body.size() && (body[i + 1] == '"' || body[i + 1] == '\\')) {
                if (body[i + 1] == '\\') out += '\\';
                ++i;
            }
            out += body[i];
        }
        return out;
    }
    if (lit.size() < 2) return out;
    std::string_view body = lit.substr(1, lit.size() - 2);
    for (size_t i = 0; i < body.size(); ++i) {
        char c = body[i];
        if (c != '\\' || i + 1 >= body.size()) {
            out += c;
            continue;
        }
        char e = body[++i];
        switch (e) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case 'n': out += '\n'; break;
            case 't': out += '\t'; break;
            case 'v': out += '\v'; break;
            case 'r': out += '\r'; break;
            case 'a': out += '\a'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'u': case 'U': {
                size_t digits = e == 'u' ? 4 : 8;
                if (i + digits < body.size()) {
                    std::string hex(body.substr(i + 1, digits));
                    language::append_utf8(out, static_cast<uint32_t>(std::strtoul(hex.c_str(), nullptr, 16)));
                    i += digits;
                }
                break;
            }
            default: break;
        }
    }
    return out;
}

}  // namespace ark::syntax
