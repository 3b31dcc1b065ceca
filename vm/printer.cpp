// Value -> text (LANGUAGE.md §5.4). Numbers are written by
// language/number_format.cpp.
#include "printer.hpp"

#include <cmath>
#include <cstdlib>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "small_stack.hpp"

namespace ark::vm {

namespace {

// Closure environments can form cycles (a method may `set` a field to the
// closure itself); past this depth a closure prints as "(...)" instead of
// recursing forever.
constexpr int kMaxPrintedClosureDepth = 64;

void append_value_at(std::string& out, const Value& v, const Program& program, bool nested, int closure_depth);

void append_closure(std::string& out, const ClosureObject& closure, const Program& program, int closure_depth) {
    if (closure_depth >= kMaxPrintedClosureDepth) {
        out += "(...)";
        return;
    }
    // Copy the fields under the lock, print without holding it: printing may
    // reach other environments, and another thread may be waiting on this one.
    std::vector<std::pair<uint32_t, Value>> fields;
    if (closure.env) {
        std::lock_guard lock(closure.env->mutex);
        fields = closure.env->fields;
    }
    out += '(';
    bool first = true;
    for (const auto& [symbol, value] : fields) {
        if (!first) out += ' ';
        first = false;
        out += '.';
        if (symbol < program.symbol_names.size()) out += program.symbol_names[symbol];
        else {
            out += '?';
            out += std::to_string(symbol);
        }
        out += '=';
        append_value_at(out, value, program, false, closure_depth + 1);
    }
    out += ')';
}

// Lists nest as deep as a program builds them (a loop of `(set x [x 1])`), so
// they are walked with an explicit stack of open lists, not C++ recursion; only
// closures recurse, at most kMaxPrintedClosureDepth deep.
void append_list(std::string& out, const Value& list, const Program& program, int closure_depth) {
    struct Open {
        const std::vector<Value>* items;
        size_t next;
    };
    SmallStack<Open, 16> enclosing;
    const std::vector<Value>* items = &list.as_list();
    size_t next = 0;
    out += '[';
    for (;;) {
        if (next == items->size()) {
            out += ']';
            if (enclosing.empty()) return;
            const Open outer = enclosing.pop();
            items = outer.items;
            next = outer.next;
            continue;
        }
        if (next > 0) out += ' ';
        const Value& item = (*items)[next++];
        if (item.is_number()) {  // the common case, inline
            out += format_number(item.as_number());
            continue;
        }
        if (item.is(Tag::List)) {
            enclosing.push({items, next});
            items = &item.as_list();
            next = 0;
            out += '[';
            continue;
        }
        append_value_at(out, item, program, true, closure_depth);
    }
}

void append_value_at(std::string& out, const Value& v, const Program& program, bool nested, int closure_depth) {
    switch (v.tag()) {
        case Tag::Number: out += format_number(v.as_number()); return;
        case Tag::String:
            if (nested) {
                out += '"';
                out += v.as_string();
                out += '"';
            } else {
                out += v.as_string();
            }
            return;
        case Tag::List: append_list(out, v, program, closure_depth); return;
        case Tag::Function:
            out += "Function@";  // 4.x prints no spaces (LANGUAGE-4.8 §5.4)
            out += std::to_string(v.as_id());
            return;
        case Tag::CProc: out += "CProcedure"; return;
        case Tag::Closure:
            append_closure(out, *static_cast<const ClosureObject*>(v.as_object()), program, closure_depth);
            return;
        case Tag::UserType:
            out += "UserType<";
            out += static_cast<const UserTypeObject*>(v.as_object())->type_name();
            out += '>';
            return;
        case Tag::Nil: out += "nil"; return;
        case Tag::True: out += "true"; return;
        case Tag::False: out += "false"; return;
        case Tag::Undefined:
        case Tag::Unbound: out += "undefined"; return;
    }
}

}  // namespace


void append_value(std::string& out, const Value& v, const Program& program, bool nested) {
    append_value_at(out, v, program, nested, 0);
}

std::string to_display(const Value& v, const Program& program) {
    if (v.is(Tag::String)) return v.as_string();
    std::string out;
    append_value_at(out, v, program, false, 0);
    return out;
}

std::string to_repr(const Value& v, const Program& program) {
    std::string out;
    append_value_at(out, v, program, true, 0);
    return out;
}

const char* type_name(const Value& v) {
    switch (v.tag()) {
        case Tag::List: return "List";
        case Tag::Number: return "Number";
        case Tag::String: return "String";
        case Tag::Function: return "Function";
        case Tag::CProc: return "CProc";
        case Tag::Closure: return "Closure";
        case Tag::UserType: return "UserType";
        case Tag::Nil: return "Nil";
        case Tag::True:
        case Tag::False: return "Bool";
        case Tag::Undefined:
        case Tag::Unbound: return "Undefined";
    }
    return "Undefined";
}

}  // namespace ark::vm
