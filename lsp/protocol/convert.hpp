// Plain structs <-> LSP JSON. The only place that turns byte offsets and
// front-end structs into protocol values; features never see JSON.
#pragma once
#include <cstdint>

#include "base/text.hpp"
#include "protocol/jsonrpc.hpp"

namespace ark::lsp {

// Reads an LSP Position; throws RpcError(InvalidParams) if it is malformed.
LineColumn position_from_json(const json& position);
json position_to_json(LineColumn position);

uint32_t offset_from_json(const json& position, const LineIndex& lines, PositionEncoding encoding);
json range_to_json(TextRange range, const LineIndex& lines, PositionEncoding encoding);
TextRange range_from_json(const json& range, const LineIndex& lines, PositionEncoding encoding);

// "utf-8", "utf-16", "utf-32".
const char* encoding_name(PositionEncoding encoding);

}  // namespace ark::lsp
