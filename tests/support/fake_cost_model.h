// Test helper: a cost model whose step times can be counted by hand.
#pragma once

#include <string>

#include "model/cost_model.h"

namespace moeplan {

// Every GEMM takes 1 ms, everything else nothing: step times become GEMM
// counts.
class OneMsPerGemm : public CostModel {
 public:
  std::string name() const override { return "fake"; }
  double gemm_seconds(const GemmOp&) const override { return 1e-3; }
  double attention_seconds(const AttentionOp&) const override { return 0; }
  double memory_seconds(double) const override { return 0; }
  double collective_seconds(const CollectiveOp&) const override { return 0; }
  double prefill_overhead_seconds() const override { return 0; }
  double decode_overhead_seconds() const override { return 0; }
};

}  // namespace moeplan
