#!/usr/bin/env python3
"""Score `moeplan check` against hand-derived truth (issue 9, item 8).

Usage: python3 tools/score_check.py BINARY DIR [DIR...] [--json]

Each DIR holds NAME.md documents with NAME.expected.json beside them
({"document": "NAME.md", "claims": [{"line", "kind", "verdict", ...}]}).
For every document the script runs `BINARY check DOC --format json` and compares
its findings with the truth:

- a claim or finding is *flagged* when its verdict is `wrong` or `impossible`;
- flagged findings are matched to flagged truth claims on (line, kind), where the
  kind of a finding is the first word of its `quantity` ("experts_per_gpu (total)"
  -> "experts_per_gpu"); duplicates on one line are matched as a multiset;
- recall = matched / flagged truth claims, precision = matched / flagged findings;
- extraction recall = truth claims (any verdict) with a finding of the same
  (line, kind) at all / all truth claims.

Aliases applied before matching, each a name for the same quantity on the two sides:
`moe_layers` counts as `layers` (the checker has one quantity for layer counts). Two
findings may also match a second kind on their line, as the writers' briefs spell the
same quantity two ways: the checker's `experts_per_gpu (total)` matches a truth claim
`experts_total` (scope per GPU) and its `gpu_memory_capacity (usable)` (what the engine
may use of a GPU) a truth claim `other` (the test6 brief files usable memory there) or `memory_per_gpu_total`
(what vLLM or SGLang take of the GPU at start-up is its memory in use), and a
`weights_per_gpu` finding whose reading names a component (one part of the model's weights on a GPU) a truth
claim `other` (the test6-test8 briefs file "bytes of one part of the model on a GPU" there),
when the line has no truth claim of the first kind. Pass --strict to score without second kinds (the figures before
2026-11-30 were scored that way). Scores are printed per document
and per DIR (micro-averaged over its documents). Exit status 0 unless a document
could not be checked at all.
"""
import collections
import json
import os
import subprocess
import sys

FLAGGED = {"wrong", "impossible"}
# The briefs have no kind for a GPU's compute peak ("989 TFLOP/s BF16"): they file it as `other`.
# Nor for a GPU's KV pool ("KV budget per GPU: 45 GB") or the tokens or requests it holds: the checker's `kv_budget`,
# `kv_tokens` and `kv_requests`, filed as `other` too.
ALIASES = {"moe_layers": "layers", "compute_peak": "other", "kv_budget": "other", "kv_tokens": "other",
           "kv_requests": "other"}


STRICT = False


# A finding's quantity -> a second kind it may match on its line (see the docstring).
# What an engine takes of a GPU is also the GPU's memory in use (vLLM and SGLang allocate it at start-up): some briefs
# file "vLLM grabs 0.9 x 80 GB = 72 GB per GPU" as memory_per_gpu_total.
SECOND_KIND = {"experts_per_gpu (total)": "experts_total",
               "gpu_memory_capacity (usable)": ("other", "memory_per_gpu_total"),
               # "MoE layers per stage: 24": the briefs file a stage's MoE layers as moe_layers (scope per_stage).
               "layers_per_stage": "layers"}


def norm_kind(kind):
    kind = kind.split()[0] if kind.split() else kind
    return ALIASES.get(kind, kind)


def finding_kind(f, truth_keys):
    """The kind a finding is scored under: its own, or its second kind when only that is true on its line."""
    own = (f["line"], norm_kind(f["quantity"]))
    second = None if STRICT else SECOND_KIND.get(f["quantity"])
    # One component's weights on a GPU ("routed experts 2.0 GB per GPU"): the briefs file bytes of a part of the
    # model on a GPU as `other`.
    if not STRICT and not second and norm_kind(f["quantity"]) == "weights_per_gpu" and \
            "component " in (f.get("reading") or ""):
        second = "other"
    # What the engine may use of a GPU is never the GPU's memory: the briefs file it under its second kinds, which are
    # tried first even where the line also has a truth claim of the GPU's memory.
    usable_first = f["quantity"] == "gpu_memory_capacity (usable)"
    if second and (own not in truth_keys or usable_first):
        for kind in (second if isinstance(second, tuple) else (second,)):
            if (f["line"], kind) in truth_keys:
                return (f["line"], kind)
    return own


def run_check(binary, doc):
    proc = subprocess.run([binary, "check", doc, "--format", "json"],
                          capture_output=True, text=True, timeout=300)
    try:
        return json.loads(proc.stdout), None
    except json.JSONDecodeError:
        return None, f"exit {proc.returncode}: {proc.stderr.strip()[:300]}"


def matched(a, b):
    return sum(min(n, b[k]) for k, n in a.items())


def ratio(num, den):
    return num / den if den else float("nan")


def score_doc(binary, directory, expected_path):
    truth = json.load(open(expected_path))
    doc = os.path.join(directory, truth["document"])
    report, error = run_check(binary, doc)
    t_all = collections.Counter((c["line"], norm_kind(c["kind"])) for c in truth["claims"])
    t_flag = collections.Counter((c["line"], norm_kind(c["kind"])) for c in truth["claims"]
                                 if c["verdict"] in FLAGGED)
    findings = report["findings"] if report else []
    f_all = collections.Counter(finding_kind(f, t_all) for f in findings)
    f_flag = collections.Counter(finding_kind(f, t_flag if f["verdict"] in FLAGGED else t_all)
                                 for f in findings if f["verdict"] in FLAGGED)
    tp = matched(t_flag, f_flag)
    misses = sorted((t_flag - f_flag).elements())
    false_alarms = sorted((f_flag - t_flag).elements())
    return {
        "document": truth["document"], "error": error,
        "claims": sum(t_all.values()), "found": matched(t_all, f_all),
        "truth_flagged": sum(t_flag.values()), "checker_flagged": sum(f_flag.values()), "tp": tp,
        "misses": misses, "false_alarms": false_alarms,
    }


def summary(rows):
    s = {k: sum(r[k] for r in rows) for k in ("claims", "found", "truth_flagged", "checker_flagged", "tp")}
    s["recall"] = ratio(s["tp"], s["truth_flagged"])
    s["precision"] = ratio(s["tp"], s["checker_flagged"])
    s["extraction_recall"] = ratio(s["found"], s["claims"])
    return s


def line(name, s):
    return (f"{name:44s} claims {s['claims']:4d}  flagged truth {s['truth_flagged']:3d}  "
            f"checker {s['checker_flagged']:3d}  matched {s['tp']:3d}  recall {s['recall']:.2f}  "
            f"precision {s['precision']:.2f}  extraction {s['extraction_recall']:.2f}")


def main(argv):
    global STRICT
    as_json = "--json" in argv
    STRICT = "--strict" in argv
    argv = [a for a in argv if a not in ("--json", "--strict")]
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    binary, dirs = argv[0], argv[1:]
    out, failed = {}, False
    for directory in dirs:
        rows = []
        for name in sorted(os.listdir(directory)):
            if name.endswith(".expected.json"):
                row = score_doc(binary, directory, os.path.join(directory, name))
                row.update(summary([row]))
                rows.append(row)
                failed |= row["error"] is not None
        out[directory] = {"documents": rows, "total": summary(rows)}
    if as_json:
        print(json.dumps(out, indent=1))
    else:
        for directory, res in out.items():
            print(f"== {directory}")
            for r in res["documents"]:
                print(line(r["document"], r))
                if r["error"]:
                    print(f"   ERROR {r['error']}")
                if r["misses"]:
                    print("   missed:       " + ", ".join(f"{l}:{k}" for l, k in r["misses"]))
                if r["false_alarms"]:
                    print("   false alarms: " + ", ".join(f"{l}:{k}" for l, k in r["false_alarms"]))
            print(line("TOTAL " + directory, res["total"]))
            print()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
