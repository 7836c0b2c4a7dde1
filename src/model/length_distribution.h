// Per-request lengths of a workload: all equal, or the long-tailed ShareGPT
// shape that serving benchmarks sample (vllm bench serve, sglang.bench_serving,
// GPUStack's performance lab), scaled to the workload's mean input and output.
#pragma once

#include <cstdint>
#include <vector>

#include "spec/scenario.h"

namespace moeplan {

struct RequestLengths {
  int64_t input_tokens = 0;
  int64_t output_tokens = 0;
};

// `n` requests in the order a benchmark sends them. kFixed: every one
// `mean_input` in, `mean_output` out. kShareGpt: request k stands for the
// share u_k = frac((k + 1/2) x 0.618...) of the ShareGPT requests sorted by
// output length (a golden-ratio sequence: every stretch of the queue mixes
// short and long requests, as a shuffled sample does) and takes that share's
// bin of the table in length_distribution.cc; the lengths are then scaled so
// that their means are `mean_input` and `mean_output` (rounded, at least 1).
std::vector<RequestLengths> request_lengths(LengthDistribution d, int64_t n, double mean_input, double mean_output);

}  // namespace moeplan
