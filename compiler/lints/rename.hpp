// The `_` prefix fix shared by A101 and A102: rename a variable to `_name`
// at its definition and at every write, so it is marked unused on purpose.
#pragma once
#include <optional>

#include "lints/context.hpp"

namespace ark::lints {

std::optional<Fix> underscore_fix(const LintContext& ctx, int symbol);

}  // namespace ark::lints
