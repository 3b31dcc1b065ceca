// Value -> text (LANGUAGE.md §5.4). Numbers are written by
// language/number_format.cpp.
#include "printer.hpp"

#include <cmath>
#include <cstdlib>
#include <string_view>
#include <system_error>
#include <unordered_set>
#include <utility>
#include <vector>

#include "dict.hpp"
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
    std::vector<ClosureField> fields;
    if (closure.env) {
        std::lock_guard lock(closure.env->mutex);
        fields = closure.env->fields;
    }
    out += '(';
    bool first = true;
    for (const ClosureField& field : fields) {
        if (!first) out += ' ';
        first = false;
        out += '.';
        if (field.name < program.symbol_names.size()) out += program.symbol_names[field.name];
        else {
            out += '?';
            out += std::to_string(field.name);
        }
        out += '=';
        append_value_at(out, field.value, program, false, closure_depth + 1);
    }
    out += ')';
}

// Lists and dicts nest as deep as a program builds them (a loop of
// `(set x [x 1])`), so they are walked with an explicit stack of open
// containers, not C++ recursion; only closures recurse, at most
// kMaxPrintedClosureDepth deep.
//
// A list writes its strings quoted, `["a" 1]`; a dict writes its keys and
// values as print does, `{a: 1, 2: b}` (upstream's Dict::toString), whatever
// encloses either. A dict's entries are copied under its lock and written
// without it; a dict met again inside itself is written `{...}`.
class ContainerWriter {
public:
    ContainerWriter(std::string& out, const Program& program, int closure_depth)
        : out_(out), program_(program), closure_depth_(closure_depth) {}

    void write(const Value& root) {
        if (!open(root)) return;
        for (;;) {
            if (next_ == size_) {
                out_ += dict_ ? '}' : ']';
                if (dict_) {
                    printing_.erase(open_dicts_.back());
                    open_dicts_.pop_back();
                    kept_.pop_back();
                }
                if (enclosing_.empty()) return;
                const Open outer = enclosing_.pop();
                items_ = outer.items;
                size_ = outer.size;
                next_ = outer.next;
                dict_ = outer.dict;
                continue;
            }
            if (next_ > 0) out_ += !dict_ ? " " : next_ % 2 == 1 ? ": " : ", ";
            const Value& item = items_[next_++];
            if (item.is_number()) {  // the common case, inline
                out_ += format_number(item.as_number());
                continue;
            }
            if (item.is(Tag::List) || item.is(Tag::Dict)) {
                enclosing_.push({items_, size_, next_, dict_});
                if (!open(item)) {  // a dict inside itself
                    const Open outer = enclosing_.pop();
                    items_ = outer.items;
                    size_ = outer.size;
                    next_ = outer.next;
                    dict_ = outer.dict;
                }
                continue;
            }
            append_value_at(out_, item, program_, !dict_, closure_depth_);
        }
    }

private:
    struct Open {
        const Value* items;
        size_t size;
        size_t next;
        bool dict;
    };

    // Starts writing a list or dict; false (and "{...}" written) for a dict
    // that is already being written further out.
    bool open(const Value& v) {
        if (v.is(Tag::List)) {
            out_ += '[';
            items_ = v.as_list().data();
            size_ = v.as_list().size();
            next_ = 0;
            dict_ = false;
            return true;
        }
        if (printing_.contains(v.as_object())) {
            out_ += "{...}";
            return false;
        }
        const DictTable table = dict_snapshot(v);
        std::vector<Value> flat;  // key, value, key, value...
        flat.reserve(2 * table.size());
        for (const DictTable::Entry& e : table.entries()) {
            if (!DictTable::is_live(e)) continue;
            flat.push_back(e.key);
            flat.push_back(e.value);
        }
        printing_.insert(v.as_object());
        open_dicts_.push_back(v.as_object());
        kept_.push_back(std::move(flat));  // moving the vectors keeps their elements in place
        out_ += '{';
        items_ = kept_.back().data();
        size_ = kept_.back().size();
        next_ = 0;
        dict_ = true;
        return true;
    }

    std::string& out_;
    const Program& program_;
    int closure_depth_;
    SmallStack<Open, 16> enclosing_;
    const Value* items_ = nullptr;
    size_t size_ = 0;
    size_t next_ = 0;
    bool dict_ = false;
    std::vector<std::vector<Value>> kept_;   // the entries of the dicts being written
    std::vector<const Object*> open_dicts_;  // those dicts, innermost last
    std::unordered_set<const Object*> printing_;  // the same, to look up
};

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
        case Tag::List:
        case Tag::Dict: ContainerWriter(out, program, closure_depth).write(v); return;
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
        case Tag::Dict: return "Dict";
        case Tag::Nil: return "Nil";
        case Tag::True:
        case Tag::False: return "Bool";
        case Tag::Undefined:
        case Tag::Unbound: return "Undefined";
    }
    return "Undefined";
}

}  // namespace ark::vm
