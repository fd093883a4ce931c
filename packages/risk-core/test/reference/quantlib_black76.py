#!/usr/bin/python3
"""Independent Black-76 reference values from QuantLib 1.29 (Debian's quantlib-python).

Writes test/reference/black76-quantlib.json, read by test/reference/black76-quantlib.test.ts.

Sources per field:
  price  QuantLib BlackCalculator(PlainVanillaPayoff, F, sigma*sqrt(T), e^{-rT}).value()
         (ql.blackFormula with stdDev 0 for T = 0)
  delta  BlackCalculator.deltaForward()          dPrice/dF
  gamma  BlackCalculator.gammaForward()          d2Price/dF2
  vega   BlackCalculator.vega(T) / 100           per vol point
  theta  closed form in scipy (QuantLib's theta assumes spot dynamics, not a fixed forward):
         theta = (r P - e^{-rT} F n(d1) sigma / (2 sqrt T)) / 365, P from QuantLib
  impliedVol  ql.blackFormulaImpliedStdDev(type, K, F, P, e^{-rT}, 0, guess, 1e-15, 1000) / sqrt(T)
         for well-conditioned prices (time value > 1e-6 F) only

Run:  /usr/bin/python3 test/reference/quantlib_black76.py   (from packages/risk-core)
Needs: apt-get install -y quantlib-python python3-numpy python3-scipy
"""
import json
import math
import os

import numpy as np
import QuantLib as ql
from scipy.stats import norm

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "black76-quantlib.json")


def case(kind, F, K, T, vol, r):
    qtype = ql.Option.Call if kind == "call" else ql.Option.Put
    D = math.exp(-r * T)
    row = {"type": kind, "forward": F, "strike": K, "expiryYears": T, "vol": vol, "rate": r}
    if T == 0:
        row["price"] = ql.blackFormula(qtype, K, F, 0.0, D)
        return row
    sd = vol * math.sqrt(T)
    calc = ql.BlackCalculator(ql.PlainVanillaPayoff(qtype, K), F, sd, D)
    price = calc.value()
    d1 = math.log(F / K) / sd + 0.5 * sd
    row.update(
        price=price,
        delta=calc.deltaForward(),
        gamma=calc.gammaForward(),
        vega=calc.vega(T) / 100.0,
        theta=(r * price - D * F * norm.pdf(d1) * vol / (2 * math.sqrt(T))) / 365.0,
    )
    intrinsic = D * max(F - K, 0.0) if kind == "call" else D * max(K - F, 0.0)
    if price - intrinsic > 1e-6 * F:
        row["impliedVol"] = (
            ql.blackFormulaImpliedStdDev(qtype, K, F, price, D, 0.0, ql.nullDouble(), 1e-15, 1000) / math.sqrt(T)
        )
    return row


def main():
    rng = np.random.default_rng(20251126)
    rows = []
    # 320 random cases over the product's range (same spirit as shared/bench/reference_numpy.py).
    for _ in range(320):
        kind = "call" if rng.random() < 0.5 else "put"
        F = float(np.exp(rng.uniform(np.log(0.5), np.log(150000))))
        K = float(F * np.exp(rng.uniform(np.log(0.2), np.log(5.0))))
        T = float(np.exp(rng.uniform(np.log(1 / 365), np.log(5.0))))
        vol = float(rng.uniform(0.05, 3.0))
        r = float(rng.uniform(-0.02, 0.10))
        rows.append(case(kind, F, K, T, vol, r))
    # At the money, short and long, low and high vol.
    for T in (1 / 365, 7 / 365, 0.25, 1.0, 5.0):
        for vol in (0.05, 0.8, 3.0):
            for kind in ("call", "put"):
                rows.append(case(kind, 30000.0, 30000.0, T, vol, 0.03))
    # Far from the money and short expiries, where F N(d1) - K N(d2) cancels.
    for K in (500.0, 2500.0, 20000.0, 40000.0, 50000.0):
        for T, vol in ((1 / 365, 0.5), (2 / 365, 1.2), (30 / 365, 0.3), (1 / 365 / 24, 0.8)):
            for kind in ("call", "put"):
                rows.append(case(kind, 10000.0, K, T, vol, 0.05))
    # Expiry: intrinsic value.
    for K in (90.0, 100.0, 110.0):
        for kind in ("call", "put"):
            rows.append(case(kind, 100.0, K, 0.0, 0.5, 0.03))
    doc = {
        "source": "QuantLib %s BlackCalculator / blackFormula / blackFormulaImpliedStdDev; theta closed form (scipy %s)"
        % (ql.__version__, __import__("scipy").__version__),
        "generator": "test/reference/quantlib_black76.py",
        "cases": rows,
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print("wrote %d cases to %s" % (len(rows), OUT))


if __name__ == "__main__":
    main()
