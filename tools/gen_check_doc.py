#!/usr/bin/env python3
"""Write a large deployment document for measuring `moeplan check` (issue 13: 50 MB).

Usage: python3 tools/gen_check_doc.py MEGABYTES OUT.md

The document is the seed's front matter (tests/data/check/seed_original.md: the
scenario every copy is checked against), then the bodies of the fixture and blind
documents (tests/data/check/*.md, then tests/data/check/blind/*/*.md, front matter
removed), repeated until OUT.md holds MEGABYTES * 2^20 bytes. From the second copy on,
about one number in four is changed to another of the same shape (a seeded generator:
the same arguments write the same bytes), so the copies differ and many claims are wrong.
Sections name other models, alternatives and other layouts, as the fixtures do: their
plans are part of what is measured.

bench/check_bench.cc (BM_Check_*) generates the same bytes in C++; keep the two alike.
"""
import glob
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
MASK = (1 << 64) - 1


class Lcg:
    """64-bit linear congruential generator (Knuth's MMIX constants); 31 bits a draw."""

    def __init__(self, seed):
        self.state = seed

    def next(self):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & MASK
        return self.state >> 33


def word_char(c):
    return c.isascii() and (c.isalnum() or c == "_")


def body(text):
    """The document without its YAML front matter."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            return text[end + 5:]
    return text


def perturb(text, rng):
    """Numbers standing alone ("32", "0.74"; not "H100", "v0.6.3" or "1.5x"): one in four changed."""
    out = []
    i, n = 0, len(text)
    while i < n:
        if not ("0" <= text[i] <= "9"):
            out.append(text[i])
            i += 1
            continue
        j = i
        while j < n and "0" <= text[j] <= "9":
            j += 1
        k = j
        if k + 1 < n and text[k] == "." and "0" <= text[k + 1] <= "9":
            k += 1
            while k < n and "0" <= text[k] <= "9":
                k += 1
        alone = ((i == 0 or (not word_char(text[i - 1]) and text[i - 1] != "."))
                 and (k == n or (not word_char(text[k]) and text[k] != ".")) and j - i <= 9)
        if not alone or rng.next() % 4 != 0:
            out.append(text[i:k])
            i = k
            continue
        whole = int(text[i:j])
        half = whole // 2  # C++ integer division; whole >= 0
        steps = [-3, -2, -1, 1, 2, 3, whole, -half]
        out.append(str(max(1, whole + steps[rng.next() % 8])))
        out.append(text[j:k])
        i = k
    return "".join(out)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    target = int(float(argv[1]) * (1 << 20))
    with open(os.path.join(ROOT, "tests/data/check/seed_original.md"), encoding="utf-8", newline="") as f:
        seed = f.read()
    paths = sorted(glob.glob(os.path.join(ROOT, "tests/data/check/*.md")))
    paths += sorted(glob.glob(os.path.join(ROOT, "tests/data/check/blind/*/*.md")))
    bodies = []
    for p in paths:
        with open(p, encoding="utf-8", newline="") as f:
            bodies.append(body(f.read()).rstrip("\n") + "\n\n")
    out = [seed[: len(seed) - len(body(seed))]]
    size = len(out[0].encode("utf-8"))
    rng = Lcg(1)
    copy = 0
    while size < target:
        for b in bodies:
            text = b if copy == 0 else perturb(b, rng)
            out.append(text)
            size += len(text.encode("utf-8"))
            if size >= target:
                break
        copy += 1
    with open(argv[2], "w", encoding="utf-8", newline="") as f:
        f.write("".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
