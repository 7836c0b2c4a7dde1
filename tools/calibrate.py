#!/usr/bin/env python3
"""Sweeps cost-model calibration constants over the published serving cases
(tests/data/accuracy/serving_cases.json) and prints the median absolute error
of each setting. Usage: tools/calibrate.py build/moeplan 'key=v1,v2' ..."""
import itertools, json, os, statistics, subprocess, sys, tempfile

binary = sys.argv[1]
grid = [(a.split('=')[0], a.split('=')[1].split(',')) for a in sys.argv[2:]]
cases = json.load(open(os.path.join(os.path.dirname(__file__), '..', 'tests/data/accuracy/serving_cases.json')))
results = []
for values in itertools.product(*[v for _, v in grid]):
    cal = ', '.join(f'{k}: {v}' for (k, _), v in zip(grid, values))
    errors = []
    for c in cases:
        with tempfile.NamedTemporaryFile('w', suffix='.yaml', delete=False) as f:
            f.write(c['scenario'] + (f'calibration: {{{cal}}}\n' if cal else ''))
        out = subprocess.run([binary, 'evaluate', f.name, '--json'], capture_output=True, text=True, check=True).stdout
        os.unlink(f.name)
        predicted = json.loads(out)['performance']['output_tokens_per_s']
        errors.append(predicted / c['published_output_tokens_per_s'] - 1)
    med = statistics.median(abs(e) for e in errors)
    results.append((med, cal, errors))
for med, cal, errors in sorted(results)[:10]:
    print(f'{med:6.3f}  {cal:70s} ' + ' '.join(f'{e:+.2f}' for e in errors))
