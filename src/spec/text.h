// Text at the door: every file moeplan reads is checked here before a parser
// sees it, and every JSON it writes goes out through dump_json().
//  - UTF-8: structured inputs (scenarios, configs, statistics) must be valid
//    UTF-8 (the error gives the byte offset); prose (Markdown documents) gets
//    each invalid byte replaced by U+FFFD, the same way every time.
//  - JSON nesting is bounded before parsing, so no parser or message
//    builder recurses without limit.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace moeplan {

// Deepest nesting of `[`/`{` a JSON input may have (a config.json is 3 deep).
inline constexpr int kMaxJsonDepth = 64;

// Byte offset of the first byte that does not start a valid UTF-8 sequence
// (overlong forms, surrogates and code points above U+10FFFF are invalid).
std::optional<size_t> first_invalid_utf8(std::string_view text);
// Length of the valid UTF-8 sequence at text[i], 0 when invalid.
size_t utf8_sequence_length(std::string_view text, size_t i);
// InputError "file: byte offset N (line L): not valid UTF-8 (byte 0xFF)".
void require_utf8(std::string_view text, const std::string& file);
// At most `max_bytes` of text, cut back to the start of a UTF-8 sequence so
// that no character is split ("... de KV ≈" is cut before the "≈", not inside it).
std::string_view utf8_prefix(std::string_view text, size_t max_bytes);
// Each byte that does not start a valid sequence becomes U+FFFD.
std::string replace_invalid_utf8(std::string_view text);
// Lone CRs (old Mac line endings) become LFs; CRLF stays. Same length.
void normalize_lone_cr(std::string& text);

// Deepest `[`/`{` nesting outside strings; stops counting once past `limit`.
int json_depth(std::string_view text, int limit);
// InputError when nesting exceeds kMaxJsonDepth.
void require_json_depth(std::string_view text, const std::string& file);

// JSON text that never throws: invalid UTF-8 in strings becomes U+FFFD.
std::string dump_json(const nlohmann::json& j, int indent = -1);
// A value for an error message: dumped, cut to `max_chars`.
std::string json_excerpt(const nlohmann::json& j, size_t max_chars = 60);

}  // namespace moeplan
