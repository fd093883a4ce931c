#!/usr/bin/python3
"""Reference values for the risk-core stats, var/tail and backtest tests (numpy / scipy / mpmath).

Run from the repository root with Debian's python (python3-numpy, python3-scipy, python3-mpmath):

    /usr/bin/python3 packages/risk-core/test/reference/stats_reference.py [PRICES_CSV]

PRICES_CSV defaults to ../shared/data/prices-daily.csv (date,token,close_usd; see its README).
Writes stats_reference.json next to this script. Everything is computed here independently of
the TypeScript code (straight numpy loops / scipy calls / mpmath root finding); the JSON carries
the small inputs the tests need (BTC/ETH/SOL closes of 2024, an exception series) so that the
tests do not read the CSV.
"""
import csv
import json
import math
import os
import sys

import mpmath as mp
import numpy as np
from scipy import special, stats

HERE = os.path.dirname(os.path.abspath(__file__))
CSV = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "../../../../../shared/data/prices-daily.csv")
mp.mp.dps = 40


def f(x):
    """JSON-safe float (None for NaN)."""
    x = float(x)
    return None if math.isnan(x) else x


def load_closes():
    closes = {}
    with open(CSV) as fh:
        for row in csv.DictReader(fh):
            closes.setdefault(row["token"], {})[row["date"]] = float(row["close_usd"])
    return closes


CLOSES = load_closes()


def window(token, start, end):
    ds = sorted(d for d in CLOSES[token] if start <= d <= end)
    return ds, np.array([CLOSES[token][d] for d in ds])


# --- 1. returns, covariance, EWMA, moments on BTC/ETH/SOL 2024 ------------------------------------
TOKENS = ["BTC", "ETH", "SOL"]
dates, _ = window("BTC", "2024-01-01", "2024-12-31")
P = np.column_stack([window(t, "2024-01-01", "2024-12-31")[1] for t in TOKENS])
R = np.log(P[1:] / P[:-1])  # log of the price ratio, as src/stats/returns.ts
T = R.shape[0]
LAM = 0.94

# normalized EWMA: explicit weights w_i = (1-lam) lam^i / (1 - lam^T) on r_{T-1-i} (no recursion)
w = (1 - LAM) * LAM ** np.arange(T) / (1 - LAM**T)
ewma_norm = np.einsum("i,ij,ik->jk", w, R[::-1], R[::-1])
# sample start over the first m returns, then the RiskMetrics recursion, straightforward loop
M = 30
S = R[:M].T @ R[:M] / M
for t in range(M, T):
    S = LAM * S + (1 - LAM) * np.outer(R[t], R[t])
ewma_sample = S
# one-step variance forecasts of BTC, sample start m = 30: out[i] uses returns 0..i-1
btc = R[:, 0]
fc = [None] * (T + 1)
s = float(np.mean(btc[:M] ** 2))
fc[M] = s
for i in range(M, T):
    s = LAM * s + (1 - LAM) * btc[i] ** 2
    fc[i + 1] = s
fc_norm = [None] + [
    float(np.sum((1 - LAM) * LAM ** np.arange(i) * btc[:i][::-1] ** 2) / (1 - LAM**i)) for i in range(1, T + 1)
]

moments = {
    t: {
        "mean": f(np.mean(R[:, j])),
        "variance": f(np.var(R[:, j], ddof=1)),
        "skewness": f(stats.skew(R[:, j], bias=True)),
        "excessKurtosis": f(stats.kurtosis(R[:, j], fisher=True, bias=True)),
    }
    for j, t in enumerate(TOKENS)
}

returns_ref = {
    "tokens": TOKENS,
    "dates": dates,
    "closes": [[f(v) for v in P[:, j]] for j in range(3)],
    "rowsChecked": [0, 1, 100, T - 1],
    "rows": [[f(v) for v in R[i]] for i in [0, 1, 100, T - 1]],
    "columnSums": [f(v) for v in R.sum(axis=0)],
    "count": T,
    "sampleCovariance": [[f(v) for v in row] for row in np.cov(R, rowvar=False, ddof=1)],
    "correlation": [[f(v) for v in row] for row in np.corrcoef(R, rowvar=False)],
    "ewmaNormalized": [[f(v) for v in row] for row in ewma_norm],
    "ewmaSample30": [[f(v) for v in row] for row in ewma_sample],
    "ewmaSample30InitWeight": LAM ** (T - M),
    "forecastIndices": [0, 1, 2, 29, 30, 31, 100, T],
    "btcForecastsSample30": [fc[i] for i in [0, 1, 2, 29, 30, 31, 100, T]],
    "btcForecastsNormalized": [fc_norm[i] for i in [0, 1, 2, 29, 30, 31, 100, T]],
    "moments": moments,
}


# --- 2. distributions ------------------------------------------------------------------------------
def t_cdf_mp(t, nu):
    t, nu = mp.mpf(t), mp.mpf(nu)
    tail = mp.betainc(nu / 2, mp.mpf(1) / 2, 0, nu / (nu + t * t), regularized=True) / 2
    return tail if t < 0 else 1 - tail


def t_ppf_mp(p, nu):
    # root of F(t) = p refined in 40-digit arithmetic from scipy's start (scipy's stdtrit is ~1e-9)
    x0 = float(stats.t.ppf(p, nu))
    if p < 0.5:
        g = lambda t: mp.log(t_cdf_mp(t, nu)) - mp.log(p)
    else:
        g = lambda t: mp.log(1 - t_cdf_mp(t, nu)) - mp.log(1 - mp.mpf(p))
    return solve(g, x0)


def solve(g, x0, raw=False):
    """Secant root of g near x0 in 40-digit arithmetic; checked: |g(root)| < 1e-25 (g is a log-ratio)."""
    x0 = mp.mpf(x0)
    d = abs(x0) * mp.mpf("1e-6") + mp.mpf("1e-12")
    root = mp.findroot(g, (x0 - d, x0 + d), solver="secant", verify=False, tol=mp.mpf("1e-60"), maxsteps=200)
    assert abs(g(root)) < mp.mpf("1e-25"), (x0, root, g(root))
    return root if raw else float(root)


def chi2_ppf_mp(p, k, upper=False):
    x0 = float(stats.chi2.isf(p, k) if upper else stats.chi2.ppf(p, k))
    a = mp.mpf(k) / 2
    if upper:
        g = lambda x: mp.log(mp.gammainc(a, x / 2, mp.inf, regularized=True)) - mp.log(p)
        return solve(g, x0)
    else:
        g = lambda x: mp.log(mp.gammainc(a, 0, x / 2, regularized=True)) - mp.log(p)
    # solve in y = ln x (x spans 1e-48 .. 1e4 here)
    return float(mp.exp(solve(lambda y: g(mp.exp(y)), mp.log(x0), raw=True)))


def t_pdf_mp(t, nu):
    t, nu = mp.mpf(t), mp.mpf(nu)
    return float(mp.exp(mp.loggamma((nu + 1) / 2) - mp.loggamma(nu / 2) - mp.log(nu * mp.pi) / 2 - (nu + 1) / 2 * mp.log1p(t * t / nu)))


def chi2_pdf_mp(x, k):
    x, k = mp.mpf(x), mp.mpf(k)
    return float(mp.exp((k / 2 - 1) * mp.log(x) - x / 2 - (k / 2) * mp.log(2) - mp.loggamma(k / 2)))


NUS = [1, 2, 3, 4.5, 5, 10, 30, 100, 1000, 100000]
TS = [-50, -10, -3, -1.5, -0.1, 0.3, 2, 8, 40]
PS = [1e-12, 1e-6, 0.001, 0.01, 0.05, 0.3, 0.7, 0.95, 0.99, 0.999999]
student_t = {
    "cdf": [{"t": t, "nu": nu, "cdf": f(stats.t.cdf(t, nu)), "sf": f(stats.t.sf(t, nu))} for nu in NUS for t in TS],
    # densities in 40-digit arithmetic: scipy's t.pdf / chi2.pdf lose ~1e-11 for large nu / k
    "pdf": [{"t": t, "nu": nu, "pdf": t_pdf_mp(t, nu)} for nu in NUS for t in TS],
    "quantile": [{"p": p, "nu": nu, "x": t_ppf_mp(p, nu)} for nu in NUS for p in PS],
}
KS = [0.5, 1, 2, 3, 7.5, 10, 50, 250, 10000]
chi_square = {
    "cdf": [
        {"x": x * k, "k": k, "cdf": f(stats.chi2.cdf(x * k, k)), "sf": f(stats.chi2.sf(x * k, k)), "pdf": chi2_pdf_mp(x * k, k)}
        for k in KS
        for x in [0.01, 0.3, 0.9, 1.0, 1.1, 2.0, 5.0, 20.0]
    ],
    "quantile": [{"p": p, "k": k, "x": chi2_ppf_mp(p, k)} for k in KS for p in PS],
    "isf": [{"q": q, "k": k, "x": chi2_ppf_mp(q, k, upper=True)} for k in [1, 2, 10] for q in [1e-20, 1e-8, 0.05]],
}
binomial = [
    {"x": x, "n": n, "p": p, "cdf": f(stats.binom.cdf(x, n, p)), "sf": f(stats.binom.sf(x, n, p))}
    for (n, p) in [(250, 0.01), (500, 0.025), (1000, 0.001)]
    for x in range(0, 16)
]
log_gamma = [{"x": x, "lgamma": f(special.gammaln(x))} for x in [1e-8, 0.1, 0.5, 1, 1.5, 2, 3.7, 9.99, 10, 25.5, 171.3, 1e5, 1e15]]

# Cornish-Fisher: the formula evaluated here, and exact standardized chi-square quantiles for the
# asymptotic-order check (skew sqrt(8/k), excess kurtosis 12/k).
def cf(p, s, k):
    z = stats.norm.ppf(p)
    return z + (z * z - 1) * s / 6 + (z**3 - 3 * z) * k / 24 - (2 * z**3 - 5 * z) * s * s / 36


cornish_fisher = {
    "formula": [{"p": p, "s": s, "k": k, "w": f(cf(p, s, k))} for p in [0.01, 0.05, 0.95, 0.99, 0.999] for (s, k) in [(0, 0), (-0.5, 3.0), (0.3, 1.2), (-1.2, 8.0)]],
    "chiSquare": [
        {"dof": dof, "p": p, "exact": f((stats.chi2.ppf(p, dof) - dof) / math.sqrt(2 * dof)), "s": math.sqrt(8 / dof), "k": 12 / dof}
        for dof in [100, 400, 1600]
        for p in [0.99, 0.999]
    ],
}

# --- 3. tail sample (deterministic LCG, reproduced bit-for-bit in the TS test) ---------------------
def lcg_sample(n, seed):
    state = seed
    losses, contrib = [], []
    scales = [1.0, 2.5, 0.7]
    for _ in range(n):
        c = []
        for k in range(3):
            acc = 0.0
            for _ in range(4):
                state = (48271 * state) % 2147483647
                acc = acc + state / 2147483647
            y = (acc - 2.0) * scales[k]
            c.append(y + 0.25 * y * y * (k - 1))
        contrib.append(c)
        losses.append((c[0] + c[1]) + c[2])
    return np.array(losses), np.array(contrib)


N_TAIL = 10007
loss, C = lcg_sample(N_TAIL, 20240601)
EDGES = np.linspace(-10.0, 10.0, 41)


def tail_ref(loss, C, qs):
    out = []
    for q in qs:
        var = float(np.quantile(loss, q, method="inverted_cdf"))
        sel = loss >= var
        b = np.array_split(loss, 20)
        se = float(np.std([np.quantile(x, q, method="inverted_cdf") for x in b], ddof=1) / math.sqrt(20))
        out.append(
            {
                "confidence": q,
                "var": var,
                "es": f(loss[sel].mean()),
                "tailCount": int(sel.sum()),
                "esContributions": [f(v) for v in C[sel].mean(axis=0)],
                "stdErrVar": se,
                "batchVars": [f(np.quantile(x, q, method="inverted_cdf")) for x in b],
            }
        )
    return out


hist, _ = np.histogram(loss, bins=EDGES)
loss_ties = np.floor(loss * 2) / 2
tail = {
    "n": N_TAIL,
    "seed": 20240601,
    "scales": [1.0, 2.5, 0.7],
    "levels": tail_ref(loss, C, [0.95, 0.975, 0.99, 0.999]),
    "ties": tail_ref(loss_ties, C, [0.95, 0.99]),
    "mean": f(loss.mean()),
    "std": f(loss.std(ddof=1)),
    "min": f(loss.min()),
    "max": f(loss.max()),
    "fsum": math.fsum(loss.tolist()),
    "fsumSquares": math.fsum((loss * loss).tolist()),
    "histogramEdges": [f(e) for e in EDGES],
    "histogramCounts": [int(h) for h in hist],
    "histogramBelow": int((loss < EDGES[0]).sum()),
    "histogramAbove": int((loss > EDGES[-1]).sum()),
}

# exact sums of ill-conditioned data (regenerated bit-for-bit in the TS test: LCG, exact ldexp);
# math.fsum is correctly rounded (Shewchuk partials + half-even fix)
state = 7
hard = []
for _ in range(2000):
    state = (48271 * state) % 2147483647
    u = state / 2147483647
    state = (48271 * state) % 2147483647
    hard.append(math.ldexp(u - 0.5, int(state % 1200) - 600))
hard += [-v for v in reversed(hard[:1000])]  # exact cancellation of the first half: naive sums fail
exact_sum = {"seed": 7, "count": 2000, "cancelFirst": 1000, "fsum": math.fsum(hard), "fsumFirst100": math.fsum(hard[:100]), "naiveSum": sum(hard)}

# --- 4. backtest: BTC 1-day 99% RiskMetrics VaR (EWMA 0.94, sample start 30) over 2020..2024 -------
bd, bp = window("BTC", "2019-11-01", "2024-12-31")
br = np.log(bp[1:] / bp[:-1])
z99 = stats.norm.ppf(0.99)
var_s = np.full(len(br), np.nan)
s = float(np.mean(br[:M] ** 2))
for i in range(M, len(br)):
    var_s[i] = s
    s = LAM * s + (1 - LAM) * br[i] ** 2
start = bd[1:].index("2020-01-01")
ind = [int(-br[i] > z99 * math.sqrt(var_s[i])) for i in range(start, len(br))]


def backtest_ref(ind, conf):
    ind = np.array(ind)
    T = len(ind)
    x = int(ind.sum())
    p = 1 - conf
    # Kupiec through binomial log-likelihoods (binomial coefficient cancels)
    lr_pof = float(2 * (stats.binom.logpmf(x, T, x / T) - stats.binom.logpmf(x, T, p)))
    prev, cur = ind[:-1], ind[1:]
    n00 = int(((prev == 0) & (cur == 0)).sum()); n01 = int(((prev == 0) & (cur == 1)).sum())
    n10 = int(((prev == 1) & (cur == 0)).sum()); n11 = int(((prev == 1) & (cur == 1)).sum())
    pi01 = n01 / (n00 + n01) if n00 + n01 else 0.0
    pi11 = n11 / (n10 + n11) if n10 + n11 else 0.0
    pi = (n01 + n11) / (T - 1)
    xl = special.xlogy
    l_markov = xl(n00, 1 - pi01) + xl(n01, pi01) + xl(n10, 1 - pi11) + xl(n11, pi11)
    l_ind0 = xl(n00 + n10, 1 - pi) + xl(n01 + n11, pi)
    l_p = xl(n00 + n10, 1 - p) + xl(n01 + n11, p)
    lr_ind = float(-2 * (l_ind0 - l_markov))
    lr_cc = float(-2 * (l_p - l_markov))
    return {
        "indicators": "".join(map(str, ind.tolist())),
        "confidence": conf,
        "exceptions": x,
        "observations": T,
        "kupiec": {"statistic": lr_pof, "pValue": f(stats.chi2.sf(lr_pof, 1))},
        "transitions": {"n00": n00, "n01": n01, "n10": n10, "n11": n11},
        "independence": {"statistic": lr_ind, "pValue": f(stats.chi2.sf(lr_ind, 1))},
        "conditionalCoverage": {
            "unconditional": float(-2 * (l_p - l_ind0)),
            "statistic": lr_cc,
            "pValue": f(stats.chi2.sf(lr_cc, 2)),
        },
        "binomialCdf": f(stats.binom.cdf(x, T, p)),
    }


backtest = {
    "description": "BTC 1-day 99% VaR = 2.3263 x EWMA(0.94, sample start 30) vol, loss = -log return; exception if loss > VaR",
    "full": backtest_ref(ind, 0.99),
    "last250": backtest_ref(ind[-250:], 0.99),
}

out = {
    "generatedBy": "packages/risk-core/test/reference/stats_reference.py",
    "versions": {"numpy": np.__version__, "scipy": __import__("scipy").__version__, "mpmath": mp.__version__},
    "returns": returns_ref,
    "studentT": student_t,
    "chiSquare": chi_square,
    "binomial": binomial,
    "logGamma": log_gamma,
    "cornishFisher": cornish_fisher,
    "tail": tail,
    "exactSum": exact_sum,
    "backtest": backtest,
}
with open(os.path.join(HERE, "stats_reference.json"), "w") as fh:
    json.dump(out, fh, separators=(",", ":"))
    fh.write("\n")
print("wrote", os.path.join(HERE, "stats_reference.json"))
