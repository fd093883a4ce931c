#!/usr/bin/python3
"""High-precision reference values (mpmath, 60 significant digits) for the math and normalised-Black
tests. Writes test/reference/mpmath-reference.json. Every argument is a double chosen here and stored
as such, so the references are exact for the stored arguments (no argument rounding in the test).

Run:  /usr/bin/python3 test/reference/mpmath_reference.py   (from packages/risk-core)
Needs: apt-get install -y python3-mpmath
"""
import json
import os

import mpmath as mp

mp.mp.dps = 60
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mpmath-reference.json")


def f(v):
    """Round an mpf to the nearest double (as a JSON number)."""
    return float(v)


def main():
    xs = [x / 8 for x in range(-38 * 8, 9 * 8 + 1)] + [-37.5, -38.0, -38.4, -7.123456789, -1.5e-9, 1e-300, 3.3]
    normal = [{"x": x, "cdf": f(mp.ncdf(x)), "pdf": f(mp.npdf(x))} for x in xs]

    ps = [10.0**-e for e in (300, 250, 200, 150, 100, 50, 30, 20, 15, 10, 8, 6, 4, 3, 2)]
    ps += [0.01 * k + 0.005 for k in range(0, 100)]
    ps += [1 - 10.0**-e for e in (2, 4, 6, 8, 10, 12, 14)]
    quantiles = []
    for p in ps:
        # Solve ln N(x) = ln p (relative accuracy in the deep tail); start from the asymptotic root.
        lp = mp.log(mp.mpf(p))
        start = mp.sqrt(2) * mp.erfinv(2 * mp.mpf(p) - 1) if 1e-15 < p < 1 - 1e-15 else -mp.sqrt(-2 * lp)
        x = mp.findroot(lambda z: mp.log(mp.ncdf(z)) - lp, start, tol=mp.mpf(10) ** -50)
        quantiles.append({"p": p, "x": f(x)})

    ys = [y / 16 for y in range(-5 * 16, 27 * 16)] + [0.46875, 0.46876, 4.0, 4.0001, 26.5, 100.0, 1e5]
    erf_rows = []
    for y in ys:
        yy = mp.mpf(y)
        row = {"y": y, "erf": f(mp.erf(yy)), "erfc": f(mp.erfc(yy))}
        if y > -26:
            row["erfcx"] = f(mp.exp(yy * yy) * mp.erfc(yy))
        erf_rows.append(row)

    black = []
    for x in (0.0, -1e-8, -1e-4, -0.01, -0.1, -0.5, -1.0, -2.0, -5.0, -12.0, -30.0):
        for ls in [k / 4 for k in range(-24, 6)]:
            s = 10.0**ls
            xm, sm = mp.mpf(x), mp.mpf(s)
            b = mp.exp(xm / 2) * mp.ncdf(xm / sm + sm / 2) - mp.exp(-xm / 2) * mp.ncdf(xm / sm - sm / 2)
            if b < mp.mpf("1e-300"):
                continue
            c = mp.exp(xm / 2) * mp.ncdf(-(xm / sm + sm / 2)) + mp.exp(-xm / 2) * mp.ncdf(xm / sm - sm / 2)
            vega = mp.exp(-((xm / sm) ** 2 + (sm / 2) ** 2) / 2) / mp.sqrt(2 * mp.pi)
            black.append({"x": x, "s": s, "b": f(b), "complement": f(c), "cond": f(vega * sm / b)})

    # exp on an irrational-step grid over the normal range (for the table-driven expFast).
    exps = []
    for k in range(2001):
        x = -707.5 + k * 0.70710678118654752 * 1.0001
        if x > 708.5:
            break
        exps.append({"x": x, "exp": f(mp.exp(x))})
    for k in range(-400, 401):
        x = k * 0.0013717421124828532
        exps.append({"x": x, "exp": f(mp.exp(x))})

    doc = {
        "source": "mpmath %s at %d digits" % (mp.__version__, mp.mp.dps),
        "generator": "test/reference/mpmath_reference.py",
        "normal": normal,
        "quantiles": quantiles,
        "erf": erf_rows,
        "normalisedBlack": black,
        "exp": exps,
    }
    with open(OUT, "w") as fh:
        json.dump(doc, fh, indent=0)
        fh.write("\n")
    print("wrote", OUT, len(normal), len(quantiles), len(erf_rows), len(black))


if __name__ == "__main__":
    main()
