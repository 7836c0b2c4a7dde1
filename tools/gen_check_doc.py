#!/usr/bin/env python3
"""Write a large deployment document for measuring `moeplan check` (issue 13: 50 MB).

Usage: python3 tools/gen_check_doc.py MEGABYTES OUT.md [--seed N]

The document is the seed's front matter (tests/data/check/seed_original.md: the
scenario every copy is checked against) followed by the bodies of the fixture
documents (tests/data/check/*.md and tests/data/check/blind/*/*.md, front matter
removed), repeated until OUT.md holds MEGABYTES * 2^20 bytes. From the second copy on,
about one number in four is changed (a seeded generator: the same arguments write the
same bytes), so the copies are not identical and many claims come out wrong. Sections
name other models, alternatives and other layouts, as the fixtures do: their plans are
part of what is measured.
"""
import glob
import os
import random
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
NUMBER = re.compile(r"(?<![\w.])(\d+)(\.\d+)?(?![\w.])")


def body(text):
    """The document without its YAML front matter."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            return text[end + 5:]
    return text


def perturb(text, rng):
    """About one number in four replaced by another of the same shape."""
    def repl(m):
        if rng.random() >= 0.25:
            return m.group(0)
        whole = int(m.group(1))
        new = max(1, whole + rng.choice([-3, -2, -1, 1, 2, 3, whole, -(whole // 2)]))
        return str(new) + (m.group(2) or "")
    return NUMBER.sub(repl, text)


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    megabytes = float(argv[1])
    out_path = argv[2]
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 1
    rng = random.Random(seed)
    with open(os.path.join(ROOT, "tests/data/check/seed_original.md"), encoding="utf-8") as f:
        seed_doc = f.read()
    front = seed_doc[: len(seed_doc) - len(body(seed_doc))]
    paths = sorted(glob.glob(os.path.join(ROOT, "tests/data/check/*.md")))
    paths += sorted(glob.glob(os.path.join(ROOT, "tests/data/check/blind/*/*.md")))
    bodies = []
    for p in paths:
        with open(p, encoding="utf-8") as f:
            bodies.append(body(f.read()).rstrip("\n") + "\n\n")
    target = int(megabytes * (1 << 20))
    written = 0
    copy = 0
    with open(out_path, "w", encoding="utf-8", newline="\n") as out:
        out.write(front)
        written += len(front.encode("utf-8"))
        while written < target:
            for b in bodies:
                text = b if copy == 0 else perturb(b, rng)
                out.write(text)
                written += len(text.encode("utf-8"))
                if written >= target:
                    break
            copy += 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
