#!/usr/bin/env bash
# moeplan export: sglang 0.5 (presets/engines/sglang-0.5.yaml), this script: node 0 (serves requests)
# Scenario: tests/data/export/deepseek-v3-sglang-16xh200.yaml (deepseek-v3-sglang-16xh200)
# Model: DeepSeek-V3 = deepseek-ai/DeepSeek-V3; 16 x NVIDIA H200 SXM 141GB in 2 nodes of 8 GPUs
# Strategy: tp=2 pp=1 dp=8 ep=16 etp=1 (the scenario's strategy); aggregated pool, 1 instance
# Predicted (roofline cost model): TTFT 183.5 ms, TPOT 86.2 ms, 5,934 output tokens/s (371 per GPU) at 512 requests in flight
# Memory: 63.38 GB of 150.75 GB on the fullest GPU; objectives none given
# Left to the engine's defaults:
#   --page-size: 1 token per KV page (64 with some attention backends)
#   --max-prefill-tokens: 16384
#   --quantization: read from the checkpoint's config.json
#   --deepep-mode: auto (normal for prefill, low_latency for decode)
#   --cuda-graph-max-bs and radix (prefix) cache: engine defaults
# `moeplan export --explain` lists each value with the planner quantity it carries.
set -euo pipefail
HEAD_ADDR="${HEAD_ADDR:?set HEAD_ADDR to the address of node 0}"
exec python3 -m sglang.launch_server \
  --model-path deepseek-ai/DeepSeek-V3 \
  --tp-size 16 \
  --dp-size 8 \
  --enable-dp-attention \
  --ep-size 16 \
  --moe-a2a-backend deepep \
  --mem-fraction-static 0.8 \
  --kv-cache-dtype fp8_e4m3 \
  --max-running-requests 512 \
  --chunked-prefill-size 65536 \
  --context-length 3072 \
  --trust-remote-code \
  --host 0.0.0.0 \
  --port 30000 \
  --nnodes 2 \
  --dist-init-addr "${HEAD_ADDR}:5000" \
  --node-rank 0
