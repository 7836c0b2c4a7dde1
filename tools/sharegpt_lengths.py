#!/usr/bin/env python3
"""Prints the ShareGPT length table of src/model/length_distribution.cc.

Input: the per-request (prompt, completion) token counts the vLLM paper used,
datasets/sharegpt_opt_text_completion_length.pkl of its SOSP'23 artifact
(github.com/sosp-ae-39/sosp-ae-astra, blob 7b73c93b8fe66f7fc6954dc0f096b65f0a920c95):
the first round of 84,226 ShareGPT conversations, OPT tokenizer. vLLM's serving
benchmark filter is applied (vllm/benchmarks/datasets.py, is_valid_sequence:
drop prompt or output < 4 tokens, prompt > 1024, prompt + output > 2048).

Requests are sorted by output length and cut into bins by share of requests
(1% each, finer in the top 1%); each row is a bin's upper share, its mean
output and its mean input. Usage: tools/sharegpt_lengths.py FILE.pkl"""
import pickle, sys

pairs = pickle.load(open(sys.argv[1], 'rb'))
kept = sorted(((i, o) for i, o in pairs if i >= 4 and o >= 4 and i <= 1024 and i + o <= 2048), key=lambda p: (p[1], p[0]))
n = len(kept)
edges = [k / 100 for k in range(1, 100)] + [0.995, 0.999, 1.0]
print(f'// {len(pairs)} requests, {n} kept; mean input {sum(p[0] for p in kept) / n:.2f}, mean output {sum(p[1] for p in kept) / n:.2f}')
lo = 0
for e in edges:
    hi = round(e * n)
    b = kept[lo:hi]
    print(f'    {{{e:.3f}, {sum(p[1] for p in b) / len(b):.1f}, {sum(p[0] for p in b) / len(b):.1f}}},')
    lo = hi
