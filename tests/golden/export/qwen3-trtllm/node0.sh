#!/usr/bin/env bash
# moeplan export: trtllm 1.2 (presets/engines/trtllm-1.2.yaml), this script: node 0
# Scenario: tests/data/export/qwen3-235b-trtllm-8xh200.yaml (qwen3-235b-trtllm-8xh200)
# Model: Qwen3-235B-A22B = Qwen/Qwen3-235B-A22B; 8 x NVIDIA H200 SXM 141GB in 1 node of 8 GPUs
# Strategy: tp=1 pp=1 dp=8 ep=8 etp=1 (the scenario's strategy); aggregated pool, 1 instance
# Predicted (roofline cost model): TTFT 422.4 ms, TPOT 120.7 ms, 2,116 output tokens/s (264 per GPU) at 256 requests in flight
# Memory: 109.97 GB of 150.75 GB on the fullest GPU; objectives none given
# Left to the engine's defaults:
#   kv_cache_config.tokens_per_block: 32
#   cuda_graph_config: engine default batch sizes
#   quantization: read from the checkpoint (hf_quant_config.json / config.json)
#   moe_config.load_balancer.initial_global_assignments without placement: TensorRT-LLM's own initial layout
# `moeplan export --explain` lists each value with the planner quantity it carries.
set -euo pipefail
MOEPLAN_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec trtllm-serve Qwen/Qwen3-235B-A22B \
  --backend pytorch \
  --host 0.0.0.0 \
  --port 8000 \
  --config "${MOEPLAN_DIR}/config.yaml"
