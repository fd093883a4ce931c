#!/usr/bin/python3
"""Prints the constants of src/math/fast-exp.ts: ln2/64 split (36-bit head + tail), 64/ln2 and the
table 2^(j/64), j = 0..63, as correctly rounded head and rounded tail (mpmath, 60 digits).
Run: /usr/bin/python3 test/reference/exp_table.py  (needs python3-mpmath)."""
import mpmath as m

m.mp.dps = 60


def round_bits(v, bits):
    man, ex = m.frexp(v)
    return float(m.floor(man * 2**bits) / 2**bits * 2**ex)


L = m.log(2) / 64
hi = round_bits(L, 36)
print("L_HI", repr(hi), "L_LO", repr(float(L - m.mpf(hi))), "INV_L", repr(float(1 / L)))
heads, tails = [], []
for j in range(64):
    v = m.power(2, m.mpf(j) / 64)
    h = float(v)
    heads.append(repr(h))
    tails.append(repr(float(v - m.mpf(h))))
print("T_HI", ", ".join(heads))
print("T_LO", ", ".join(tails))
