#!/usr/bin/env bash
# moeplan export: sglang 0.5 (presets/engines/sglang-0.5.yaml), this script: node 0 (serves requests)
# Scenario: tests/data/export/deepseek-v3-disagg-sglang-32xh200.yaml (deepseek-v3-pd-sglang)
# Model: DeepSeek-V3 = deepseek-ai/DeepSeek-V3; disaggregated on 32 of 32 GPUs
# Deployment: 1P:1D: prefill 1 x (tp=2 pp=1 dp=8 ep=16 etp=1), decode 1 x (tp=2 pp=1 dp=8 ep=16 etp=1) (the scenario's disaggregated pools, serving.mode disaggregated)
# prefill pool (this file): 1 instance of 2 nodes x 8 GPUs on NVIDIA H200 SXM 141GB; 56.90 GB of 150.75 GB on the fullest GPU
# decode pool: 1 instance of 2 nodes x 8 GPUs on NVIDIA H200 SXM 141GB; 77.73 GB of 150.75 GB on the fullest GPU
# Predicted (roofline cost model): TTFT 690.1 ms, TPOT 49.9 ms, 31,560 output tokens/s (986 per GPU) at 30.82 requests/s; the decode side binds
# KV transfer: 0.07 GB per request, 1.7 ms (1.7 ms in TTFT); objectives all met
# Prefill pool: requests in flight are left to the engine; the token budget bounds a prefill pass
# Left to the engine's defaults:
#   --page-size: 1 token per KV page (64 with some attention backends)
#   --max-prefill-tokens: 16384
#   --quantization: read from the checkpoint's config.json
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
  --deepep-mode normal \
  --mem-fraction-static 0.8 \
  --kv-cache-dtype fp8_e4m3 \
  --chunked-prefill-size 65536 \
  --context-length 3072 \
  --trust-remote-code \
  --host 0.0.0.0 \
  --port 30000 \
  --disaggregation-mode prefill \
  --disaggregation-transfer-backend mooncake \
  --disaggregation-bootstrap-port 8998 \
  --nnodes 2 \
  --dist-init-addr "${HEAD_ADDR}:5000" \
  --node-rank 0
