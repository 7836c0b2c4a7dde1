#!/usr/bin/env bash
# moeplan export: vllm 0.15 (presets/engines/vllm-0.15.yaml), this script: node 0
# Scenario: tests/data/export/mixtral-vllm-8xh100.yaml (mixtral-vllm-8xh100)
# Model: Mixtral-8x7B-v0.1 = mistralai/Mixtral-8x7B-v0.1; 8 x NVIDIA H100 SXM5 80GB in 1 node of 8 GPUs
# Strategy: tp=8 pp=1 dp=1 ep=1 etp=8 (the scenario's strategy); aggregated pool, 1 instance
# Predicted (roofline cost model): TTFT 67.4 ms, TPOT 36.8 ms, 6,946 output tokens/s (868 per GPU) at 256 requests in flight
# Memory: 22.55 GB of 85.52 GB on the fullest GPU; objectives none given
# Left to the engine's defaults:
#   --block-size: KV-cache block of 16 tokens
#   --enable-chunked-prefill: on (SchedulerConfig default)
#   --quantization: read from the checkpoint's config.json
#   --cudagraph-capture-sizes and prefix caching: engine defaults
# `moeplan export --explain` lists each value with the planner quantity it carries.
set -euo pipefail
exec vllm serve mistralai/Mixtral-8x7B-v0.1 \
  --tensor-parallel-size 8 \
  --pipeline-parallel-size 1 \
  --data-parallel-size 1 \
  --gpu-memory-utilization 0.9 \
  --kv-cache-dtype auto \
  --max-num-seqs 256 \
  --max-num-batched-tokens 8192 \
  --max-model-len 1536 \
  --port 8000
