// What a resolution of a file's own forms leaves behind so that the next
// keystroke resolves only the forms it touched (splice_resolution.hpp): where
// each top-level form's entries start in the symbol table, which form each
// check diagnostic came from, and the program-wide facts about names that the
// edited forms are resolved against.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/diagnostic.hpp"

namespace ark::analysis {

// Where one top-level form's entries start (indices into the whole table:
// a preamble's entries come first). Forms are resolved in order, so each
// form's symbols, scopes, references and nodes are contiguous.
struct FormMark {
    uint32_t node = 0;
    uint32_t symbol = 0;
    uint32_t scope = 0;
    uint32_t reference = 0;
};

// The passes that report on a form, in the order their diagnostics are made:
// the shape checks of every form, then the resolver's walk of every form,
// then its resolution of every reference. A diagnostic made elsewhere (a
// preamble's own checks, W0303) is `Other`.
enum class CheckPass : uint8_t { Other, Shape, Visit, Finish };

struct CheckOrigin {
    CheckPass pass = CheckPass::Other;
    uint32_t form = 0;   // index into the own program
    int reference = -1;  // Finish: the reference resolved (an index into the whole table)
};

// What every top-level form of the program together defines, per name: what
// a form resolved alone must still see of the others.
struct NameFacts {
    bool defined = false;     // bound by some let/mut/parameter/capture (even a refused one)
    bool field = false;       // some capture's field name
    uint32_t outside_loops = 0;  // symbols of that name outside loop bodies
    uint32_t in_loops = 0;       // symbols of that name in loop bodies
};

struct ResolutionMemo {
    std::vector<FormMark> marks;  // one per own top-level form, then one for the end
    // The check diagnostics (check_forms' and the resolver's, before W0303),
    // in the order made, and where each came from.
    std::vector<Diagnostic> checks;
    std::vector<CheckOrigin> origins;
    // Only the own forms' names (a preamble's are in its sealed resolver).
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, NameFacts, Hash, std::equal_to<>> names;
    // The own forms' defined names in the order the resolver first met them
    // (the unbound-name hints' candidates, in their order).
    std::vector<std::string> defined_order;
    std::vector<int> dict_symbols;  // sorted: let/mut symbols bound to a (dict ...) call
    // Whether every unbound name's error has its hints. Not when some run
    // had a syntax error (resolve()'s `hints`): then the checks were not
    // shown, and a splice adds the hints they lack before showing them.
    bool hints = true;

    const NameFacts* facts(std::string_view name) const {
        const auto found = names.find(name);
        return found == names.end() ? nullptr : &found->second;
    }
};

}  // namespace ark::analysis
