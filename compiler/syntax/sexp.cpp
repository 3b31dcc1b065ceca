#include "syntax/sexp.hpp"

#include "number_format.hpp"

namespace ark::syntax {

namespace {
void repr_into(std::string& out, const Sexp& n) {
    switch (n.kind) {
        case SexpKind::Symbol: out += n.text; return;
        case SexpKind::Field: out += n.text; return;
        case SexpKind::Capture: out += "&" + n.text; return;
        case SexpKind::Spread: out += "..." + n.text; return;
        case SexpKind::Number: out += language::format_number(n.number); return;
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

}  // namespace ark::syntax
