#include "check/lexicon.h"

#include <gtest/gtest.h>

#include <array>
#include <stdexcept>
#include <string>

#include "spec/error.h"

namespace moeplan {
namespace {

TEST(Lexicon, CompiledInLexiconLoads) {
  const Lexicon& lx = lexicon();
  EXPECT_TRUE(lx.set("hedges").count("about"));
  EXPECT_EQ(lx.map("synonyms").at("gpus"), "gpu");
  // 1 GiB = 2^30 bytes = 1,073,741,824.
  EXPECT_DOUBLE_EQ(lx.scales("units.bytes").at("GiB"), 1073741824.0);
  // 400 Gb/s = 400e9 / 8 bytes/s: a Gb is 1.25e8 bytes.
  EXPECT_DOUBLE_EQ(lx.scales("units.bits").at("Gb"), 1.25e8);
  EXPECT_THROW(lx.set("no such list"), std::logic_error);
}

TEST(WordTable, FindsEveryWordAddedAndNoOther) {
  // 1,000 words: the table grows from 16 slots to 4,096 (four per word, a power of two) on the way.
  auto word = [](int k) { return std::to_string(k) + "w"; };
  WordTable<int> table;
  for (int k = 0; k < 1000; ++k) table[word(k)] = k;
  table[word(7)] = -7;  // a word added again keeps its entry
  ASSERT_EQ(table.size(), 1000u);
  for (int k = 0; k < 1000; ++k) {
    const auto* e = table.find(word(k));
    ASSERT_NE(e, table.end()) << k;
    EXPECT_EQ(e->second, k == 7 ? -7 : k);
  }
  EXPECT_EQ(table.find(word(1000)), table.end());
  EXPECT_EQ(table.count(""), 0u);
  EXPECT_EQ(WordTable<int>().find(word(1)), nullptr);
  EXPECT_THROW(table.at("x"), std::out_of_range);
  EXPECT_EQ(table.entries().front().first, word(0));  // in the order added
}

TEST(WordTable, TurnsAwayWordsByFirstByteAndSizeOnly) {
  // The sizes kept by first byte let a word of another size through to the hash (or turn it away):
  // words of 31 bytes or more share one bit, so each of them is still compared in full.
  WordTable<int> table;
  const std::string long_a(40, 'a'), long_b = std::string(35, 'a') + "b";
  table[long_a] = 1;
  table["ab"] = 2;
  table[""] = 3;
  EXPECT_EQ(table.at(long_a), 1);
  EXPECT_EQ(table.find(long_b), table.end());  // a's, 31 bytes or more, but not an entry
  EXPECT_EQ(table.find(std::string(31, 'a')), table.end());
  EXPECT_EQ(table.at("ab"), 2);
  EXPECT_EQ(table.find("ac"), table.end());  // first byte and size of "ab"
  EXPECT_EQ(table.find("abc"), table.end());
  EXPECT_EQ(table.at(""), 3);
}

TEST(Lexicon, PhrasesMatchInOrderWithinTheGap) {
  const Lexicon lx(R"(
synonyms: {}
config_keys: {}
degree_words: {}
number_words: {}
gpu_models: []
units: {bytes: {B: 1}, bits: {Gb: 1.25e8}, time: {s: 1}, counts: {billion: 1.0e9}, counts_as_written: {}, flops: [], request_rate: [], rate_adjectives: []}
dtypes: {fp16: 2}
sets: {}
phrases: {per_gpu: {gap: 2, phrases: [per gpu]}}
owners: {gpu: {gap: 1, phrases: [per gpu]}, node: {gap: 1, phrases: [per node]}}
components: {}
phases: {}
pools: {}
pool_labels: {}
alternatives: {phrases: [option]}
links: {hbm: [hbm]}
)", "t.yaml");
  const std::vector<std::string_view> near = {"per", "single", "gpu"};
  const std::vector<std::string_view> far = {"per", "a", "single", "gpu"};
  const std::vector<std::string_view> reversed = {"gpu", "per"};
  EXPECT_TRUE(lx.phrases("per_gpu").in(near));
  EXPECT_FALSE(lx.phrases("per_gpu").in(far));
  EXPECT_FALSE(lx.phrases("per_gpu").in(reversed));
  const std::vector<std::string_view> node = {"8", "per", "node"};
  EXPECT_EQ(lx.first_match("owners", node), "node");
  EXPECT_TRUE(lx.phrases("per_gpu").starts_at(near, 0));
  EXPECT_FALSE(lx.phrases("per_gpu").starts_at(near, 1));
}

TEST(Lexicon, NearestNamedOfSeveralKindsIsEachKindsOwn) {
  // "per gpu" at 1-2 is an owner (distance 1 from the anchor at 3), "decode" at 5 a phase (distance 2);
  // no component is named.
  const std::vector<std::string_view> words = {"8", "per", "gpu", "#", "in", "decode"};
  const std::array<std::string_view, 3> kinds = {"owners", "components", "phases"};
  std::array<std::string_view, 3> named;
  lexicon().nearest_named(kinds, words, 3, named);
  for (size_t k = 0; k < kinds.size(); ++k) EXPECT_EQ(named[k], lexicon().nearest_named(kinds[k], words, 3)) << kinds[k];
  EXPECT_EQ(named[0], "gpu");
  EXPECT_EQ(named[1], "");
  EXPECT_EQ(named[2], "decode");
}

TEST(Lexicon, BadEntriesNameTheFileAndField) {
  try {
    Lexicon lx("synonyms: {}\nconfig_keys: {}\ndegree_words: {}\nnumber_words: {}\ngpu_models: []\nunits: {bytes: {B: big}}\n", "lex.yaml");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("lex.yaml: units.bytes.B: 'big' is not a number"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace moeplan
