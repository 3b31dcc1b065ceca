#include "host.hpp"

#include <algorithm>
#include <new>
#include <utility>

#include "async/future.hpp"
#include "context.hpp"

namespace ark::vm {

Value make_host_function(std::string name, HostFunction function) {
    return Value::adopt(Tag::UserType, new HostFunctionObject(std::move(name), std::move(function)));
}

Machine::Machine(MachineOptions options) : runtime_(std::make_unique<Runtime>()) {
    if (!options.out) own_out_ = std::make_unique<FileSink>(stdout);
    if (!options.err) own_err_ = std::make_unique<FileSink>(stderr);
    runtime_->out = options.out ? options.out : own_out_.get();
    err_ = options.err ? options.err : own_err_.get();
    runtime_->args = std::move(options.args);
    runtime_->limits = options.limits;
    runtime_->budget.limit = options.max_memory_bytes;
    runtime_->allow_input = options.allow_input;
    runtime_->allow_system = options.allow_system;
    pool_ = std::make_unique<TaskPool>(*runtime_, options.threads ? options.threads : TaskPool::default_threads());
    runtime_->pool = pool_.get();
}

Machine::~Machine() {
    // Tasks still running stop at their next check instead of running to their end.
    runtime_->cancelled.store(true);
    context_.reset();
    pool_.reset();  // joins the pool's threads
    runtime_->pool = nullptr;
}

void Machine::load(std::shared_ptr<const Program> program) {
    runtime_->program = std::move(program);
    if (!context_) context_ = std::make_unique<ExecutionContext>(*runtime_);
    else context_->extend_to_program();
}

ExecutionContext& Machine::context() {
    if (!context_) context_ = std::make_unique<ExecutionContext>(*runtime_);
    return *context_;
}

RunResult Machine::run(size_t first_form) {
    RunResult result;
    const std::vector<uint32_t>& starts = program().top_level_starts;
    const uint32_t start_pc = starts.empty() ? 0 : starts[std::min(first_form, starts.size() - 1)];
    const BudgetScope budget(runtime_->budget);
    try {
        result.value = context().run_program(start_pc);
    } catch (ArkError& error) {
        result.status = RunResult::Status::Failed;
        result.error = std::move(error);
    } catch (const ExitRequest& exit) {
        result.status = RunResult::Status::Exited;
        result.exit_status = exit.status;
    } catch (const std::bad_alloc&) {
        // Out of memory, or over the run's allocation budget.
        result.status = RunResult::Status::Failed;
        result.error.emplace(ErrorKind::Memory, "out of memory");
    } catch (const std::exception& failure) {
        result.status = RunResult::Status::Failed;
        result.error.emplace(ErrorKind::Internal, failure.what());
    }
    return result;
}

std::vector<ArkError> Machine::finish_tasks() {
    pool_->wait_all();
    return pool_->unawaited_errors();
}

size_t Machine::report_unawaited() {
    const std::vector<ArkError> errors = finish_tasks();
    for (const ArkError& error : errors)
        err_->write_parts({"warning: unawaited future failed: ", error.kind.name(), ": ", error.message, "\n"});
    return errors.size();
}

void Machine::cancel() { runtime_->cancelled.store(true); }

bool Machine::cancelled() const { return runtime_->cancelled.load(); }

void Machine::clear_cancel() { runtime_->cancelled.store(false); }

void Machine::stop() noexcept {
    cancel();
    pool_->wait_all();
    context_.reset();
}

std::optional<uint32_t> Machine::symbol_of(std::string_view name) const {
    if (!runtime_->program) return std::nullopt;
    const std::vector<std::string>& names = program().symbol_names;
    const auto found = std::find(names.begin(), names.end(), name);
    if (found == names.end()) return std::nullopt;
    return static_cast<uint32_t>(found - names.begin());
}

const Value* Machine::global(std::string_view name) const {
    const std::optional<uint32_t> symbol = symbol_of(name);
    if (!symbol || !context_ || *symbol >= context_->cells().size()) return nullptr;
    return &context_->cells()[*symbol];
}

bool Machine::set_global(std::string_view name, Value value) {
    const std::optional<uint32_t> symbol = symbol_of(name);
    if (!symbol) return false;
    ExecutionContext& ctx = context();
    if (*symbol >= ctx.cells().size()) return false;
    ctx.cells()[*symbol] = std::move(value);
    return true;
}

}  // namespace ark::vm
