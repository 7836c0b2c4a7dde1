#include "spec/text.h"

#include <gtest/gtest.h>

#include "spec/error.h"
#include "support/expect_input_error.h"

namespace moeplan {
namespace {

// A cut never splits a character: "ab≈" (≈ is E2 89 88) cut to 3 or 4 bytes is "ab".
TEST(Utf8, PrefixCutsAtACharacterBoundary) {
  EXPECT_EQ(utf8_prefix("ab\xE2\x89\x88", 3), "ab");
  EXPECT_EQ(utf8_prefix("ab\xE2\x89\x88", 4), "ab");
  EXPECT_EQ(utf8_prefix("ab\xE2\x89\x88", 5), "ab\xE2\x89\x88");
  EXPECT_EQ(utf8_prefix("abc", 2), "ab");
}

TEST(Utf8, AcceptsValidAndFindsTheFirstInvalidByte) {
  EXPECT_FALSE(first_invalid_utf8("plain ascii").has_value());
  EXPECT_FALSE(first_invalid_utf8("\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80").has_value());  // é € 😀
  // "ab" then 0xE9 alone (Latin-1 é): offset 2.
  EXPECT_EQ(first_invalid_utf8("ab\xE9z").value(), 2u);
  // Overlong "/" (C0 AF), a UTF-16 surrogate (ED A0 80), above U+10FFFF (F4 90 80 80), truncated (E2 82).
  EXPECT_EQ(first_invalid_utf8("\xC0\xAF").value(), 0u);
  EXPECT_EQ(first_invalid_utf8("x\xED\xA0\x80").value(), 1u);
  EXPECT_EQ(first_invalid_utf8("xy\xF4\x90\x80\x80").value(), 2u);
  EXPECT_EQ(first_invalid_utf8("\xE2\x82").value(), 0u);
}

TEST(Utf8, RequireNamesFileLineAndOffset) {
  // a=0 b=1 \n=2 c=3 :=4 0xFF=5: offset 5, on line 2 (one '\n' before it).
  expect_input_error([&] { require_utf8("ab\nc:\xFF", "f.yaml"); }, {"f.yaml:2: not valid UTF-8: byte 0xFF at byte offset 5"});
}

TEST(Utf8, ReplacementIsOneCharacterPerBadByte) {
  // Two bad bytes -> two U+FFFD (3 bytes each): 1 + 6 + 1 = 8 bytes.
  const std::string r = replace_invalid_utf8("a\xFF\xFE" "b");
  EXPECT_EQ(r, "a\xEF\xBF\xBD\xEF\xBF\xBD" "b");
  EXPECT_EQ(r.size(), 8u);
  EXPECT_EQ(replace_invalid_utf8("\xC3\xA9"), "\xC3\xA9");  // valid text unchanged
}

TEST(Text, LoneCarriageReturnsBecomeLineFeeds) {
  std::string t = "a\rb\r\nc\r";
  normalize_lone_cr(t);
  EXPECT_EQ(t, "a\nb\r\nc\n");  // CRLF kept; same length
}

TEST(Json, DepthIgnoresBracketsInStrings) {
  EXPECT_EQ(json_depth(R"({"a": [[1], {"b": "[[[["}]})", 100), 3);
  EXPECT_EQ(json_depth(R"("\"[")", 100), 0);
  EXPECT_EQ(json_depth(std::string(1000, '['), 64), 65);  // stops counting past the limit
  expect_input_error([&] { require_json_depth(std::string(65, '['), "c.json"); }, {"c.json: JSON nested more than 64 levels deep"});
}

TEST(Json, DumpNeverThrowsOnInvalidUtf8) {
  nlohmann::json j = {{"name", std::string("caf\xE9")}};
  EXPECT_EQ(dump_json(j), "{\"name\":\"caf\xEF\xBF\xBD\"}");
  EXPECT_EQ(json_excerpt(nlohmann::json(std::string(100, 'x')), 10), "\"xxxxxxxxx...");
}

}  // namespace
}  // namespace moeplan
