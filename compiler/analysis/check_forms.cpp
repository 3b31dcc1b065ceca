#include "analysis/check_forms.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <unordered_set>

#include "base/diagnostic_codes.hpp"
#include "vocabulary.hpp"

namespace ark::analysis {

using syntax::Sexp;
using syntax::SexpKind;
using language::Keyword;

uint32_t label_nodes(std::span<Sexp> program, uint32_t first_id) {
    // A fun's parameter list and its `(mut x)` / `(ref x)` elements are not
    // forms, whatever their heads say.
    struct Item {
        Sexp* node;
        bool in_parameters;
    };
    std::vector<Item> work;
    for (size_t i = program.size(); i-- > 0;) work.push_back({&program[i], false});
    uint32_t next = first_id;
    while (!work.empty()) {
        const auto [e, in_parameters] = work.back();
        work.pop_back();
        e->id = next++;
        e->form = !in_parameters && e->kind == SexpKind::List && !e->children.empty() && e->children[0].is_symbol()
                      ? language::find_keyword(e->children[0].text)
                      : std::nullopt;
        const bool is_fun = e->form == Keyword::Fun;
        for (size_t i = e->children.size(); i-- > 0;) {
            const bool parameters = is_fun && i == 1 && e->children[1].kind == SexpKind::List;
            work.push_back({&e->children[i], parameters || in_parameters});
        }
    }
    return next;
}

bool produces_value(const Sexp& e) {
    if (e.kind == SexpKind::Brace) return !e.children.empty();
    if (e.kind != SexpKind::List || e.children.empty()) return true;
    const auto h = e.form;
    // let, mut and set give the value bound (ArkScript 4.4+).
    if (h == Keyword::Del || h == Keyword::While || h == Keyword::Import || h == Keyword::Breakpoint) return false;
    if (h == Keyword::Begin) return e.children.size() > 1;
    return true;
}

namespace {

using language::is_operator_like;  // a keyword, an operator or a list instruction: not a value

class FormChecker {
public:
    FormChecker(uint32_t node_count, std::vector<Diagnostic>& diags) : diags_(diags), malformed_(node_count) {}

    MalformedForms run(const std::vector<Sexp>& program, size_t first, size_t count, std::vector<CheckOrigin>* origins) {
        program_ = &program;
        const size_t end = std::min(program.size(), first + std::min(count, program.size()));
        for (size_t i = first; i < end; ++i) {
            check(program[i]);
            if (origins) origins->resize(diags_.size(), CheckOrigin{CheckPass::Shape, static_cast<uint32_t>(i)});
        }
        return std::move(malformed_);
    }

private:
    // A program that binds an operator's name already has E0102 at the
    // binding (resolution): reading the name again is the same mistake. The
    // walk runs only once an operator is read as a value, which is rare.
    bool is_rebound(const std::string& name) {
        if (!rebound_operators_) collect_rebound_operators();
        return rebound_operators_->count(name) != 0;
    }
    void collect_rebound_operators() {
        rebound_operators_.emplace();
        std::vector<const Sexp*> work;
        for (const Sexp& form : *program_) work.push_back(&form);
        while (!work.empty()) {
            const Sexp* e = work.back();
            work.pop_back();
            const auto h = e->form;
            if ((h == Keyword::Let || h == Keyword::Mut || h == Keyword::Set) && e->children.size() >= 2 && e->children[1].is_symbol() &&
                is_operator_like(e->children[1].text))
                rebound_operators_->insert(e->children[1].text);
            if (h == Keyword::Fun && e->children.size() >= 2 && e->children[1].kind == SexpKind::List)
                for (const Sexp& p : e->children[1].children)
                    if (const auto param = syntax::parameter_of(p); param && is_operator_like(param->name->text))
                        rebound_operators_->insert(param->name->text);
            for (const Sexp& c : e->children) work.push_back(&c);
        }
    }

    Diagnostic& error(std::string_view code, const SourceRange& where, std::string message) {
        diags_.push_back(make_diagnostic(code, where, std::move(message)));
        return diags_.back();
    }

    // Every expression, whether its value is used or not.
    void check(const Sexp& e) {
        switch (e.kind) {
            case SexpKind::Number:
            case SexpKind::String:
            case SexpKind::Field:
                return;
            case SexpKind::Symbol:
                return check_symbol(e);
            case SexpKind::Capture:
            case SexpKind::Spread:
                error("E0008", e.where, "`" + std::string(e.kind == SexpKind::Capture ? "&" : "...") + e.text +
                                            "` is only allowed in a parameter list");
                return;
            case SexpKind::Bracket:
                for (const Sexp& c : e.children) check_operand(c, "list");
                return;
            case SexpKind::Brace:
                for (const Sexp& c : e.children) check(c);
                return;
            case SexpKind::List:
                return check_list(e);
        }
    }

    // An expression whose value is passed on: it must produce one (§2).
    void check_operand(const Sexp& e, std::string_view context) {
        if (!produces_value(e)) {
            error("E0202", e.where, "invalid node inside call to `" + std::string(context) + "`: `" +
                                        std::string(e.kind == SexpKind::Brace ? "{}" : e.head_name()) +
                                        "` produces no value")
                .hint = "it only has effects: move it out of this expression";
            return;
        }
        check(e);
    }

    // Operators are values since 4.3 (`(let add +)`); special forms and the
    // list instructions on a variable are not.
    void check_symbol(const Sexp& e) {
        const std::string& name = e.text;
        if (!is_operator_like(name) || language::find_operator(name)) return;
        if (is_rebound(name)) return;
        const bool keyword = language::is_keyword(name);
        error("E0201", e.where, std::string(keyword ? "Found a free standing special form: `" : "Found a free standing list instruction: `") +
                                    name + "`")
            .hint = keyword ? "special forms are not values" : "it changes a variable in place: call it on one, e.g. (" + name + " my-list ...)";
    }

    bool expect_arity(const Sexp& e, size_t min, size_t max, const char* shape) {
        const size_t n = e.children.size() - 1;
        if (n >= min && n <= max) return true;
        error("E0008", e.where, std::string("malformed `") + std::string(e.head_name()) + "`: expected " + shape);
        malformed_.add(e);
        return false;
    }

    void check_list(const Sexp& e) {
        if (e.children.empty()) return;
        const auto form = e.form;
        const std::string_view h = e.head_name();
        if (form == Keyword::Let || form == Keyword::Mut || form == Keyword::Set) return check_binding(e);
        if (form == Keyword::Fun) return check_fun(e);
        if (form == Keyword::If) {
            if (!expect_arity(e, 2, 3, "(if condition then [else])")) return;
            check_operand(e.children[1], "if");
            for (size_t i = 2; i < e.children.size(); ++i) check(e.children[i]);
            return;
        }
        if (form == Keyword::While) {
            if (!expect_arity(e, 2, 2, "(while condition body)")) return;
            check_operand(e.children[1], "while");
            check(e.children[2]);
            return;
        }
        if (form == Keyword::Begin) {
            for (size_t i = 1; i < e.children.size(); ++i) check(e.children[i]);
            return;
        }
        if (form == Keyword::Del) {
            if (!expect_arity(e, 1, 1, "(del NAME)")) return;
            if (!e.children[1].is_symbol()) {
                error("E0008", e.children[1].where, "`del` needs a variable name");
                malformed_.add(e);
            }
            return;
        }
        if (form == Keyword::Import) return;
        if (form == Keyword::Breakpoint) {
            // An arity error, like and/or's: the form's shape is right.
            if (e.children.size() > 2) {
                error("E0301", e.where, "`breakpoint` takes at most 1 argument (a condition), but it has " +
                                            std::to_string(e.children.size() - 1));
                return;
            }
            if (e.children.size() == 2) check_operand(e.children[1], "breakpoint");
            return;
        }
        if (form == Keyword::And || form == Keyword::Or) {
            if (e.children.size() < 2) {
                error("E0301", e.where, "`" + std::string(h) + "` needs at least 1 argument");
                return;
            }
            for (size_t i = 1; i < e.children.size(); ++i) check_operand(e.children[i], h);
            return;
        }
        if (language::is_in_place_list_op(h)) return check_in_place(e);
        if (const language::OperatorInfo* op = language::find_operator(h)) return check_operator(e, *op);
        check_call(e);
    }

    void check_binding(const Sexp& e) {
        std::string_view h = e.head_name();
        if (!expect_arity(e, 2, 2, "(NAME value)")) return;
        const Sexp& name = e.children[1];
        if (!name.is_symbol()) {
            error("E0008", name.where, std::string("`") + std::string(h) + "` needs a name, not `" + syntax::repr(name) + "`");
            malformed_.add(e);
            return;
        }
        check(e.children[2]);  // a value that gives none binds nil
    }

    void check_fun(const Sexp& e) {
        if (!expect_arity(e, 2, 2, "(fun (params) body)")) return;
        const Sexp& params = e.children[1];
        if (params.kind != SexpKind::List) {
            error("E0008", params.where, "a function needs a parameter list, e.g. (fun (a b) body)");
            malformed_.add(e);
            return;
        }
        bool seen_capture = false;
        std::unordered_set<std::string> seen;
        for (const Sexp& param : params.children) {
            const auto declared = syntax::parameter_of(param);
            if (declared && !seen_capture) {
                const std::string& name = declared->name->text;
                if (!seen.insert(name).second) error("E0009", declared->name->where, "duplicate parameter `" + name + "`");
            } else if (param.kind == SexpKind::Capture) {
                seen_capture = true;
                if (!seen.insert(param.text).second) error("E0009", param.where, "duplicate capture `&" + param.text + "`");
            } else if (declared) {
                error("E0008", param.where, "parameter `" + declared->name->text + "` must come before the captures");
            } else {
                error("E0008", param.where, "invalid parameter `" + syntax::repr(param) +
                                                "`: expected a name, (mut name), (ref name) or &capture");
            }
        }
        check(e.children[2]);
    }

    void check_in_place(const Sexp& e) {
        std::string_view h = e.head_name();
        const auto n = static_cast<int>(e.children.size() - 1);
        const language::OperatorInfo& op = *language::find_in_place(h);
        if (n < op.min_args || (op.max_args >= 0 && n > op.max_args)) {
            error("E0301", e.where, "`" + std::string(h) + "` needs " +
                                        (op.min_args == op.max_args ? "exactly " : "at least ") + std::to_string(op.min_args) +
                                        " arguments");
            return;
        }
        if (!e.children[1].is_symbol()) {
            error("E0008", e.children[1].where, "`" + std::string(h) + "` needs a variable name as its first argument");
            malformed_.add(e);
            return;
        }
        for (size_t i = 2; i < e.children.size(); ++i) check_operand(e.children[i], h);
    }

    void check_operator(const Sexp& e, const language::OperatorInfo& op) {
        const auto n = static_cast<int>(e.children.size() - 1);
        if (n < op.min_args || (op.max_args >= 0 && n > op.max_args)) {
            std::string expected = op.min_args == op.max_args ? "exactly " + std::to_string(op.min_args)
                                   : op.max_args < 0        ? "at least " + std::to_string(op.min_args)
                                                            : std::to_string(op.min_args) + " to " + std::to_string(op.max_args);
            error("E0301", e.where, "`" + std::string(op.name) + "` needs " + expected + " argument" +
                                        (expected == "exactly 1" ? "" : "s") + ", but it received " + std::to_string(n));
            return;
        }
        for (size_t i = 1; i < e.children.size(); ++i) check_operand(e.children[i], op.name);
    }

    void check_call(const Sexp& e) {
        const Sexp& head = e.children[0];
        const auto n_args = e.children.size() - 1;
        std::string context = head.is_symbol() ? head.text : std::string(head.kind == SexpKind::Field ? head.path.back() : "");
        const bool head_is_callee_name =
            head.is_symbol() && ((head.text == "async" && n_args >= 1) || language::find_builtin(head.text));
        if (!head_is_callee_name && head.kind != SexpKind::Field) {
            if (!produces_value(head)) {
                error("E0202", head.where, "can not call something that produces no value");
                return;
            }
            check(head);
        }
        if (context.empty()) context = "function";
        for (size_t i = 1; i < e.children.size(); ++i) check_operand(e.children[i], context);
    }

    std::vector<Diagnostic>& diags_;
    MalformedForms malformed_;
    const std::vector<Sexp>* program_ = nullptr;
    std::optional<std::unordered_set<std::string>> rebound_operators_;  // built on first need
};

}  // namespace

MalformedForms check_forms(const std::vector<Sexp>& program, uint32_t node_count, std::vector<Diagnostic>& diagnostics,
                           std::vector<CheckOrigin>* origins, size_t first, size_t count) {
    return FormChecker(node_count, diagnostics).run(program, first, count, origins);
}

}  // namespace ark::analysis
