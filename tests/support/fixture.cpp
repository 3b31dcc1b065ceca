#include "fixture.hpp"

#include "capture_sink.hpp"
#include "codegen/compile.hpp"
#include "host.hpp"

namespace ark::test {


std::shared_ptr<analysis::Analysis> analyze_snippet(const std::string& source) {
    analysis::AnalysisOptions options;
    options.read_file = [](const std::string&) { return std::optional<std::string>(); };
    return analysis::analyze("/virtual/main.ark", source, options);
}

std::string run_snippet(const std::string& source) {
    auto a = analyze_snippet(source);
    for (const auto& d : a->diagnostics)
        if (d.severity == Severity::Error) return d.kind + ": " + d.message;
    auto compiled = codegen::compile_program(a->expanded.program, a->sources);
    if (!compiled.program) return compiled.diagnostics.front().kind + ": " + compiled.diagnostics.front().message;
    CaptureSink sink;
    vm::MachineOptions options;
    options.out = &sink;
    options.threads = 4;
    vm::Machine machine(options);
    machine.load(compiled.program);
    const vm::RunResult result = machine.run();
    std::string error;
    if (result.error) error = result.error->kind_name() + ": " + result.error->message;
    machine.finish_tasks();
    return sink.text() + error;
}

std::vector<std::string> codes(const std::vector<Diagnostic>& diagnostics) {
    std::vector<std::string> out;
    for (const auto& d : diagnostics) out.push_back(d.code);
    return out;
}

}  // namespace ark::test
