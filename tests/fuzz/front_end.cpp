// fuzz_front_end: arbitrary bytes through the lexer, the lossless parser, the
// lowering, analyze() (imports, macros, resolution, checks), the lints and the
// code generator. Nothing may crash; the tree must cover every byte.
#include <string>
#include <string_view>

#include "analysis/analysis.hpp"
#include "codegen/compile.hpp"
#include "fuzz_targets.hpp"
#include "lints/lint.hpp"
#include "syntax/lower.hpp"
#include "syntax/tree.hpp"

namespace ark::fuzz {

int front_end(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);

    // Lossless: the tokens tile the text, in order, with no gap.
    syntax::ParseResult parsed = syntax::parse(text, 0);
    uint32_t expected = 0;
    for (const syntax::Token& token : parsed.tree.tokens) {
        if (token.range.begin != expected || token.range.end < token.range.begin)
            fail("front_end", "tokens do not tile the text");
        expected = token.range.end;
    }
    if (expected != text.size())
        fail("front_end", "tokens do not cover the text");
    if (parsed.tree.nodes.empty())
        fail("front_end", "no root node");
    for (uint32_t offset : {0u, static_cast<uint32_t>(text.size() / 2), static_cast<uint32_t>(text.size())}) {
        if (parsed.tree.node_at(offset) >= parsed.tree.nodes.size())
            fail("front_end", "node_at out of range");
        if (!parsed.tree.tokens.empty() && parsed.tree.token_at(offset) >= parsed.tree.tokens.size())
            fail("front_end", "token_at out of range");
    }
    std::vector<Diagnostic> lowered_diagnostics;
    syntax::lower(parsed.tree, 0, lowered_diagnostics);

    // Imports resolve to nothing: the fuzzer never reads the disk.
    analysis::AnalysisOptions options;
    options.read_file = [](const std::string&) { return std::optional<std::string>(); };
    auto analysis = analysis::analyze("/virtual/main.ark", text, options);
    lints::LintConfig config;
    config.run_on_broken_code = true;
    lints::run_lints(*analysis, config);
    if (!analysis->has_errors())
        codegen::compile_program(analysis->expanded.program, analysis->sources);
    return 0;
}

}  // namespace ark::fuzz

ARK_FUZZ_ENTRY(front_end)
