#include "spec/units.h"

#include <gtest/gtest.h>

namespace moeplan {
namespace {

double parse(const std::string& text, QuantityKind kind) {
  auto v = parse_quantity(text, kind);
  EXPECT_TRUE(v.has_value()) << text;
  return v.value_or(-1);
}

TEST(Units, BytesDecimalAndBinaryAreDistinct) {
  EXPECT_DOUBLE_EQ(parse("64 GB", QuantityKind::kBytes), 64e9);
  // 64 GiB = 64 x 2^30 = 68,719,476,736 bytes.
  EXPECT_DOUBLE_EQ(parse("64 GiB", QuantityKind::kBytes), 68719476736.0);
  EXPECT_DOUBLE_EQ(parse("512MiB", QuantityKind::kBytes), 536870912.0);
  EXPECT_DOUBLE_EQ(parse("350 MB", QuantityKind::kBytes), 350e6);
}

TEST(Units, TokenRates) {
  // 100 tokens per millisecond = 100,000 tokens per second.
  EXPECT_DOUBLE_EQ(parse("100 tokens/ms", QuantityKind::kTokensPerSecond), 1e5);
  EXPECT_DOUBLE_EQ(parse("120k tokens/s", QuantityKind::kTokensPerSecond), 120e3);
  EXPECT_DOUBLE_EQ(parse("2500 tok/s", QuantityKind::kTokensPerSecond), 2500);
}

TEST(Units, RequestRates) {
  EXPECT_DOUBLE_EQ(parse("20 requests/s", QuantityKind::kRequestsPerSecond), 20);
  // 600 per minute = 10 per second.
  EXPECT_DOUBLE_EQ(parse("600 req/min", QuantityKind::kRequestsPerSecond), 10);
}

TEST(Units, Durations) {
  EXPECT_DOUBLE_EQ(parse("10 s", QuantityKind::kSeconds), 10);
  EXPECT_DOUBLE_EQ(parse("50 ms", QuantityKind::kSeconds), 0.05);
  EXPECT_DOUBLE_EQ(parse("6 us", QuantityKind::kSeconds), 6e-6);
}

TEST(Units, BandwidthBitsAndBytes) {
  EXPECT_DOUBLE_EQ(parse("900 GB/s", QuantityKind::kBytesPerSecond), 900e9);
  // 400 Gb/s is a NIC line rate in bits: 400e9 / 8 = 50e9 bytes/s.
  EXPECT_DOUBLE_EQ(parse("400 Gb/s", QuantityKind::kBytesPerSecond), 50e9);
  EXPECT_DOUBLE_EQ(parse("400 Gbps", QuantityKind::kBytesPerSecond), 50e9);
  EXPECT_DOUBLE_EQ(parse("3.35 TB/s", QuantityKind::kBytesPerSecond), 3.35e12);
}

TEST(Units, FlopsAndCounts) {
  EXPECT_DOUBLE_EQ(parse("989 TFLOP/s", QuantityKind::kFlopsPerSecond), 989e12);
  EXPECT_DOUBLE_EQ(parse("989 TFLOPS", QuantityKind::kFlopsPerSecond), 989e12);
  EXPECT_DOUBLE_EQ(parse("671B", QuantityKind::kCount), 671e9);
  EXPECT_DOUBLE_EQ(parse("16k", QuantityKind::kCount), 16e3);
  EXPECT_DOUBLE_EQ(parse("4096", QuantityKind::kCount), 4096);
}

TEST(Units, RejectsMissingOrWrongUnits) {
  std::string why;
  EXPECT_FALSE(parse_quantity("64", QuantityKind::kBytes, &why));
  EXPECT_NE(why.find("has no unit"), std::string::npos) << why;
  EXPECT_FALSE(parse_quantity("64 GX", QuantityKind::kBytes, &why));
  EXPECT_NE(why.find("unknown unit 'GX'"), std::string::npos) << why;
  EXPECT_FALSE(parse_quantity("fast", QuantityKind::kSeconds, &why));
  EXPECT_NE(why.find("does not start with a number"), std::string::npos) << why;
  EXPECT_FALSE(parse_quantity("100 tokens", QuantityKind::kTokensPerSecond, &why));
  EXPECT_FALSE(parse_quantity("2 s", QuantityKind::kBytes, &why));
}

}  // namespace
}  // namespace moeplan
