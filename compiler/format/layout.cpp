// The layout engine: a list prints flat when it holds no comment, keeps no body form on several lines and fits
// in max_width, else broken by its shape (emit_broken). Decisions only read what formatting preserves (forms,
// comments, blank lines, whether a body form spans lines): that is what makes format(format(x)) == format(x).
#include "format/layout.hpp"

#include <algorithm>

namespace ark::format::detail {
namespace {

using syntax::kNoToken;
using syntax::NodeKind;
using syntax::SyntaxNode;
using syntax::SyntaxTree;
using syntax::TokenKind;

constexpr size_t kNone = static_cast<size_t>(-1);

bool is_closer(TokenKind k) { return k == TokenKind::RParen || k == TokenKind::RBracket || k == TokenKind::RBrace; }

uint32_t display_width(std::string_view s) {
    uint32_t w = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++w;
    return w;
}

// Comments lose trailing blanks (and the '\r' of CRLF files); their text is otherwise kept.
std::string_view trim_comment(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\v' || s.back() == '\f'))
        s.remove_suffix(1);
    return s;
}

// One thing printed inside a list (or at the top level): a child or a comment.
struct Item {
    bool is_comment = false;
    uint32_t index = 0;     // node index, or the comment's token index
    bool trailing = false;  // a comment written at the end of a line holding something else
    bool blank = false;     // a blank line precedes it in the source
};

// How a broken list is laid out. head_n children stay on the line of the
// opening bracket; the rest are the body, one per line.
enum class Form : uint8_t { Call, Binding, Fun, Cond, While, Begin, Macro, Brace, Bracket, Dict };

struct Shape {
    Form form = Form::Call;
    size_t head_n = 1;
};

class Engine {
public:
    Engine(const SyntaxTree& tree, const FormatOptions& options) : t_(tree), opt_(options) {
        if (opt_.indent < 0) opt_.indent = 0;
        if (opt_.max_width < 1) opt_.max_width = 1;
    }

    LayoutResult run() {
        find_migrations();
        for (uint32_t k = 0; k < t_.nodes.size(); ++k)
            if (t_.node(k).kind != NodeKind::Atom) gather_items(k);
        compute_flags();
        emit_root();
        return std::move(result_);
    }

private:
    // ---- analysis -------------------------------------------------------

    uint32_t last_token(uint32_t node) const {
        const SyntaxNode& n = t_.node(node);
        return n.kind == NodeKind::Atom ? n.token : n.close_token;
    }

    std::string_view token_text(uint32_t token) const { return t_.token_text(token); }

    bool comment_is_trailing(uint32_t token) const {
        if (token == 0) return false;
        const syntax::Token& prev = t_.tokens[token - 1];
        if (prev.kind != TokenKind::Whitespace) return true;
        if (token_text(token - 1).find('\n') != std::string_view::npos) return false;
        return token >= 2;
    }

    // A trailing comment followed only by closing brackets would force a
    // bracket onto a line of its own; it moves after the last of those
    // brackets instead (still at the end of the same line), and belongs to the
    // list that bracket closes, as a trailing comment in its parent.
    void find_migrations() {
        std::vector<uint32_t> closed_by(t_.tokens.size(), kNoToken);
        for (uint32_t k = 1; k < t_.nodes.size(); ++k)
            if (t_.node(k).kind != NodeKind::Atom && t_.node(k).close_token != kNoToken)
                closed_by[t_.node(k).close_token] = k;
        migrated_.assign(t_.nodes.size(), {});
        migrating_.assign(t_.tokens.size(), false);
        for (uint32_t i = 0; i < t_.tokens.size(); ++i) {
            if (t_.tokens[i].kind != TokenKind::Comment || !comment_is_trailing(i)) continue;
            uint32_t last_closer = kNoToken;
            // Another trailing comment in the run moves too, so it does not stop it.
            for (uint32_t j = i + 1; j < t_.tokens.size(); ++j) {
                TokenKind kind = t_.tokens[j].kind;
                if (kind == TokenKind::Whitespace) continue;
                if (kind == TokenKind::Comment && comment_is_trailing(j)) continue;
                if (!is_closer(kind)) break;
                last_closer = j;
            }
            if (last_closer == kNoToken || closed_by[last_closer] == kNoToken) continue;
            migrated_[closed_by[last_closer]].push_back(i);
            migrating_[i] = true;
        }
    }

    void gather_items(uint32_t node) {
        const SyntaxNode& n = t_.node(node);
        uint32_t begin = node == 0 ? 0 : n.token + 1;
        uint32_t end = node == 0 || n.close_token == kNoToken ? static_cast<uint32_t>(t_.tokens.size()) : n.close_token;
        std::vector<Item>& items = items_[node];
        size_t next_child = 0;
        int newlines = 0;
        for (uint32_t i = begin; i < end;) {
            if (next_child < n.children.size() && t_.node(n.children[next_child]).token == i) {
                uint32_t child = n.children[next_child++];
                items.push_back(Item{false, child, false, newlines >= 2});
                newlines = 0;
                for (uint32_t comment : migrated_[child]) items.push_back(Item{true, comment, true, false});
                i = last_token(child) + 1;
                continue;
            }
            const syntax::Token& tok = t_.tokens[i];
            if (tok.kind == TokenKind::Whitespace) {
                std::string_view s = token_text(i);
                newlines += static_cast<int>(std::count(s.begin(), s.end(), '\n'));
            } else if (tok.kind == TokenKind::Comment) {
                if (!migrating_[i]) items.push_back(Item{true, i, comment_is_trailing(i), newlines >= 2});
                newlines = 0;
            }
            ++i;
        }
    }

    std::string_view head_symbol(const SyntaxNode& n) const {
        if (n.children.empty()) return {};
        const SyntaxNode& head = t_.node(n.children[0]);
        if (head.kind != NodeKind::Atom || t_.tokens[head.token].kind != TokenKind::Symbol) return {};
        return token_text(head.token);
    }

    // The (a b &c) of `fun` and of a `$` macro with parameters: data, filled like a [...] list.
    bool is_parameter_list(uint32_t node) const {
        const SyntaxNode& n = t_.node(node);
        if (n.kind != NodeKind::List || n.parent == kNoToken || n.parent == 0) return false;
        const SyntaxNode& parent = t_.node(n.parent);
        std::string_view head = head_symbol(parent);
        size_t position = head == "fun" ? 1 : head == "macro" && parent.children.size() >= 4 ? 2 : 0;
        return position > 0 && parent.children.size() > position && parent.children[position] == node;
    }

    Shape shape_of(uint32_t node) const {
        const SyntaxNode& n = t_.node(node);
        if (n.kind == NodeKind::Brace) return {Form::Brace, 0};
        if (n.kind == NodeKind::Bracket || is_parameter_list(node)) return {Form::Bracket, 1};
        std::string_view head = head_symbol(n);
        if (head == "let" || head == "mut" || head == "set") return {Form::Binding, 2};
        if (head == "macro") return n.children.size() >= 4 ? Shape{Form::Macro, 3} : Shape{Form::Binding, 2};
        if (head == "fun") return {Form::Fun, 2};
        if (head == "if" || head == "$if") return {Form::Cond, 2};
        if (head == "while") return {Form::While, 2};
        if (head == "begin") return {Form::Begin, 1};
        if (head == "dict") return {Form::Dict, 1};
        return {Form::Call, 1};
    }

    // A body form written on several lines stays on several lines.
    bool keeps_broken(uint32_t node) const {
        if (!multi_line_[node]) return false;
        Shape shape = shape_of(node);
        size_t n_children = t_.node(node).children.size();
        switch (shape.form) {
            case Form::Brace: return n_children > 0;
            case Form::Fun: case Form::Cond: case Form::While: case Form::Begin: case Form::Macro:
                return n_children > shape.head_n;
            default: return false;
        }
    }

    std::string_view flat_open(uint32_t node) const {
        const SyntaxNode& n = t_.node(node);
        if (n.kind == NodeKind::Brace) return n.children.empty() ? "{" : "{ ";
        return token_text(n.token);
    }
    std::string_view flat_close(uint32_t node) const {
        const SyntaxNode& n = t_.node(node);
        if (n.kind == NodeKind::Brace) return n.children.empty() ? "}" : " }";
        return n.kind == NodeKind::Bracket ? "]" : ")";
    }
    uint32_t broken_close_width(uint32_t node) const { return t_.node(node).kind == NodeKind::Brace ? 2 : 1; }

    // Bottom-up: children always have larger indices than their parent.
    void compute_flags() {
        size_t count = t_.nodes.size();
        flat_ok_.assign(count, true);
        width_.assign(count, 0);
        has_newline_.assign(count, false);
        multi_line_.assign(count, false);
        for (size_t k = count; k-- > 1;) {
            const SyntaxNode& n = t_.node(static_cast<uint32_t>(k));
            std::string_view text = t_.node_text(n);
            multi_line_[k] = text.find('\n') != std::string_view::npos;
            if (n.kind == NodeKind::Atom) {
                width_[k] = display_width(text.substr(0, text.find('\n')));
                has_newline_[k] = multi_line_[k];
                continue;
            }
            bool ok = !keeps_broken(static_cast<uint32_t>(k));
            for (const Item& item : items_[k])
                if (item.is_comment) ok = false;
            uint32_t w = display_width(flat_open(static_cast<uint32_t>(k)));
            bool newline = false;
            for (size_t c = 0; c < n.children.size(); ++c) {
                uint32_t child = n.children[c];
                if (!flat_ok_[child]) ok = false;
                if (newline) continue;
                if (c > 0) w += 1;
                w += width_[child];
                newline = has_newline_[child];
            }
            if (!newline) w += display_width(flat_close(static_cast<uint32_t>(k)));
            flat_ok_[k] = ok;
            width_[k] = w;
            has_newline_[k] = newline;
        }
    }

    // ---- writer ---------------------------------------------------------

    void put(std::string_view s) {
        out_ += s;
        for (char c : s) {
            if (c == '\n') col_ = 0;
            else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++col_;
        }
        if (!s.empty()) line_empty_ = false;
    }

    void flush_pending() {
        if (pending_.empty()) return;
        out_ += ' ';
        out_ += pending_;
        pending_ = {};
    }

    void newline(uint32_t indent, bool blank) {
        flush_pending();
        close_span();
        while (!out_.empty() && out_.back() == ' ') out_.pop_back();
        out_ += '\n';
        if (blank) out_ += '\n';
        out_.append(indent, ' ');
        col_ = indent;
        comment_eol_ = false;
        line_empty_ = true;
    }

    bool line_free() const { return pending_.empty() && !comment_eol_; }

    void own_line_comment(uint32_t token) {
        put(trim_comment(token_text(token)));
        comment_eol_ = true;
    }

    bool fits(uint32_t node, uint32_t col, uint32_t suffix) const {
        uint32_t max = static_cast<uint32_t>(opt_.max_width);
        return has_newline_[node] ? col + width_[node] <= max : col + width_[node] + suffix <= max;
    }

    void close_span() {
        if (open_span_ == kNone) return;
        result_.spans[open_span_].output_end = static_cast<uint32_t>(out_.size());
        open_span_ = kNone;
    }

    // ---- layout ---------------------------------------------------------

    void emit_root() {
        bool first = true;
        for (const Item& item : items_[0]) {
            if (item.is_comment && item.trailing && !first && line_free()) {
                pending_ = trim_comment(token_text(item.index));
                if (open_span_ != kNone) extend_span(item.index);
                continue;
            }
            bool continues_span = item.is_comment && item.trailing && open_span_ != kNone;
            if (!continues_span) {
                flush_pending();
                close_span();
            }
            if (!first) newline(0, item.blank);
            if (continues_span) {
                open_span_ = result_.spans.size() - 1;  // the comment still ends that form's line
                extend_span(item.index);
            }
            first = false;
            if (item.is_comment) {
                own_line_comment(item.index);
                continue;
            }
            const SyntaxNode& n = t_.node(item.index);
            TopLevelSpan span;
            span.source_begin = n.range.begin;
            span.source_end = n.range.end;
            span.output_begin = static_cast<uint32_t>(out_.size());
            result_.spans.push_back(span);
            open_span_ = result_.spans.size() - 1;
            emit(item.index, 0, 0);
        }
        flush_pending();
        close_span();
        while (!out_.empty() && out_.back() == ' ') out_.pop_back();
        if (!out_.empty()) out_ += '\n';
        result_.text = std::move(out_);
    }

    void extend_span(uint32_t comment_token) {
        TopLevelSpan& span = result_.spans[open_span_];
        span.source_end = std::max(span.source_end, t_.tokens[comment_token].range.end);
    }

    // Prints a node at the current column; returns whether it stayed on one line.
    bool emit(uint32_t node, uint32_t line_indent, uint32_t suffix) {
        const SyntaxNode& n = t_.node(node);
        if (n.kind == NodeKind::Atom) {
            put(token_text(n.token));
            return true;
        }
        if (flat_ok_[node] && fits(node, col_, suffix)) {
            put_flat(node);
            return true;
        }
        emit_broken(node, line_indent, suffix);
        return false;
    }

    void put_flat(uint32_t node) {
        const SyntaxNode& n = t_.node(node);
        if (n.kind == NodeKind::Atom) {
            put(token_text(n.token));
            return;
        }
        put(flat_open(node));
        for (size_t c = 0; c < n.children.size(); ++c) {
            if (c > 0) put(" ");
            put_flat(n.children[c]);
        }
        put(flat_close(node));
    }

    bool no_comment_before_last_child(uint32_t node) const {
        const SyntaxNode& n = t_.node(node);
        for (const Item& item : items_[node]) {
            if (!item.is_comment && item.index == n.children.back()) return true;
            if (item.is_comment) return false;
        }
        return true;
    }

    bool is_fun_form(uint32_t node) const {
        const SyntaxNode& n = t_.node(node);
        return n.kind == NodeKind::List && head_symbol(n) == "fun";
    }

    // Whether the last child starts on the line of the opening bracket, after
    // all the others: `(let f (fun (x) {`, `(while c {`, `(list:forEach xs (fun (x) {`.
    bool hangs_last(uint32_t node, const Shape& shape, uint32_t open_col, uint32_t line_indent, uint32_t suffix) const {
        const SyntaxNode& n = t_.node(node);
        size_t count = n.children.size();
        if (count < 2) return false;
        uint32_t last = n.children.back();
        bool last_is_brace = t_.node(last).kind == NodeKind::Brace;
        switch (shape.form) {
            case Form::Binding: if (count != shape.head_n + 1) return false; break;
            case Form::Fun: case Form::While: case Form::Macro:
                if (count != shape.head_n + 1 || !last_is_brace) return false;
                break;
            case Form::Cond: if (count != 3 || !last_is_brace) return false; break;
            case Form::Call: if (!last_is_brace && !is_fun_form(last)) return false; break;
            default: return false;
        }
        if (!no_comment_before_last_child(node)) return false;
        uint32_t x = open_col + display_width(token_text(n.token));
        for (size_t c = 0; c + 1 < count; ++c) {
            uint32_t child = n.children[c];
            if (!flat_ok_[child] || has_newline_[child]) return false;
            x += width_[child] + 1;
        }
        if (x + 1 > static_cast<uint32_t>(opt_.max_width)) return false;
        uint32_t end_suffix = suffix + broken_close_width(node);
        if (shape.form == Form::Binding && flat_ok_[last] && !fits(last, x, end_suffix) &&
            fits(last, line_indent + static_cast<uint32_t>(opt_.indent), end_suffix))
            return false;
        return true;
    }

    // `(f a b` with the other arguments aligned under `a`: calls whose head
    // is an atom not too far to the right, and whose arguments hold no comment.
    bool aligns_arguments(uint32_t node, const Shape& shape, uint32_t open_col, uint32_t& column) const {
        const SyntaxNode& n = t_.node(node);
        if (shape.form != Form::Call || n.children.size() < 2) return false;
        const SyntaxNode& head = t_.node(n.children[0]);
        if (head.kind != NodeKind::Atom || has_newline_[n.children[0]]) return false;
        for (const Item& item : items_[node])
            if (item.is_comment) return false;
        column = open_col + 1 + width_[n.children[0]] + 1;
        return column <= static_cast<uint32_t>(opt_.max_width) / 2;
    }

    // Two ways to break a list. Lines: head children on the opening line, then
    // one body item per line at line_indent + indent (a hanging last child
    // stays on the opening line). Fill: items packed on lines aligned on the
    // first one (`[`-lists, calls), each broken item on lines of its own.
    void emit_broken(uint32_t node, uint32_t line_indent, uint32_t suffix) {
        const SyntaxNode& n = t_.node(node);
        Shape shape = shape_of(node);
        if (shape.form == Form::Dict) return emit_dict(node, line_indent, suffix);
        uint32_t open_col = col_;
        put(token_text(n.token));
        uint32_t child_indent = line_indent + static_cast<uint32_t>(opt_.indent);
        uint32_t head_indent = line_indent;
        size_t hang = kNone;
        bool fill = false;
        size_t first_slots = shape.head_n;  // children placed on the opening line
        uint32_t aligned_column = 0;
        if (shape.form == Form::Bracket) {
            fill = true;
            child_indent = head_indent = open_col + 1;
        } else if (hangs_last(node, shape, open_col, line_indent, suffix)) {
            hang = n.children.size() - 1;
        } else if (aligns_arguments(node, shape, open_col, aligned_column)) {
            fill = true;
            first_slots = 2;
            child_indent = head_indent = aligned_column;
        }
        uint32_t close_width = broken_close_width(node);

        size_t child_index = 0;
        bool on_head = true;
        bool body_started = false;
        bool previous_broken = false;
        for (const Item& item : items_[node]) {
            if (item.is_comment) {
                if (item.trailing && line_free()) {
                    pending_ = trim_comment(token_text(item.index));
                } else {
                    newline(child_indent, item.blank && body_started);
                    own_line_comment(item.index);
                    body_started = true;
                }
                on_head = false;
                continue;
            }
            uint32_t child = item.index;
            bool last = child_index + 1 == n.children.size();
            uint32_t child_suffix = last ? suffix + close_width : 0;
            bool same_line = false;
            if (line_free()) {
                if (fill)
                    same_line = (on_head && child_index < first_slots) ||
                                (!previous_broken && flat_ok_[child] && fits(child, col_ + 1, child_suffix));
                else
                    same_line = on_head && (child_index < shape.head_n || hang != kNone);
            }
            bool flat;
            if (same_line) {
                if (child_index > 0) put(" ");
                flat = emit(child, head_indent, child_suffix);
            } else {
                on_head = false;
                newline(child_indent, item.blank && body_started && !fill);
                body_started = true;
                flat = emit(child, child_indent, child_suffix);
            }
            previous_broken = !flat;
            ++child_index;
        }
        if (comment_eol_) newline(line_indent, false);
        if (n.kind == NodeKind::Brace) put(line_empty_ ? "}" : " }");
        else put(flat_close(node));
    }

    // A (dict k1 v1 k2 v2 ...) too long for one line: one key/value pair per
    // line, aligned on the first key when the head leaves room
    // (`(dict "a" 1` / `      "b" 2`), else below the head, indented.
    void emit_dict(uint32_t node, uint32_t line_indent, uint32_t suffix) {
        const SyntaxNode& n = t_.node(node);
        const uint32_t open_col = col_;
        put(token_text(n.token));
        uint32_t aligned_column = 0;
        const bool aligned = aligns_arguments(node, Shape{Form::Call, 1}, open_col, aligned_column);
        const uint32_t pair_indent = aligned ? aligned_column : line_indent + static_cast<uint32_t>(opt_.indent);
        size_t child_index = 0;
        for (const Item& item : items_[node]) {
            if (item.is_comment) {
                if (item.trailing && line_free()) {
                    pending_ = trim_comment(token_text(item.index));
                } else {
                    newline(pair_indent, item.blank && child_index > 1);
                    own_line_comment(item.index);
                }
                continue;
            }
            const uint32_t child = item.index;
            const bool last = child_index + 1 == n.children.size();
            const uint32_t child_suffix = last ? suffix + broken_close_width(node) : 0;
            const bool key = child_index % 2 == 1;
            // The head, the first key when aligned, and each value after its key stay on the line.
            const bool same_line = line_free() && (child_index == 0 || (key ? aligned && child_index == 1 : true));
            if (same_line) {
                if (child_index > 0) put(" ");
            } else {
                newline(key ? pair_indent : pair_indent + static_cast<uint32_t>(opt_.indent), key && item.blank && child_index > 1);
            }
            emit(child, pair_indent, child_suffix);
            ++child_index;
        }
        if (comment_eol_) newline(line_indent, false);
        put(flat_close(node));
    }

    const SyntaxTree& t_;
    FormatOptions opt_;
    std::vector<std::vector<uint32_t>> migrated_;  // node -> comments moved after it
    std::vector<bool> migrating_;                  // token -> moved comment
    std::vector<std::vector<Item>> items_ = std::vector<std::vector<Item>>(t_.nodes.size());
    std::vector<bool> flat_ok_, has_newline_, multi_line_;
    std::vector<uint32_t> width_;

    std::string out_;
    uint32_t col_ = 0;
    std::string_view pending_;  // a trailing comment, written when the line ends
    bool comment_eol_ = false;  // the line ends with a comment: nothing may follow
    bool line_empty_ = true;
    size_t open_span_ = kNone;
    LayoutResult result_;
};

}  // namespace

LayoutResult layout(const SyntaxTree& tree, const FormatOptions& options) { return Engine(tree, options).run(); }

}  // namespace ark::format::detail
