#!/usr/bin/python3
"""Coefficients of the WebAssembly SIMD Black-76 kernel (assembly/phases.ts), derived for DTE.

  /usr/bin/python3 assembly/coefficients.py        # prints the constants (copied into assembly/constants.ts)
                                                  # and the measured double-precision errors (mpmath, numpy)

1. exp(r) = 1 + r + r^2 g(r) on |r| <= ln2/2: g is the Chebyshev interpolant (near-minimax) of degree 9
   of (e^r - 1 - r)/r^2 (mpmath.chebyfit at 60 digits).
2. ln(m) = 2u + 2u w G(w), u = (m-1)/(m+1), w = u^2 <= ((sqrt2-1)/(sqrt2+1))^2 for m in [sqrt(1/2), sqrt2]:
   G is the Chebyshev interpolant of degree 8 of (atanh(u)/u - 1)/w.
3. erfcx(y) = exp(y^2) erfc(y) on 0 <= y <= 27.5 as ONE rational function P9(y)/Q10(y) (relative
   error), fitted by linearised least squares with Sanathanan-Koerner reweighting and Lawson's
   minimax weights on 300 Chebyshev points of [0, 28] (60-digit arithmetic). erfcx behaves like
   1/(sqrt(pi) y) for large y, hence deg Q = deg P + 1; no branch is needed between the small, middle
   and asymptotic ranges of Cody's three approximations.
"""
import math
import mpmath as mp
import numpy as np

mp.mp.dps = 60


def cheb(f, a, b, deg):
    poly, err = mp.chebyfit(f, [a, b], deg + 1, error=True)
    return [float(c) for c in poly[::-1]], float(err)  # ascending powers


def exp_coeffs():
    h = mp.log(2) / 2
    g = lambda r: (mp.exp(r) - 1 - r) / r**2 if r != 0 else mp.mpf(1) / 2
    return cheb(g, -h, h, 9)


def log_coeffs():
    wmax = ((mp.sqrt(2) - 1) / (mp.sqrt(2) + 1)) ** 2
    G = lambda w: (mp.atanh(mp.sqrt(w)) / mp.sqrt(w) - 1) / w if w != 0 else mp.mpf(1) / 3
    return cheb(G, mp.mpf(0), wmax, 8)


def erfcx(y):
    return mp.exp(y * y) * mp.erfc(y)


def rational_fit(f, a, b, m, n, npts=300, iters=25, scale=4):
    scale = mp.mpf(scale)
    ys = [mp.mpf(a) + (mp.mpf(b) - a) * (1 - mp.cos(mp.pi * (i + mp.mpf(0.5)) / npts)) / 2 for i in range(npts)]
    fs = [f(y) for y in ys]
    w = [mp.mpf(1) / npts] * npts
    qprev = [mp.mpf(1)] * npts
    best = None
    for it in range(iters):
        A = mp.matrix(npts, m + n + 1)
        B = mp.matrix(npts, 1)
        for i, (y, fv) in enumerate(zip(ys, fs)):
            s = mp.sqrt(w[i]) / (fv * qprev[i])
            t = y / scale
            for k in range(m + 1):
                A[i, k] = s * t**k
            for k in range(1, n + 1):
                A[i, m + k] = -s * fv * t**k
            B[i] = s * fv
        x = mp.lu_solve(A.T * A, A.T * B)
        p = [x[k] for k in range(m + 1)]
        q = [mp.mpf(1)] + [x[m + k] for k in range(1, n + 1)]
        errs = []
        for i, (y, fv) in enumerate(zip(ys, fs)):
            t = y / scale
            Q = mp.polyval(q[::-1], t)
            errs.append(mp.polyval(p[::-1], t) / Q / fv - 1)
            qprev[i] = Q
        e = max(abs(v) for v in errs)
        if best is None or e < best[0]:
            best = (e, p, q)
        if it >= 3:
            w = [w[i] * abs(errs[i]) for i in range(npts)]
            sw = sum(w)
            w = [v / sw for v in w]
    e, p, q = best
    # fold the scale into the coefficients: coefficient of y^k is c_k / scale^k
    return float(e), [float(c / scale**k) for k, c in enumerate(p)], [float(c / scale**k) for k, c in enumerate(q)]


def horner(c, x):
    r = np.full_like(x, c[-1])
    for v in c[-2::-1]:
        r = r * x + v
    return r


def main():
    g, ge = exp_coeffs()
    G, Ge = log_coeffs()
    re, P, Q = rational_fit(erfcx, 0, 28, 9, 10)
    # double-precision check of the rational on a dense grid
    ys = np.linspace(0, 27.5, 20001)
    approx = horner(P, ys) / horner(Q, ys)
    worst = max(abs(float(a) / float(erfcx(mp.mpf(float(y)))) - 1) for a, y in zip(approx, ys))
    print(f"// exp: g of degree 9, interpolation error {ge:.2e}")
    for k, c in enumerate(g):
        print(f"const EXP_G{k}: f64 = {c!r};")
    print(f"// log: G of degree 8, interpolation error {Ge:.2e}")
    for k, c in enumerate(G):
        print(f"const LOG_G{k}: f64 = {c!r};")
    print(f"// erfcx: P9/Q10, fit error {re:.2e}, evaluated in double (Horner) on [0, 27.5]: {worst:.2e}")
    for k, c in enumerate(P):
        print(f"const ERFCX_P{k}: f64 = {c!r};")
    for k, c in enumerate(Q):
        print(f"const ERFCX_Q{k}: f64 = {c!r};")


if __name__ == "__main__":
    main()
