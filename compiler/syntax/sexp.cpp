#include "syntax/sexp.hpp"

#include <cstdlib>

#include "number_format.hpp"

namespace ark::syntax {

// strtod, as lower() always read source numbers.
double Sexp::number() const { return kind == SexpKind::Number ? std::strtod(text.c_str(), nullptr) : 0; }

namespace {
void repr_into(std::string& out, const Sexp& n) {
    switch (n.kind) {
        case SexpKind::Symbol: out += n.text; return;
        case SexpKind::Field: out += n.text; return;
        case SexpKind::Capture: out += "&" + n.text; return;
        case SexpKind::Spread: out += "..." + n.text; return;
        case SexpKind::Number: out += language::format_number(n.number()); return;
        case SexpKind::String: out += "\"" + n.text + "\""; return;
        case SexpKind::List: case SexpKind::Bracket: case SexpKind::Brace: {
            out += "(";
            bool first = true;
            if (n.kind == SexpKind::Bracket) { out += "list"; first = false; }
            if (n.kind == SexpKind::Brace) { out += "begin"; first = false; }
            for (const Sexp& c : n.children) {
                if (!first) out += " ";
                first = false;
                repr_into(out, c);
            }
            out += ")";
            return;
        }
    }
}
}  // namespace

std::string repr(const Sexp& node) {
    std::string out;
    repr_into(out, node);
    return out;
}

std::optional<Parameter> parameter_of(const Sexp& node) {
    if (node.kind == SexpKind::Symbol) return Parameter{&node, ParameterMode::Plain};
    if (node.kind != SexpKind::List || node.children.size() != 2 || !node.children[1].is_symbol()) return std::nullopt;
    if (node.children[0].is_symbol("mut")) return Parameter{&node.children[1], ParameterMode::Mut};
    if (node.children[0].is_symbol("ref")) return Parameter{&node.children[1], ParameterMode::Ref};
    return std::nullopt;
}

}  // namespace ark::syntax
