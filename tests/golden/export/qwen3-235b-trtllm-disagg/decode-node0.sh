#!/usr/bin/env bash
# moeplan export: trtllm 1.2 (presets/engines/trtllm-1.2.yaml), this script: node 0
# Scenario: tests/data/export/qwen3-235b-disagg-trtllm-16xh200.yaml (qwen3-235b-pd-trtllm)
# Model: Qwen3-235B-A22B = Qwen/Qwen3-235B-A22B; disaggregated on 16 of 16 GPUs
# Deployment: 1P:1D: prefill 1 x (tp=1 pp=1 dp=8 ep=8 etp=1), decode 1 x (tp=1 pp=1 dp=8 ep=8 etp=1) (the scenario's disaggregated pools, serving.mode disaggregated)
# prefill pool: 1 instance of 1 node x 8 GPUs on NVIDIA H200 SXM 141GB; 80.40 GB of 150.75 GB on the fullest GPU
# decode pool (this file): 1 instance of 1 node x 8 GPUs on NVIDIA H200 SXM 141GB; 136.59 GB of 150.75 GB on the fullest GPU
# Predicted (roofline cost model): TTFT 2.00 s, TPOT 49.9 ms, 6,368 output tokens/s (398 per GPU) at 6.22 requests/s; the prefill side binds
# KV transfer: 0.79 GB per request, 18.6 ms (18.6 ms in TTFT); objectives all met
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
  --config "${MOEPLAN_DIR}/decode-config.yaml"
