//! Implementation of textDocument/semanticTokens/full
//! (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_semanticTokens).
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "analysis/analysis.hpp"

namespace ark::lsp::features {

// Feature: Semantic Highlighting
// Colours what a grammar cannot know: parameters vs locals vs globals, constants
// (readonly), builtins (defaultLibrary), definitions (declaration), keywords only
// in head position, and names resolved dynamically or not at all.
enum class TokenType : uint32_t { Keyword, Function, Variable, Parameter, Property, String, Number, Comment, Operator, Macro };
enum TokenModifier : uint32_t { Declaration = 1, Readonly = 2, DefaultLibrary = 4, Unresolved = 8 };

// The legend, in enum order (the protocol sends indices into these lists).
inline constexpr std::string_view token_type_names[] = {"keyword", "function", "variable", "parameter", "property",
                                                        "string", "number", "comment", "operator", "macro"};
inline constexpr std::string_view token_modifier_names[] = {"declaration", "readonly", "defaultLibrary",
                                                            "unresolved"};

struct SemanticToken {
    TextRange range;
    TokenType type;
    uint32_t modifiers = 0;
};

// Sorted by position, non-overlapping; tokens may span lines (strings).
std::vector<SemanticToken> semantic_tokens(const analysis::Analysis& analysis);

}  // namespace ark::lsp::features
